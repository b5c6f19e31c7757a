package io.cryptoflow.api.db;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cryptoflow.api.render.RenderCache;
import io.cryptoflow.api.render.RenderedCandle;
import io.cryptoflow.common.Timeframe;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** Renders real SQLite rows (in-memory database, the API's column list). */
class CandleRendererTest {

    static final ObjectMapper JSON = new ObjectMapper();

    static RenderedCandle render(String values) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite::memory:"); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (time INTEGER, rev INTEGER, open REAL, high REAL, low REAL, close REAL, volume REAL,"
                    + " buy_volume REAL, sell_volume REAL, delta REAL, trade_count INTEGER, clusters TEXT, closed INTEGER)");
            s.execute("INSERT INTO t VALUES (" + values + ")");
            try (ResultSet rs = s.executeQuery("SELECT " + CandleRenderer.COLUMNS + " FROM t")) {
                rs.next();
                return new CandleRenderer().render(rs, rs.getLong(1), rs.getLong(2));
            }
        }
    }

    static String text(RenderedCandle c, boolean clusters) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        c.writeTo(out, clusters);
        assertThat(out.size()).isEqualTo(c.size(clusters));
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void theServedShapeWithEveryFieldInOrder() throws Exception {
        RenderedCandle c = render("1700000000000, 9, 100.5, 101, 99.25, 100, 12.5, 7.5, 5, 2.5, 42,"
                + " '{\"100.5\":{\"buy\":1,\"sell\":2}}', 1");
        assertThat(text(c, true)).isEqualTo("{\"time\":1700000000000,\"open\":100.5,\"high\":101.0,\"low\":99.25,"
                + "\"close\":100.0,\"volume\":12.5,\"buyVolume\":7.5,\"sellVolume\":5.0,\"delta\":2.5,\"tradeCount\":42,"
                + "\"clusters\":{\"100.5\":{\"buy\":1,\"sell\":2}},\"closed\":true,\"tradesComplete\":true}");
        assertThat(text(c, false)).isEqualTo("{\"time\":1700000000000,\"open\":100.5,\"high\":101.0,\"low\":99.25,"
                + "\"close\":100.0,\"volume\":12.5,\"buyVolume\":7.5,\"sellVolume\":5.0,\"delta\":2.5,\"tradeCount\":42,"
                + "\"closed\":true,\"tradesComplete\":true}");
        assertThat(c.rev()).isEqualTo(9);
        assertThat(c.closed()).isTrue();
    }

    @Test
    void unknownValuesAreNullNeverZeroAndRealZerosStayZero() throws Exception {
        JsonNode n = JSON.readTree(text(render("1, 1, 1, 1, 1, 1, 0, NULL, NULL, NULL, NULL, NULL, 0"), true));
        assertThat(n.get("volume").isDouble()).isTrue();
        assertThat(n.get("volume").asDouble()).isZero();
        assertThat(n.get("buyVolume").isNull()).isTrue();
        assertThat(n.get("sellVolume").isNull()).isTrue();
        assertThat(n.get("delta").isNull()).isTrue();
        assertThat(n.get("tradeCount").isNull()).isTrue();
        // an unknown footprint is null, not {} (which says "no trade at any price")
        assertThat(n.get("clusters").isNull()).isTrue();
        assertThat(n.get("tradesComplete").asBoolean()).isFalse();
        assertThat(n.get("closed").asBoolean()).isFalse();
    }

    @Test
    void aFootprintWithNoTradeIsAnEmptyObjectAndComplete() throws Exception {
        JsonNode n = JSON.readTree(text(render("1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, '{}', 1"), true));
        assertThat(n.get("clusters").isObject()).isTrue();
        assertThat(n.get("clusters").size()).isZero();
        assertThat(n.get("tradesComplete").asBoolean()).isTrue();
    }

    @Test
    void aBrokenClustersTextIsServedAsUnknown() throws Exception {
        JsonNode n = JSON.readTree(text(render("1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 'oops', 1"), true));
        assertThat(n.get("clusters").isNull()).isTrue();
        assertThat(n.get("tradesComplete").asBoolean()).isFalse();
    }

    @Test
    void storedClustersAreServedByteForByteWithoutTheWhitespaceAroundThem() throws Exception {
        // non-ASCII text (UTF-8 bytes as stored) passes through unchanged; JSON whitespace around the object goes
        RenderedCandle c = render("1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, char(10) || ' {\"1.5\":{\"buy\":1,\"sell\":0,\"n\":\"é€\"}} '"
                + " || char(13) || char(9), 1");
        JsonNode n = JSON.readTree(text(c, true));
        assertThat(n.get("clusters").toString()).isEqualTo("{\"1.5\":{\"buy\":1,\"sell\":0,\"n\":\"é€\"}}");
        assertThat(n.get("tradesComplete").asBoolean()).isTrue();
    }

    @Test
    void onlyAnObjectCountsAsAFootprint() {
        assertThat(CandleRenderer.objectBounds(null)).isEqualTo(-1);
        assertThat(CandleRenderer.objectBounds(new byte[0])).isEqualTo(-1);
        assertThat(CandleRenderer.objectBounds("{".getBytes(StandardCharsets.UTF_8))).isEqualTo(-1);
        assertThat(CandleRenderer.objectBounds("[1]".getBytes(StandardCharsets.UTF_8))).isEqualTo(-1);
        assertThat(CandleRenderer.objectBounds("  ".getBytes(StandardCharsets.UTF_8))).isEqualTo(-1);
        assertThat(CandleRenderer.objectBounds("{}".getBytes(StandardCharsets.UTF_8))).isEqualTo(2);
        assertThat(CandleRenderer.objectBounds(" {} ".getBytes(StandardCharsets.UTF_8))).isEqualTo(1L << 32 | 3);
    }

    @Test
    void theCacheServesOnlyTheRevisionItRendered() throws Exception {
        RenderCache cache = new RenderCache(10_000);
        RenderedCandle c = render("5, 3, 1, 1, 1, 1, 1, 1, 0, 1, 1, NULL, 1");
        cache.put(Timeframe.M15, "BINANCE:BTCUSDT", c);
        assertThat(cache.get(Timeframe.M15, "BINANCE:BTCUSDT", 5, 3)).isSameAs(c);
        assertThat(cache.get(Timeframe.M15, "BINANCE:BTCUSDT", 5, 4)).isNull();
        assertThat(cache.get(Timeframe.H1, "BINANCE:BTCUSDT", 5, 3)).isNull();
        for (int i = 0; i < 200; i++) {
            cache.put(Timeframe.M15, "X", new RenderedCandle(i, 1, true, new byte[100], 0, 0));
        }
        assertThat(cache.bytes()).isLessThanOrEqualTo(10_000);
        assertThat(cache.get(Timeframe.M15, "BINANCE:BTCUSDT", 5, 3)).as("evicted first in, first out").isNull();
    }
}
