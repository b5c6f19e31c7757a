package io.cryptoflow.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MachineInfoTest {

    @TempDir
    Path sys;

    @Test
    void namesTheIdleDriverAndTheHaltPollingWhenTheMachineHasThem() throws Exception {
        assertThat(MachineInfo.cpuIdle(sys)).isEqualTo("unknown");

        Path driver = sys.resolve("devices/system/cpu/cpuidle/current_driver");
        Files.createDirectories(driver.getParent());
        Files.writeString(driver, "acpi_idle\n");
        assertThat(MachineInfo.cpuIdle(sys)).isEqualTo("cpuidle driver acpi_idle");

        Files.writeString(driver, "haltpoll\n");
        Path poll = sys.resolve("module/haltpoll/parameters/guest_halt_poll_ns");
        Files.createDirectories(poll.getParent());
        Files.writeString(poll, "0\n");
        assertThat(MachineInfo.cpuIdle(sys)).isEqualTo("cpuidle driver haltpoll, guest_halt_poll_ns 0");
    }
}
