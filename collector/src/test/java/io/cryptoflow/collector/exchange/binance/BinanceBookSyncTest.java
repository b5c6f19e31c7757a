package io.cryptoflow.collector.exchange.binance;

import static org.assertj.core.api.Assertions.assertThat;

import io.cryptoflow.collector.exchange.Prices;
import io.cryptoflow.collector.exchange.book.BookSync;
import io.cryptoflow.collector.exchange.book.BookSync.Step;
import io.cryptoflow.collector.exchange.book.DepthUpdate;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Binance USD-M "How to manage a local order book correctly", fed frames shaped as the docs show
 * ({@code <symbol>@depth@100ms} combined-stream events and the {@code /fapi/v1/depth} answer).
 */
class BinanceBookSyncTest {

    private final BinanceDepthProtocol protocol = new BinanceDepthProtocol();
    private final BookSync sync = protocol.newSync();

    private static String event(long first, long last, long prev, String bids, String asks) {
        return """
                {"stream":"btcusdt@depth@100ms","data":{"e":"depthUpdate","E":1733400000123,"T":1733400000120,\
                "s":"BTCUSDT","U":%d,"u":%d,"pu":%d,"b":%s,"a":%s}}""".formatted(first, last, prev, bids, asks);
    }

    private static final String SNAPSHOT = """
            {"lastUpdateId":1027024,"E":1589436922972,"T":1589436922959,
             "bids":[["97000.10","2.000"],["96990.00","1.500"]],
             "asks":[["97000.20","1.000"],["97010.00","3.000"]]}""";

    private Step feed(String frame) throws Exception {
        return sync.onMessage(protocol.parse(frame).orElseThrow());
    }

    private Step snapshot(String body) throws Exception {
        return sync.onSnapshot(protocol.parseSnapshot("BTCUSDT", body.getBytes(StandardCharsets.UTF_8)));
    }

    private Step synced() throws Exception {
        assertThat(feed(event(1027000, 1027010, 1026990, "[]", "[]"))).isEqualTo(Step.FETCH_SNAPSHOT);
        assertThat(feed(event(1027011, 1027030, 1027010, "[[\"97000.10\",\"0\"]]", "[]"))).isEqualTo(Step.OK);
        return snapshot(SNAPSHOT);
    }

    @Test
    void bufferedEventsBeforeTheSnapshotAreDroppedAndTheStraddlingOneIsApplied() throws Exception {
        assertThat(synced()).isEqualTo(Step.OK);
        assertThat(sync.known()).isTrue();
        assertThat(sync.book().bestBid()).as("97000.10 removed by the straddling event").isEqualTo(Prices.parse("96990.00"));
        assertThat(feed(event(1027031, 1027040, 1027030, "[[\"96995.00\",\"4\"]]", "[]"))).isEqualTo(Step.OK);
        assertThat(sync.book().bestBid()).isEqualTo(Prices.parse("96995.00"));
    }

    @Test
    void aGapInPuResyncsFromANewSnapshot() throws Exception {
        synced();
        long epoch = sync.epoch();
        assertThat(feed(event(1027045, 1027050, 1027040, "[]", "[]"))).isEqualTo(Step.FETCH_SNAPSHOT);
        assertThat(sync.known()).isFalse();
        assertThat(sync.epoch()).isGreaterThan(epoch);
        assertThat(sync.lastFault()).isEqualTo(BookSync.Fault.GAP);
        assertThat(sync.book().levels()).isZero();
    }

    @Test
    void anOutOfOrderEventResyncs() throws Exception {
        synced();
        feed(event(1027031, 1027040, 1027030, "[]", "[]"));
        assertThat(feed(event(1027011, 1027030, 1027010, "[]", "[]"))).isEqualTo(Step.FETCH_SNAPSHOT);
        assertThat(sync.lastFault()).isEqualTo(BookSync.Fault.OUT_OF_ORDER);
    }

    @Test
    void anEventSentLateIsDroppedWhenTheSnapshotHoldsItEvenBehindTheBridgingOne() throws Exception {
        synced();
        // 1027031..1027040 is held back and arrives after 1027041..1027050 (which resyncs)
        assertThat(feed(event(1027041, 1027050, 1027040, "[[\"96995.00\",\"4\"]]", "[]"))).isEqualTo(Step.FETCH_SNAPSHOT);
        assertThat(feed(event(1027031, 1027040, 1027030, "[]", "[]"))).isEqualTo(Step.OK);
        long resyncs = ((io.cryptoflow.collector.exchange.book.SequencedBook) sync).resyncs();
        assertThat(snapshot(SNAPSHOT.replace("1027024", "1027045"))).isEqualTo(Step.OK);
        assertThat(sync.known()).as("the late event is in the snapshot, not applied after the bridging one").isTrue();
        assertThat(((io.cryptoflow.collector.exchange.book.SequencedBook) sync).resyncs()).isEqualTo(resyncs);
        assertThat(sync.book().bestBid()).isEqualTo(Prices.parse("97000.10"));
    }

    @Test
    void aSnapshotOlderThanEveryBufferedEventIsStaleAndFetchedAgain() throws Exception {
        feed(event(1027100, 1027110, 1027090, "[]", "[]"));
        assertThat(snapshot(SNAPSHOT)).isEqualTo(Step.FETCH_SNAPSHOT);
        assertThat(sync.known()).isFalse();
        assertThat(sync.lastFault()).isEqualTo(BookSync.Fault.STALE_SNAPSHOT);
        // the next snapshot is newer: the buffered event straddles it
        String fresh = SNAPSHOT.replace("1027024", "1027105");
        assertThat(snapshot(fresh)).isEqualTo(Step.OK);
        assertThat(sync.known()).isTrue();
    }

    @Test
    void aSnapshotAheadOfEveryEventWaitsForTheNextEvents() throws Exception {
        feed(event(1027000, 1027010, 1026990, "[]", "[]"));
        assertThat(snapshot(SNAPSHOT)).as("every buffered event is older: nothing to start from").isEqualTo(Step.OK);
        assertThat(sync.known()).isFalse();
        assertThat(feed(event(1027011, 1027030, 1027010, "[]", "[]"))).as("asks again").isEqualTo(Step.FETCH_SNAPSHOT);
    }

    @Test
    void aCrossedBookIsThrownAway() throws Exception {
        synced();
        assertThat(feed(event(1027031, 1027040, 1027030, "[[\"97100.00\",\"1\"]]", "[]"))).isEqualTo(Step.OK);
        assertThat(sync.known()).isFalse();
        assertThat(sync.lastFault()).isEqualTo(BookSync.Fault.CROSSED);
        assertThat(feed(event(1027041, 1027050, 1027040, "[]", "[]"))).isEqualTo(Step.FETCH_SNAPSHOT);
    }

    @Test
    void aFailedSnapshotIsAskedForAgainByTheNextEvent() throws Exception {
        assertThat(feed(event(1027000, 1027010, 1026990, "[]", "[]"))).isEqualTo(Step.FETCH_SNAPSHOT);
        assertThat(feed(event(1027011, 1027020, 1027010, "[]", "[]"))).isEqualTo(Step.OK);
        sync.snapshotFailed();
        assertThat(feed(event(1027021, 1027030, 1027020, "[]", "[]"))).isEqualTo(Step.FETCH_SNAPSHOT);
    }

    @Test
    void theStreamAddressAndSnapshotAddressFollowTheDocs() throws Exception {
        assertThat(protocol.streamUri("wss://fstream.binance.com/market/", java.util.List.of("BTCUSDT")).toString())
                .isEqualTo("wss://fstream.binance.com/market/stream?streams=btcusdt@depth@100ms");
        assertThat(protocol.snapshotUri("https://fapi.binance.com", "BTCUSDT").orElseThrow().toString())
                .isEqualTo("https://fapi.binance.com/fapi/v1/depth?symbol=BTCUSDT&limit=1000");
        assertThat(protocol.parse("{\"result\":null,\"id\":1}")).isEmpty();
        DepthUpdate u = protocol.parse(event(1, 2, 0, "[]", "[[\"97000.2\",\"1.5\"]]")).orElseThrow();
        assertThat(u.asks().get(0).size()).isEqualTo(1.5);
    }
}
