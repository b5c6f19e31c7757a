package io.cryptoflow.collector.aggregation;

import static org.assertj.core.api.Assertions.assertThat;

import io.cryptoflow.collector.exchange.Prices;
import io.cryptoflow.collector.exchange.Trade;
import io.cryptoflow.collector.testing.RecordingTradeSink;
import io.cryptoflow.common.MarketSymbol;
import io.cryptoflow.common.ThreadPools;
import io.cryptoflow.common.TradePartition;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TradeRecorderTest {

    private static final MarketSymbol BTC = MarketSymbol.of("BINANCE", "BTCUSDT");
    private static final long DAY = 86_400_000L;
    private static final long NOW = new TradePartition("BINANCE", LocalDate.of(2026, 12, 8)).dayStart() + 5 * 3_600_000L;

    private static Trade trade(long id, long time) {
        return new Trade(id, Prices.parse("97000.5"), 0.25, id % 2 == 0, time);
    }

    @Test
    void keepsWholeDaysOfTheWindowBatchesBySizeAndSidesAreTheMakers() throws Exception {
        RecordingTradeSink sink = new RecordingTradeSink();
        TradeRetention retention = new TradeRetention(Map.of("BINANCE", 7, "BYBIT", 0));
        TradeRecorder recorder = new TradeRecorder(sink, retention, () -> NOW, ThreadPools.standalone(), 3, 1000, 3_600_000);
        long keepFrom = retention.keepFrom("BINANCE", NOW);
        assertThat(keepFrom).isEqualTo(new TradePartition("BINANCE", LocalDate.of(2026, 12, 1)).dayStart());
        assertThat(retention.keepFrom("BYBIT", NOW)).isEqualTo(Long.MAX_VALUE);

        recorder.record(BTC, trade(1, keepFrom - 1)); // older than the window: not kept
        recorder.record(BTC, trade(2, keepFrom));
        recorder.record(BTC, trade(3, NOW - DAY));
        recorder.record(BTC, trade(4, NOW));
        recorder.record(MarketSymbol.of("BYBIT", "BTCUSDT"), trade(5, NOW)); // retention 0
        assertThat(sink.batches).hasSize(1);
        assertThat(sink.batches.get(0).trades()).extracting(r -> r.id()).containsExactly(2L, 3L, 4L);
        assertThat(sink.batches.get(0).trades().get(0).buyerMaker()).isFalse(); // id 2: taker bought
        assertThat(sink.batches.get(0).trades().get(0).price()).isEqualTo(97000.5);
        assertThat(recorder.flush()).isEmpty();

        recorder.record(BTC, trade(6, NOW));
        recorder.gap(BTC, NOW, NOW + 10);
        assertThat(sink.batches).hasSize(2); // the trades before the gap went first
        assertThat(sink.gaps).containsExactly("BINANCE:BTCUSDT " + NOW + ".." + (NOW + 10));
        recorder.expire().join();
        assertThat(sink.expiries).containsExactlyInAnyOrder("BINANCE " + keepFrom, "BYBIT " + Long.MAX_VALUE);
        recorder.stop(); // its timer thread
    }

    @Test
    void atMostEightBatchesOfTradesWaitForTheWriterThenTheHandingThreadWaits() throws Exception {
        RecordingTradeSink sink = new RecordingTradeSink();
        sink.holding = true;
        TradeRecorder recorder = new TradeRecorder(sink, new TradeRetention(Map.of("BINANCE", 7)), () -> NOW,
                ThreadPools.standalone(), 3, 1000, 3_600_000);
        int room = 3 * TradeRecorder.QUEUED_BATCHES;
        for (int i = 0; i < room; i++) {
            recorder.record(BTC, trade(i, NOW));
        }
        assertThat(sink.batches).hasSize(TradeRecorder.QUEUED_BATCHES);
        Thread webSocket = new Thread(() -> {
            for (int i = room; i < room + 3; i++) {
                recorder.record(BTC, trade(i, NOW));
            }
        });
        webSocket.start();
        webSocket.join(300);
        assertThat(webSocket.isAlive()).as("blocked until the writer has room").isTrue();
        assertThat(sink.batches).hasSize(TradeRecorder.QUEUED_BATCHES);

        sink.held.get(0).complete(null); // the writer wrote the first batch
        webSocket.join(5_000);
        assertThat(webSocket.isAlive()).isFalse();
        assertThat(sink.batches).hasSize(TradeRecorder.QUEUED_BATCHES + 1);
        assertThat(sink.batches.stream().flatMap(b -> b.trades().stream()).map(r -> r.id()))
                .containsExactlyElementsOf(java.util.stream.LongStream.range(0, room + 3).boxed().toList());
        sink.held.forEach(f -> f.complete(null));
        recorder.stop();
    }
}
