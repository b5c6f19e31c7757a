package io.cryptoflow.collector.exchange.bitget;


import static org.assertj.core.api.Assertions.assertThat;

import io.cryptoflow.common.Timeframe;
import java.net.URI;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class BitgetMarketTest {

    private static final long NOW = Instant.parse("2026-11-20T10:37:00Z").toEpochMilli();
    private static final long DAY = 86_400_000L;
    private final BitgetMarket market = new BitgetMarket("http://bitget.test/");

    @Test
    void dailyBarsAskForTheUtcGrid() {
        assertThat(BitgetMarket.granularity(Timeframe.D1)).isEqualTo("1Dutc");
        assertThat(market.klinesUri("BTCUSDT", Timeframe.D1, null, null, 5, NOW).getQuery()).contains("granularity=1Dutc");
    }

    @Test
    void inclusiveEndIsSentAsBitgetsExclusiveEndTime() {
        long end = NOW - DAY;
        URI uri = market.klinesUri("BTCUSDT", Timeframe.H1, end - 3_600_000L * 10, end, 1000, NOW);
        assertThat(uri.getPath()).isEqualTo("/api/v2/mix/market/candles");
        assertThat(uri.getQuery()).contains("&endTime=" + (end + 1)).contains("&startTime=" + (end - 36_000_000L));
    }

    @Test
    void pagesOlderThanTheRecentWindowUseHistoryCandlesWith200Rows() {
        long end = NOW - 40 * DAY;
        URI uri = market.klinesUri("BTCUSDT", Timeframe.M15, end - DAY, end, 1000, NOW);
        assertThat(uri.getPath()).isEqualTo("/api/v2/mix/market/history-candles");
        assertThat(uri.getQuery()).endsWith("&limit=200");
        assertThat(market.pageLimit(Timeframe.M15, end - DAY, end, NOW)).isEqualTo(200);
        // an old start but a recent end: the newest 1000 bars lie inside the window, /candles serves them
        assertThat(market.pageLimit(Timeframe.M15, NOW - 89 * DAY, NOW, NOW)).isEqualTo(1000);
    }

    @Test
    void neverSendsASpanOverNinetyDays() {
        URI uri = market.klinesUri("BTCUSDT", Timeframe.D1, NOW - 200 * DAY, NOW, 200, NOW);
        String q = uri.getQuery();
        long start = Long.parseLong(q.replaceAll(".*startTime=(\\d+).*", "$1"));
        long end = Long.parseLong(q.replaceAll(".*endTime=(\\d+).*", "$1"));
        assertThat(end - start).isLessThanOrEqualTo(90 * DAY);
        assertThat(market.maxSpanMillis()).isEqualTo(90 * DAY);
    }
}
