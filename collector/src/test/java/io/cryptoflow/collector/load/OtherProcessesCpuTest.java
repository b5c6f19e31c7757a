package io.cryptoflow.collector.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OtherProcessesCpuTest {

    @TempDir
    Path dir;

    @Test
    void theShareIsTheMachinesBusyTimeLessThisProcessesOverTheTimeBetweenTwoSamples() throws Exception {
        ProcTicks ticks = new ProcTicks(dir).write(1_000, 10_000, 100);
        OtherProcessesCpu cpu = ticks.reader();
        cpu.sample();
        assertThat(cpu.share()).as("one sample is no interval yet").isNull();

        // 200 ticks pass on all cores: 150 busy, 40 of them this process's
        ticks.write(1_150, 10_200, 140);
        cpu.sample();

        assertThat(cpu.share()).isCloseTo(110.0 / 200, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void thisProcessAloneKeepingTheMachineBusyIsNoReasonToWait() throws Exception {
        ProcTicks ticks = new ProcTicks(dir).write(0, 0, 0);
        OtherProcessesCpu cpu = ticks.reader();
        cpu.sample();
        ticks.write(200, 200, 200);
        cpu.sample();

        assertThat(cpu.share()).isZero();
    }

    @Test
    void unreadableOrForeignFilesMakeTheShareUnknown() throws Exception {
        OtherProcessesCpu cpu = new ProcTicks(dir).readerAfterOthersUsed(0.9);
        cpu.sample();
        assertThat(cpu.share()).isEqualTo(0.9);

        Files.writeString(dir.resolve("stat"), "not a proc file\n");
        cpu.sample();
        assertThat(cpu.share()).isNull();

        OtherProcessesCpu absent = new OtherProcessesCpu(dir.resolve("missing"), dir.resolve("missing-too"));
        absent.sample();
        absent.sample();
        assertThat(absent.share()).isNull();
    }

    @Test
    void readsThisMachinesProcFilesWhereThereAreAny() throws Exception {
        OtherProcessesCpu cpu = OtherProcessesCpu.ofThisProcess();
        cpu.sample();
        // the machine's tick counters move 100 times a second per core
        for (int i = 0; i < 40 && cpu.share() == null; i++) {
            Thread.sleep(50);
            cpu.sample();
        }
        if (Files.isReadable(Path.of("/proc/stat"))) {
            assertThat(cpu.share()).isBetween(0.0, 1.0);
        } else {
            assertThat(cpu.share()).isNull();
        }
    }
}
