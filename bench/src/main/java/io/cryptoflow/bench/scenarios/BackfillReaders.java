package io.cryptoflow.bench.scenarios;

import io.cryptoflow.bench.load.WrkRun;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The readers of backfill-busy's third case: wrk, 16 connections, each request a random futures
 * market of the default config, a random timeframe of the seven and a random {@code before} over
 * the history window, limit=500 (resource {@code wrk/random-reads.lua}); in 10 s slices while the
 * backfill runs, then the same load idle for the reference p99.
 */
final class BackfillReaders {

    static final int CONNECTIONS = 16;
    static final Duration SLICE = Duration.ofSeconds(10);
    /** The futures markets of collector/config.yml (the API names them by exchange: binance, bybit, bitget). */
    static final String MARKETS = "binance:btcusdt,binance:ethusdt,binance:solusdt,binance:bnbusdt,bybit:btcusdt,"
            + "bybit:ethusdt,bybit:solusdt,bitget:btcusdt,bitget:ethusdt,bitget:solusdt";
    static final String TFS = "1,5,15,30,60,240,1440";
    /** The paced readers' pause after each answer (resource {@code wrk/paced.lua}). */
    static final int PACED_MILLIS = 250;

    /** One wrk run; {@code backfillRunningAtEnd}: the backfill had not completed when it ended. */
    record Slice(String phase, boolean backfillRunningAtEnd, WrkRun.Result result) {
    }

    private final Path scratch;
    private final String apiBase;
    private final List<String> scriptArgs;
    private final List<String> scripts;

    /** @param paced each connection waits {@link #PACED_MILLIS} after every answer; else a closed loop */
    BackfillReaders(Path scratch, String apiBase, int days, boolean paced) {
        this.scratch = scratch;
        this.scripts = paced ? List.of("random-reads.lua", "paced.lua") : List.of("random-reads.lua");
        this.apiBase = apiBase;
        long now = System.currentTimeMillis();
        this.scriptArgs = List.of(MARKETS, Long.toString(now - days * 86_400_000L), Long.toString(now), TFS);
    }

    /** Waits until every market read has candles: before its first ones, the API answers an empty page ("collecting"). */
    void awaitFirstCandles(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (String market : MARKETS.split(",")) {
            String[] m = market.split(":");
            CompareHttp.awaitCandles(apiBase + "/api/candles?exchange=" + m[0] + "&symbol=" + m[1] + "&tf=15&limit=1",
                    Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
        }
    }

    /** Slices of load until the backfill completes or {@code deadlineNanos} (System.nanoTime) passes. */
    List<Slice> duringBackfill(BackfillClock clock, long deadlineNanos) throws Exception {
        List<Slice> slices = new ArrayList<>();
        for (int i = 0; !clock.done() && System.nanoTime() < deadlineNanos; i++) {
            WrkRun.Result r = once();
            slices.add(new Slice("backfill, readers' " + (i * SLICE.toSeconds()) + "-" + ((i + 1) * SLICE.toSeconds()) + " s",
                    !clock.done(), r));
        }
        return slices;
    }

    Slice idle(String phase) throws Exception {
        return new Slice(phase, false, once());
    }

    private WrkRun.Result once() throws Exception {
        return WrkRun.run(URI.create(apiBase), CONNECTIONS, SLICE, List.of(), scripts, scriptArgs,
                scratch);
    }
}
