package io.cryptoflow.collector.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes {@code /proc/stat} and {@code /proc/self/stat} look-alikes with the given tick counts. */
public final class ProcTicks {

    private final Path machine;
    private final Path own;

    public ProcTicks(Path dir) {
        this.machine = dir.resolve("stat");
        this.own = dir.resolve("self-stat");
    }

    public OtherProcessesCpu reader() {
        return new OtherProcessesCpu(machine, own);
    }

    /**
     * A reader that sampled zero ticks, over files that now say other processes used {@code share}
     * of 1,000 ticks: its next sample reads that share, and every one after it too (the files stand still).
     */
    public OtherProcessesCpu readerAfterOthersUsed(double share) throws IOException {
        write(0, 0, 0);
        OtherProcessesCpu cpu = reader();
        cpu.sample();
        write(Math.round(share * 1000), 1000, 0);
        return cpu;
    }

    /** {@code busy} of {@code total} ticks on all cores, {@code ownBusy} of them this process's (user + system). */
    public ProcTicks write(long busy, long total, long ownBusy) throws IOException {
        long user = busy / 2;
        long system = busy - user;
        long idle = total - busy;
        // cpu user nice system idle iowait irq softirq steal guest guest_nice
        Files.writeString(machine, "cpu  " + user + " 0 " + system + " " + idle + " 0 0 0 0 0 0\n"
                + "cpu0 " + user + " 0 " + system + " " + idle + " 0 0 0 0 0 0\nintr 1 2 3\n");
        long utime = ownBusy / 2;
        // a command name with spaces and a parenthesis, as a thread-renamed JVM may have
        Files.writeString(own, "4242 (java (main) x) S 1 4242 4242 0 -1 4194560 100 0 0 0 " + utime + " "
                + (ownBusy - utime) + " 0 0 20 0 30 0 123 456 789\n");
        return this;
    }
}
