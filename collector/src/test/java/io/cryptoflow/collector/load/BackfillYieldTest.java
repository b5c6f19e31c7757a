package io.cryptoflow.collector.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import com.codahale.metrics.MetricRegistry;
import io.cryptoflow.common.ThreadPools;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BackfillYieldTest {

    @TempDir
    Path dir;

    /** The readers' pressure the signal reports at the next sample (null: nobody waits). */
    private final AtomicReference<Double> pressure = new AtomicReference<>();

    private BackfillYield yieldTo(double maxYieldShare, long maxWaitMillis) throws Exception {
        return new BackfillYield(new ProcTicks(dir).readerAfterOthersUsed(0), pressure::get, maxWaitMillis,
                maxYieldShare, new MetricRegistry(), ThreadPools.standalone());
    }

    /**
     * A market's backfill on a fake clock: pages of {@code workMillis} each, each after the pause the
     * yield asks for, one sample per page; the share of {@code millis} spent pausing.
     */
    private static double yieldedShareOver(BackfillYield y, long millis, long workMillis) {
        long now = 0;
        long paused = 0;
        while (now < millis) {
            y.sample();
            long pause = y.pauseMillis(workMillis);
            paused += pause;
            now += pause + workMillis;
        }
        return (double) paused / now;
    }

    /**
     * Nobody waiting: full speed; a few readers waiting now and then (pressure 0.1): 3 % of the time;
     * a flood (pressure 1): the cap, 30 %, and the backfill still keeps 70 % of its time.
     */
    @ParameterizedTest
    @CsvSource({"-1, 0", "0.1, 0.03", "1, 0.3"})
    void theBackfillYieldsTheCappedShareInProportionToThePressure(double level, double share) throws Exception {
        pressure.set(level < 0 ? null : level);
        BackfillYield y = yieldTo(0.3, 5_000);

        assertThat(yieldedShareOver(y, 600_000, 200)).isCloseTo(share, offset(0.005));
        assertThat(y.yieldShare()).isCloseTo(share, offset(1e-9));
        assertThat(y.machineBusy()).isEqualTo(share > 0);
    }

    @Test
    void aPausePaysForThePagesWorkAtTheYieldShare() throws Exception {
        pressure.set(1.0);
        BackfillYield y = yieldTo(0.3, 5_000);
        y.sample();
        assertThat(y.pauseMillis(700)).as("0.3 of the time: 300 ms after 700 ms of work").isEqualTo(300);
    }

    @Test
    void noPauseIsLongerThanMaxWaitHoweverLongThePageWorked() throws Exception {
        pressure.set(1.0);
        BackfillYield y = yieldTo(0.9, 2_000);
        y.sample();
        assertThat(y.pauseMillis(60_000)).isEqualTo(2_000);
        assertThat(y.pauseMillis(0)).isZero();
    }

    @Test
    void pressureRisesAtOnceAndEasesWithinAboutTwoSeconds() throws Exception {
        BackfillYield y = yieldTo(0.5, 5_000);
        pressure.set(1.0);
        y.sample();
        assertThat(y.busyShare()).isEqualTo(1.0);
        pressure.set(null);
        y.sample();
        assertThat(y.busyShare()).as("a pause between two bursts keeps most of it").isCloseTo(0.8, offset(1e-9));
        for (int i = 0; i < 20; i++) {
            y.sample();
        }
        assertThat(y.busyShare()).isZero();
        assertThat(y.machineBusy()).isFalse();
    }

    @Test
    void theOthersCpuFallbackIsFullPressureAboveItsThreshold() throws Exception {
        BackfillYield busy = new BackfillYield(new ProcTicks(dir).readerAfterOthersUsed(0.9), 0.5, 5_000, 0.3,
                new MetricRegistry(), ThreadPools.standalone());
        assertThat(busy.machineBusy()).as("no sample yet").isFalse();
        busy.sample();
        assertThat(busy.yieldShare()).isEqualTo(0.3);

        BackfillYield quiet = new BackfillYield(new ProcTicks(dir).readerAfterOthersUsed(0.4), 0.5, 5_000, 0.3, new MetricRegistry(), ThreadPools.standalone());
        quiet.sample();
        assertThat(quiet.machineBusy()).isFalse();
    }

    @Test
    void switchedOffItNeverYields() throws Exception {
        pressure.set(1.0);
        BackfillYield noShare = yieldTo(0, 5_000);
        noShare.sample();
        BackfillYield noWait = yieldTo(0.3, 0);
        noWait.sample();
        BackfillYield offCpu = new BackfillYield(new ProcTicks(dir).readerAfterOthersUsed(0.99), 1, 5_000, 0.3,
                new MetricRegistry(), ThreadPools.standalone());
        offCpu.sample();

        assertThat(noShare.machineBusy()).isFalse();
        assertThat(noWait.pauseMillis(1_000)).isZero();
        assertThat(offCpu.machineBusy()).isFalse();
    }
}
