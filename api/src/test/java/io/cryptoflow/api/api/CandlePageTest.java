package io.cryptoflow.api.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cryptoflow.api.render.RenderedCandle;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CandlePageTest {

    static RenderedCandle candle(long time, int clusterBytes) {
        String head = "{\"time\":" + time + ",\"open\":1.0";
        String clusters = ",\"clusters\":{\"1\":\"" + "x".repeat(clusterBytes) + "\"}";
        String json = head + clusters + ",\"closed\":true}";
        return new RenderedCandle(time, 1, true, json.getBytes(StandardCharsets.US_ASCII), head.length(),
                head.length() + clusters.length());
    }

    static byte[] write(CandlePage page, boolean clusters) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        page.body(clusters).write(out);
        assertThat((long) out.size()).isEqualTo(page.contentLength(clusters));
        return out.toByteArray();
    }

    @Test
    void smallAndLargeBodiesAreTheSameJsonAndTheLargeOneIsNeverJoined() throws Exception {
        for (int clusterBytes : new int[] {10, 4000}) { // 1000 candles: ~40 KB and ~4 MB (above the join limit)
            List<RenderedCandle> candles = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                candles.add(candle(1000L + i, clusterBytes));
            }
            CandlePage page = new CandlePage(candles, "BINANCE", "BTCUSDT", true);
            byte[] first = write(page, true);
            assertThat(page.joinedBytes()).as("the first body is written candle by candle").isZero();
            assertThat(write(page, true)).as("the same bytes joined or not").isEqualTo(first);
            assertThat(page.joinedBytes() > 0).as("joined only below the limit").isEqualTo(clusterBytes == 10);
            JsonNode full = new ObjectMapper().readTree(first);
            assertThat(full.get("candles")).hasSize(1000);
            assertThat(full.get("candles").get(0).get("clusters").get("1").asText()).hasSize(clusterBytes);
            assertThat(full.get("oldestTime").asLong()).isEqualTo(1000L);
            assertThat(full.get("hasMore").asBoolean()).isTrue();
            assertThat(full.get("symbol").asText()).isEqualTo("BTCUSDT");
            JsonNode lean = new ObjectMapper().readTree(write(page, false));
            assertThat(lean.get("candles").get(999).has("clusters")).isFalse();
            assertThat(lean.get("candles").get(999).get("closed").asBoolean()).isTrue();
        }
    }

    static byte[] gunzip(byte[] z) throws Exception {
        return new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(z)).readAllBytes();
    }

    @Test
    void theGzipBodyOfAJoinedPageIsTheIdentityBodyCompressedOnceAndCountedOnce() throws Exception {
        List<RenderedCandle> candles = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            candles.add(candle(1000L + i, 300));
        }
        CandlePage page = new CandlePage(candles, "BINANCE", "BTCUSDT", false);
        java.util.concurrent.atomic.AtomicLong counted = new java.util.concurrent.atomic.AtomicLong();
        for (boolean clusters : new boolean[] {true, false}) {
            assertThat(page.joinable(clusters)).isTrue();
            io.cryptoflow.api.render.ByteChunks z = page.gzip(clusters, counted::addAndGet);
            assertThat(gunzip(z.toByteArray())).isEqualTo(write(page, clusters));
            assertThat(z.length()).isLessThan(write(page, clusters).length / 4);
            assertThat(page.gzip(clusters, n -> {
                throw new AssertionError("compressed twice");
            })).isSameAs(z);
        }
        assertThat(counted.get()).isEqualTo(page.gzipBytes()).isPositive();
    }

    @Test
    void aPageTooBigToJoinIsCompressedWhileItStreams() throws Exception {
        List<RenderedCandle> candles = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            candles.add(candle(1000L + i, 4000));
        }
        CandlePage page = new CandlePage(candles, "BINANCE", "BTCUSDT", true);
        assertThat(page.joinable(true)).isFalse();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        page.gzipStream(true).write(out);
        assertThat(gunzip(out.toByteArray())).isEqualTo(write(page, true));
        assertThat(page.joinedBytes() + page.gzipBytes()).as("nothing held").isZero();
    }

    @Test
    void anEmptyPage() throws Exception {
        JsonNode n = new ObjectMapper().readTree(write(new CandlePage(List.of(), "BYBIT", "ETHUSDT", false), true));
        assertThat(n.get("candles")).isEmpty();
        assertThat(n.get("oldestTime").isNull()).isTrue();
    }
}
