package io.cryptoflow.collector.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import com.codahale.metrics.MetricRegistry;
import io.cryptoflow.collector.load.ApiReadersWaiting.Reply;
import io.cryptoflow.common.ThreadPools;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiReadersWaitingTest {

    private static final long MS = 1_000_000;

    @TempDir
    Path dir;

    private final AtomicLong clock = new AtomicLong();

    /** The API's replies in turn (then unreachable), 2 cores, pressure 0 at 0.25 waiting and 1 at 4. */
    private ApiReadersWaiting readersAnswering(BusySignal fallback, Reply... replies) {
        Deque<Reply> queue = new ArrayDeque<>(Arrays.asList(replies));
        return new ApiReadersWaiting(() -> queue.isEmpty() ? Reply.UNREACHABLE : queue.poll(), 0.25, 4, 2, fallback,
                clock::get);
    }

    /** {@code inFlight requestNanos nowNanos queued queuedNanos overCoresNanos}, times in ms. */
    private static Reply line(long inFlight, long requestMs, long nowMs, long queued, long queuedMs, long overCoresMs) {
        return Reply.of(inFlight, requestMs * MS, nowMs * MS, queued, queuedMs * MS, overCoresMs * MS);
    }

    @Test
    void pacedReadersInFlightButNotQueuedAreNoReasonToYield() {
        // 16 chart users keep one request in flight on average; nothing queues, the cores keep up
        ApiReadersWaiting readers = readersAnswering(() -> 1.0,
                line(1, 0, 0, 0, 0, 0), line(0, 100, 100, 0, 0, 0), line(2, 200, 200, 0, 0, 0));

        assertThat(readers.busyLevel()).isNull();
        assertThat(readers.busyLevel()).isNull();
        assertThat(readers.busyLevel()).isNull();
        assertThat(readers.meanInFlight()).isEqualTo(1.0);
        assertThat(readers.meanWaiting()).isZero();
    }

    @Test
    void aFloodQueuedBehindTheCoresIsFullPressure() {
        // 100 ms in which requests spent 1.4 s queued for a build slot: 14 waiting on average
        ApiReadersWaiting readers = readersAnswering(() -> null,
                line(16, 0, 0, 14, 0, 0), line(16, 1_600, 100, 14, 1_400, 1_400));

        assertThat(readers.busyLevel()).as("its first answer: 14 queued now").isEqualTo(1.0);
        assertThat(readers.busyLevel()).isEqualTo(1.0);
        assertThat(readers.meanWaiting()).isEqualTo(14.0);
    }

    @Test
    void pressureGrowsWithTheReadersWaitingBetweenTheThresholds() {
        // 2 waiting on average (over the cores, e.g. cached answers), none queued at a gate now
        ApiReadersWaiting readers = readersAnswering(() -> null,
                line(0, 0, 0, 0, 0, 0), line(4, 400, 100, 0, 50, 200), line(0, 400, 200, 0, 50, 210));

        readers.busyLevel();
        assertThat(readers.busyLevel()).isCloseTo((2 - 0.25) / (4 - 0.25), offset(1e-9));
        assertThat(readers.busyLevel()).as("0.1 waiting: below readersAbove").isNull();
    }

    @Test
    void aPollTimingOutAfterAnswersIsAnOverloadedApiForThirtySecondsThenTheFallbackDecides() {
        ApiReadersWaiting readers = readersAnswering(() -> 0.42,
                line(0, 0, 0, 0, 0, 0), Reply.TIMED_OUT, Reply.TIMED_OUT, Reply.UNREACHABLE);

        assertThat(readers.busyLevel()).isNull();
        clock.addAndGet(TimeUnit.SECONDS.toNanos(29));
        assertThat(readers.busyLevel()).as("too busy to answer its admin port").isEqualTo(1.0);
        clock.addAndGet(TimeUnit.SECONDS.toNanos(2));
        assertThat(readers.busyLevel()).as("30 s without an answer: not only busy").isEqualTo(0.42);
        assertThat(readers.busyLevel()).as("refused: not running").isEqualTo(0.42);
        assertThat(readers.meanWaiting()).isNull();
    }

    @Test
    void anApiNeverReachedLeavesItToTheFallbackEvenOnTimeouts() {
        ApiReadersWaiting readers = readersAnswering(() -> null, Reply.TIMED_OUT);
        assertThat(readers.busyLevel()).isNull();
    }

    @Test
    void anOlderApiCountsRequestsInFlightBeyondTheCores() {
        ApiReadersWaiting readers = readersAnswering(() -> null,
                Reply.of(16, 0, 0), Reply.of(16, 1_600 * MS, 100 * MS), Reply.of(1, 1_700 * MS, 200 * MS));

        assertThat(readers.busyLevel()).isNull();
        assertThat(readers.busyLevel()).as("16 in flight on 2 cores: 14 waiting").isEqualTo(1.0);
        assertThat(readers.busyLevel()).as("1 in flight: none waiting").isNull();
    }

    @Test
    void aBusyMachineWithoutWaitingReadersDoesNotHoldTheBackfill() throws Exception {
        // a bot keeps the other processes' CPU at 0.9 of the machine; the API answers, nobody waits
        BusySignal botCpu = BusySignal.othersCpuAbove(new ProcTicks(dir).readerAfterOthersUsed(0.9), 0.5);
        ApiReadersWaiting readers = readersAnswering(botCpu,
                line(0, 1, 0, 0, 0, 0), line(0, 1, 100, 0, 0, 0), line(0, 2, 200, 0, 0, 0));
        BackfillYield y = new BackfillYield(new ProcTicks(dir).readerAfterOthersUsed(0.9), readers, 5_000, 0.3,
                new MetricRegistry(), ThreadPools.standalone());
        y.sample();
        y.sample();
        y.sample();

        assertThat(y.machineBusy()).isFalse();
        assertThat(readers.meanInFlight()).isEqualTo(0.01);
    }

    @Test
    void parsesTheApisLineOfSixOrThreeNumbers() {
        assertThat(ApiReadersWaiting.parse("3 12345 678 1 2 3\n")).containsExactly(3, 12345, 678, 1, 2, 3);
        assertThat(ApiReadersWaiting.parse("3 12345 678\n")).containsExactly(3, 12345, 678);
        assertThat(ApiReadersWaiting.parse("<html>")).isNull();
    }
}
