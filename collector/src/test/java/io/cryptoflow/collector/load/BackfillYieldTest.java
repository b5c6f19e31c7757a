package io.cryptoflow.collector.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import io.cryptoflow.common.ThreadPools;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackfillYieldTest {

    @TempDir
    Path dir;

    private BackfillYield yieldWithOthersAt(double share) throws Exception {
        return yieldWithOthersAt(share, 60_000);
    }

    private BackfillYield yieldWithOthersAt(double share, long maxWaitMillis) throws Exception {
        return new BackfillYield(new ProcTicks(dir).readerAfterOthersUsed(share), 0.5, maxWaitMillis,
                new MetricRegistry(), ThreadPools.standalone());
    }

    @Test
    void oneSampleOverTheThresholdMakesTheMachineBusyAndNamesItsShare() throws Exception {
        BackfillYield quiet = yieldWithOthersAt(0.4);
        quiet.sample();
        assertThat(quiet.machineBusy()).isFalse();

        BackfillYield busy = yieldWithOthersAt(0.9);
        assertThat(busy.machineBusy()).as("no sample yet").isFalse();
        busy.sample();
        assertThat(busy.machineBusy()).isTrue();
        assertThat(busy.busyShare()).isEqualTo(0.9);
    }

    @Test
    void pagesPastTheirWaitGoOneAtATimeMachineWideSpacedByMaxWaitOverTheWorkers() throws Exception {
        BackfillYield y = yieldWithOthersAt(0.9, 500);
        for (int i = 0; i < 5; i++) {
            y.register();
        }

        // five markets whose waits ended together: one page goes now, the others wait their turn
        assertThat(y.claimBusyPage()).isTrue();
        assertThat(y.claimBusyPage()).isFalse();
        assertThat(y.claimBusyPage()).isFalse();
        // the next turn comes 500 ms / 5 = 100 ms later
        Thread.sleep(110);
        assertThat(y.claimBusyPage()).isTrue();
        assertThat(y.claimBusyPage()).isFalse();
    }

    @Test
    void switchedOffItNeverCountsTheMachineBusy() throws Exception {
        BackfillYield off = new BackfillYield(new ProcTicks(dir).readerAfterOthersUsed(0.99), 1, 5_000,
                new MetricRegistry(), ThreadPools.standalone());
        off.sample();

        assertThat(off.machineBusy()).isFalse();
    }
}
