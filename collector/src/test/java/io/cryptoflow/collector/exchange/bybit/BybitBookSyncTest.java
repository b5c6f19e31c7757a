package io.cryptoflow.collector.exchange.bybit;

import static org.assertj.core.api.Assertions.assertThat;

import io.cryptoflow.collector.exchange.MalformedTradeException;
import io.cryptoflow.collector.exchange.Prices;
import io.cryptoflow.collector.exchange.book.BookSync;
import io.cryptoflow.collector.exchange.book.BookSync.Step;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

/** Bybit v5 {@code orderbook.200.BTCUSDT} snapshot/delta, frames shaped as the docs' examples. */
class BybitBookSyncTest {

    private final BybitDepthProtocol protocol = new BybitDepthProtocol();
    private final BookSync sync = protocol.newSync();

    private static String frame(String type, long u, String bids, String asks) {
        return """
                {"topic":"orderbook.200.BTCUSDT","type":"%s","ts":1671179923028,"data":{"s":"BTCUSDT",\
                "b":%s,"a":%s,"u":%d,"seq":22520573250},"cts":1671179923020}""".formatted(type, bids, asks, u);
    }

    private Step feed(String frame) throws Exception {
        return sync.onMessage(protocol.parse(frame).orElseThrow());
    }

    private void snapshot(long u) throws Exception {
        assertThat(feed(frame("snapshot", u, "[[\"17440.00\",\"40.833\"],[\"17439.50\",\"0.513\"]]",
                "[[\"17440.50\",\"78.815\"],[\"17441.00\",\"8.858\"]]"))).isEqualTo(Step.OK);
    }

    @Test
    void deltasApplyInSequenceAndSizeZeroDeletes() throws Exception {
        assertThat(feed(frame("delta", 5, "[]", "[]"))).as("before any snapshot: ignored").isEqualTo(Step.OK);
        assertThat(sync.known()).isFalse();
        snapshot(13079592);
        assertThat(feed(frame("delta", 13079593, "[[\"17440.00\",\"0\"]]", "[[\"17440.50\",\"78.857\"]]")))
                .isEqualTo(Step.OK);
        assertThat(sync.known()).isTrue();
        assertThat(sync.book().bestBid()).isEqualTo(Prices.parse("17439.50"));
        assertThat(sync.book().asks().get(Prices.parse("17440.50"))).isEqualTo(78.857);
    }

    @Test
    void aSkippedUpdateIdResubscribes() throws Exception {
        snapshot(100);
        assertThat(feed(frame("delta", 102, "[]", "[]"))).isEqualTo(Step.RESUBSCRIBE);
        assertThat(sync.known()).isFalse();
        assertThat(sync.lastFault()).isEqualTo(BookSync.Fault.GAP);
        assertThat(feed(frame("delta", 103, "[]", "[]"))).as("waits for the new snapshot").isEqualTo(Step.OK);
        assertThat(sync.known()).isFalse();
        snapshot(110);
        assertThat(sync.known()).isTrue();
    }

    @Test
    void anOutOfOrderDeltaResubscribes() throws Exception {
        snapshot(100);
        feed(frame("delta", 101, "[]", "[]"));
        assertThat(feed(frame("delta", 101, "[]", "[]"))).isEqualTo(Step.RESUBSCRIBE);
        assertThat(sync.lastFault()).isEqualTo(BookSync.Fault.OUT_OF_ORDER);
    }

    @Test
    void aResetSnapshotWithU1ReplacesTheBookInANewEpoch() throws Exception {
        snapshot(100);
        feed(frame("delta", 101, "[[\"17000.00\",\"9\"]]", "[]"));
        long epoch = sync.epoch();
        assertThat(feed(frame("snapshot", 1, "[[\"17430.00\",\"1\"]]", "[[\"17450.00\",\"2\"]]"))).isEqualTo(Step.OK);
        assertThat(sync.known()).isTrue();
        assertThat(sync.epoch()).as("samples of the old book are not trusted").isGreaterThan(epoch);
        assertThat(sync.lastFault()).isEqualTo(BookSync.Fault.RESET);
        assertThat(sync.book().bids()).containsOnlyKeys(Prices.parse("17430.00"));
        assertThat(feed(frame("delta", 2, "[]", "[]"))).isEqualTo(Step.OK);
    }

    @Test
    void aCrossedBookResubscribes() throws Exception {
        snapshot(100);
        assertThat(feed(frame("delta", 101, "[[\"17445.00\",\"1\"]]", "[]"))).isEqualTo(Step.RESUBSCRIBE);
        assertThat(sync.lastFault()).isEqualTo(BookSync.Fault.CROSSED);
    }

    @Test
    void framesOfOtherTopicsAndMalformedOnesAreToldApart() throws Exception {
        assertThat(protocol.parse("{\"success\":true,\"ret_msg\":\"pong\",\"op\":\"ping\"}")).isEmpty();
        assertThat(protocol.parse(frame("delta", 1, "[]", "[]").replace("orderbook.200", "publicTrade"))).isEmpty();
        Assertions.assertThatThrownBy(() -> protocol.parse(frame("delta", 1, "[[\"x\",\"1\"]]", "[]")))
                .isInstanceOf(MalformedTradeException.class);
        assertThat(protocol.subscriptions(java.util.List.of("BTCUSDT")))
                .containsExactly("{\"op\":\"subscribe\",\"args\":[\"orderbook.200.BTCUSDT\"]}");
        assertThat(protocol.resubscribe("BTCUSDT")).hasSize(2);
    }
}
