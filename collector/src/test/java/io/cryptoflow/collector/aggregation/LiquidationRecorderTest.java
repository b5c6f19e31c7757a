package io.cryptoflow.collector.aggregation;

import static org.assertj.core.api.Assertions.assertThat;

import io.cryptoflow.collector.store.LiquidationBatch;
import io.cryptoflow.common.MarketSymbol;
import io.cryptoflow.common.ThreadPools;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The connected ranges the recorder claims: never past the last frame heard on the connection. */
class LiquidationRecorderTest {

    private static final MarketSymbol BTC = new MarketSymbol("BINANCE_FUTURES", "BTCUSDT");
    private static final long PUSH = 1_000;

    private final List<LiquidationBatch> written = new ArrayList<>();
    private final AtomicLong now = new AtomicLong(100_000);
    private final AtomicLong heard = new AtomicLong(100_000);
    private final LiquidationRecorder recorder = new LiquidationRecorder(b -> {
        written.add(b);
        return CompletableFuture.completedFuture(null);
    }, now::get, ThreadPools.standalone(), 200);

    @Test
    void anOpenRangeReachesTheLastFrameHeardNotNow() {
        recorder.connected(BTC, 101_000, PUSH, heard::get);
        now.set(110_000);
        heard.set(110_000);
        recorder.flush();
        assertThat(lastCoverage()).isEqualTo(new LiquidationBatch.Coverage(101_000, 109_000));

        // the connection went silent at 110 s: flushes while nobody knows it is dead claim nothing more
        now.set(125_000);
        recorder.flush();
        assertThat(lastCoverage()).isEqualTo(new LiquidationBatch.Coverage(101_000, 109_000));
    }

    @Test
    void aLossFoundBySilenceEndsTheRangeWhereTheConnectionWasLastHeard() {
        recorder.connected(BTC, 101_000, PUSH, heard::get);
        heard.set(112_000);
        now.set(142_000); // the silence timeout noticed it 30 s later
        recorder.disconnected(BTC, heard.get());
        recorder.flush();
        assertThat(coverages()).containsExactly(new LiquidationBatch.Coverage(101_000, 111_000));
    }

    @Test
    void stoppingClosesTheRangeAtTheLastFrameHeard() throws Exception {
        recorder.connected(BTC, 101_000, PUSH, heard::get);
        heard.set(105_500);
        now.set(107_000);
        recorder.stop();
        assertThat(lastCoverage()).isEqualTo(new LiquidationBatch.Coverage(101_000, 104_500));
    }

    @Test
    void aConnectionNotHeardFromSinceItsRangeBeganClaimsNothing() {
        recorder.connected(BTC, 101_000, PUSH, heard::get);
        now.set(130_000);
        heard.set(101_500); // under a push interval after the range began
        recorder.flush();
        assertThat(coverages()).isEmpty();
    }

    private List<LiquidationBatch.Coverage> coverages() {
        return written.stream().map(LiquidationBatch::coverage).filter(c -> c != null).toList();
    }

    private LiquidationBatch.Coverage lastCoverage() {
        List<LiquidationBatch.Coverage> c = coverages();
        return c.get(c.size() - 1);
    }
}
