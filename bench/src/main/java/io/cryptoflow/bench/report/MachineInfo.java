package io.cryptoflow.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Facts about the machine for the result header. */
public final class MachineInfo {

    private MachineInfo() {
    }

    public static long totalMemoryMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux: unknown
        }
        return -1;
    }

    /**
     * How an idle CPU waits, from {@code /sys}: the cpuidle driver and, under haltpoll, how long a
     * vCPU polls before it halts. On a VM that halts at once, waking a halted vCPU sometimes takes
     * milliseconds, which is most of one connection's p99 (docs/benchmarks.md, issue 23 stop 39).
     */
    public static String cpuIdle() {
        return cpuIdle(Path.of("/sys"));
    }

    static String cpuIdle(Path sys) {
        String driver = firstLine(sys.resolve("devices/system/cpu/cpuidle/current_driver"));
        String poll = firstLine(sys.resolve("module/haltpoll/parameters/guest_halt_poll_ns"));
        if (driver == null) {
            return "unknown";
        }
        return poll == null ? "cpuidle driver " + driver : "cpuidle driver " + driver + ", guest_halt_poll_ns " + poll;
    }

    private static String firstLine(Path file) {
        try {
            return Files.readAllLines(file).stream().findFirst().map(String::strip).orElse(null);
        } catch (IOException e) {
            return null;
        }
    }

    /** The 1, 5 and 15 minute load averages ("?" off Linux): how busy the shared machine was. */
    public static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "?";
        }
    }
}
