package io.cryptoflow.simulator.rest;

import java.util.Map;

/**
 * Bitget v2 candle granularities. Source: Bitget API docs, "Get Candle Data" (USDT-M futures,
 * https://www.bitget.com/api-doc/contract/market/Get-Candle-Data): {@code 6H}, {@code 12H} and
 * {@code 1D} open at 00:00 UTC+8 (16:00 UTC); their UTC-grid twins are {@code 6Hutc}, {@code 12Hutc},
 * {@code 1Dutc}; public client code maps a UTC {@code 1d} to {@code 1Dutc} (e.g. mohora11/kro-report
 * com/bizconst.go). Minutes and 1H/4H are on the UTC grid either way.
 *
 * @param recentWindowDays how far back {@code /candles} serves this granularity; 0 = no limit known
 */
record BitgetGranularity(long intervalMs, long offsetMs, int recentWindowDays) {

    private static final long MINUTE = 60_000L;
    private static final long UTC_PLUS_8 = -8 * 60 * MINUTE;

    /**
     * Recent-endpoint windows: the docs say about 30 days for 1m-5m, 52 for 15m, 62 for 30m, 83 for 1H,
     * 120 for 2H, 240 for 4H, 360 for 6H; ccxt measured less and hard-codes 30 days for 15m and 60 for
     * 1H (bitget.ts, options.fetchOHLCV.maxRecentDaysPerTimeframe: 30 for 1m, 5m, 15m and 30m, 60 for 1H). The simulator takes the stricter
     * figure where the two disagree, so a client that trusts the documented window fails here first.
     */
    static final Map<String, BitgetGranularity> CODES = Map.ofEntries(
            Map.entry("1m", new BitgetGranularity(MINUTE, 0, 30)),
            Map.entry("3m", new BitgetGranularity(3 * MINUTE, 0, 30)),
            Map.entry("5m", new BitgetGranularity(5 * MINUTE, 0, 30)),
            Map.entry("15m", new BitgetGranularity(15 * MINUTE, 0, 30)),
            Map.entry("30m", new BitgetGranularity(30 * MINUTE, 0, 30)),
            Map.entry("1H", new BitgetGranularity(60 * MINUTE, 0, 60)),
            Map.entry("2H", new BitgetGranularity(120 * MINUTE, 0, 120)),
            Map.entry("4H", new BitgetGranularity(240 * MINUTE, 0, 240)),
            Map.entry("6H", new BitgetGranularity(360 * MINUTE, UTC_PLUS_8, 360)),
            Map.entry("6Hutc", new BitgetGranularity(360 * MINUTE, 0, 360)),
            Map.entry("12H", new BitgetGranularity(720 * MINUTE, UTC_PLUS_8, 0)),
            Map.entry("12Hutc", new BitgetGranularity(720 * MINUTE, 0, 0)),
            Map.entry("1D", new BitgetGranularity(1440 * MINUTE, UTC_PLUS_8, 0)),
            Map.entry("1Dutc", new BitgetGranularity(1440 * MINUTE, 0, 0)));
}
