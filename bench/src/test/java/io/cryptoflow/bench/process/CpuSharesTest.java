package io.cryptoflow.bench.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import org.junit.jupiter.api.Test;

class CpuSharesTest {

    @Test
    void readsThisProcessesCpuTimeAndNothingForAProcessThatIsGone() {
        long self = ProcessHandle.current().pid();

        assertThat(ProcStats.cpuTicks(self)).isPositive();
        assertThat(ProcStats.cpuTicks(Long.MAX_VALUE)).isEqualTo(-1);
    }

    @Test
    void reportsTheShareOfOneCoreEachWatchedProcessTookSinceTheMark() {
        long self = ProcessHandle.current().pid();
        CpuShares shares = new CpuShares().watch("self", () -> List.of(self)).watch("none", List::of);

        // Spin until this thread has used 0.3 s of CPU, however long a loaded machine (other builds,
        // CI neighbours) takes to give it that: a wall-clock spin gets a small share of a core
        // there, so the share to expect is the thread's own CPU time over the wall time it took.
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long wallStart = System.nanoTime();
        shares.mark();
        long cpuStart = threads.getCurrentThreadCpuTime();
        double sink = 0;
        while (threads.getCurrentThreadCpuTime() - cpuStart < 300_000_000L) {
            for (int i = 0; i < 10_000; i++) {
                sink += Math.sqrt(sink + 1);
            }
        }
        long cpu = threads.getCurrentThreadCpuTime() - cpuStart;
        String report = shares.sinceMark();
        long wall = System.nanoTime() - wallStart;

        // the process with no pid is left out; this process used at least this thread's CPU time
        // (less one 10 ms clock tick at each end of the interval /proc counts in)
        assertThat(report).matches("self \\d+ %").doesNotContain("none");
        int percent = Integer.parseInt(report.replaceAll("\\D", ""));
        double atLeast = 100.0 * (cpu - 20_000_000L) / wall;
        assertThat(percent).as("sink %s, thread cpu %d ms over %d ms", sink, cpu / 1_000_000, wall / 1_000_000)
                .isBetween((int) Math.floor(atLeast), 400);
    }
}
