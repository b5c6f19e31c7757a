package io.cryptoflow.bench.process;

import static org.assertj.core.api.Assertions.assertThat;

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

        shares.mark();
        long until = System.nanoTime() + 300_000_000L;
        double sink = 0;
        while (System.nanoTime() < until) {
            sink += Math.sqrt(sink + 1);
        }

        // a busy thread for 0.3 s: most of one core; the process with no pid is left out
        assertThat(shares.sinceMark()).matches("self \\d+ %").doesNotContain("none");
        int percent = Integer.parseInt(shares.sinceMark().replaceAll("\\D", ""));
        assertThat(percent).as("sink %s", sink).isBetween(30, 400);
    }
}
