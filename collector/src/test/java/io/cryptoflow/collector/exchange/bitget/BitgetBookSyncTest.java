package io.cryptoflow.collector.exchange.bitget;

import static org.assertj.core.api.Assertions.assertThat;

import io.cryptoflow.collector.exchange.book.BookSync;
import io.cryptoflow.collector.exchange.book.BookSync.Step;
import org.junit.jupiter.api.Test;

/**
 * Bitget v2 {@code books}: the docs' checksum examples (CRC32 of the interleaved levels as sent, as a
 * signed int), merged updates, a failed checksum and a sequence going back resubscribe.
 */
class BitgetBookSyncTest {

    private final BitgetDepthProtocol protocol = new BitgetDepthProtocol();
    private final BookSync sync = protocol.newSync();

    private static String push(String action, String bids, String asks, long seq, long checksum) {
        return """
                {"action":"%s","arg":{"instType":"USDT-FUTURES","channel":"books","instId":"BTCUSDT"},\
                "data":[{"asks":%s,"bids":%s,"checksum":%d,"seq":%d,"ts":"1695716059516"}],"ts":1695716059516}"""
                .formatted(action, asks, bids, checksum, seq);
    }

    private Step feed(String frame) throws Exception {
        return sync.onMessage(protocol.parse(frame).orElseThrow());
    }

    private static final String DOC_BIDS = "[[\"43231.1\",\"4\"],[\"43231\",\"6\"]]";
    private static final String DOC_ASKS = "[[\"43232.8\",\"9\"],[\"43232.9\",\"8\"]]";

    @Test
    void theDocsChecksumExamplesMatch() throws Exception {
        // "43231.1:4:43232.8:9:43231:6:43232.9:8", reached by an update on an empty snapshot
        feed(push("snapshot", "[]", "[]", 9, 0));
        assertThat(feed(push("update", DOC_BIDS, DOC_ASKS, 10, -1504501796L))).isEqualTo(Step.OK);
        assertThat(sync.known()).isTrue();
        BookSync other = protocol.newSync();
        // fewer bids than asks: "3366.1:7:3366.8:9:3368:8:3372:8"
        other.onMessage(protocol.parse(push("snapshot", "[]", "[]", 0, 0)).orElseThrow());
        assertThat(other.onMessage(protocol.parse(push("update", "[[\"3366.1\",\"7\"]]",
                "[[\"3366.8\",\"9\"],[\"3368\",\"8\"],[\"3372\",\"8\"]]", 1, 831078360L)).orElseThrow()))
                .isEqualTo(Step.OK);
        assertThat(other.known()).isTrue();
        assertThat(other.onMessage(protocol.parse(push("update", "[[\"3366\",\"1\"]]", "[]", 2, 831078360L))
                .orElseThrow())).as("the same checksum after a change: wrong").isEqualTo(Step.RESUBSCRIBE);
    }

    @Test
    void snapshotsAreNotChecked() throws Exception {
        assertThat(feed(push("snapshot", DOC_BIDS, DOC_ASKS, 10, 0))).isEqualTo(Step.OK);
        assertThat(sync.known()).isTrue();
    }

    @Test
    void updatesMergeAndAreCheckedAgainstTheirChecksum() throws Exception {
        feed(push("snapshot", DOC_BIDS, DOC_ASKS, 10, -1504501796L));
        // 43231 removed: "43231.1:4:43232.8:9:43232.9:8"
        assertThat(feed(push("update", "[[\"43231\",\"0\"]]", "[]", 11, -1303945588L))).isEqualTo(Step.OK);
        assertThat(sync.known()).isTrue();
        assertThat(feed(push("update", "[[\"43230\",\"2\"]]", "[]", 12, 12345L))).isEqualTo(Step.RESUBSCRIBE);
        assertThat(sync.known()).isFalse();
        assertThat(sync.lastFault()).isEqualTo(BookSync.Fault.CHECKSUM);
        assertThat(feed(push("update", "[]", "[]", 13, 0))).as("waits for the new snapshot").isEqualTo(Step.OK);
        assertThat(feed(push("snapshot", DOC_BIDS, DOC_ASKS, 20, -1504501796L))).isEqualTo(Step.OK);
        assertThat(sync.known()).isTrue();
    }

    @Test
    void aSequenceGoingBackResubscribes() throws Exception {
        feed(push("snapshot", DOC_BIDS, DOC_ASKS, 10, -1504501796L));
        assertThat(feed(push("update", "[]", "[]", 10, -1504501796L))).isEqualTo(Step.RESUBSCRIBE);
        assertThat(sync.lastFault()).isEqualTo(BookSync.Fault.OUT_OF_ORDER);
    }

    @Test
    void subscribeFramesNameTheBooksChannel() {
        assertThat(protocol.subscriptions(java.util.List.of("BTCUSDT"))).containsExactly(
                "{\"op\":\"subscribe\",\"args\":[{\"instType\":\"USDT-FUTURES\",\"channel\":\"books\",\"instId\":\"BTCUSDT\"}]}");
        assertThat(protocol.resubscribe("BTCUSDT").get(0)).startsWith("{\"op\":\"unsubscribe\"");
    }
}
