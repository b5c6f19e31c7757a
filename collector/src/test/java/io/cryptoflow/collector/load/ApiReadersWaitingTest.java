package io.cryptoflow.collector.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import io.cryptoflow.common.ThreadPools;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiReadersWaitingTest {

    @TempDir
    Path dir;

    /** The API's answers in turn ({@code inFlight requestNanos nowNanos}); null = did not answer. */
    private static ApiReadersWaiting readersAnswering(BusySignal fallback, long[]... answers) {
        Deque<long[]> queue = new ArrayDeque<>(Arrays.asList(answers));
        return new ApiReadersWaiting(() -> queue.isEmpty() ? null : queue.poll(), 0.5, fallback);
    }

    @Test
    void aBusyMachineWithoutReadersDoesNotHoldTheBackfill() throws Exception {
        // a bot keeps the other processes' CPU at 0.9 of the machine; the API's readers are idle
        BusySignal botCpu = BusySignal.othersCpuAbove(new ProcTicks(dir).readerAfterOthersUsed(0.9), 0.5);
        ApiReadersWaiting readers = readersAnswering(botCpu,
                new long[] {0, 1_000_000, 0}, new long[] {0, 1_000_000, 100_000_000}, new long[] {0, 2_000_000, 200_000_000});
        BackfillYield y = new BackfillYield(new ProcTicks(dir).readerAfterOthersUsed(0.9), readers, 5_000,
                new MetricRegistry(), ThreadPools.standalone());
        y.sample();
        y.sample();
        y.sample();

        assertThat(y.machineBusy()).isFalse();
        assertThat(readers.meanInFlight()).isEqualTo(0.01);
    }

    @Test
    void readersWaitingOnTheApiHoldIt() {
        // 100 ms in which requests spent 1.6 s in the API: 16 in flight on average
        ApiReadersWaiting readers = readersAnswering(() -> null,
                new long[] {16, 0, 0}, new long[] {16, 1_600_000_000L, 100_000_000});
        assertThat(readers.busyLevel()).as("its first answer: 16 in flight now").isEqualTo(16.0);
        assertThat(readers.busyLevel()).isEqualTo(16.0);
    }

    @Test
    void withoutAnAnswerTheFallbackDecides() throws Exception {
        ApiReadersWaiting readers = readersAnswering(() -> 0.8);
        assertThat(readers.busyLevel()).isEqualTo(0.8);
        assertThat(readers.meanInFlight()).isNull();
        assertThat(ApiReadersWaiting.parse("3 12345 678\n")).containsExactly(3, 12345, 678);
        assertThat(ApiReadersWaiting.parse("<html>")).isNull();
    }
}
