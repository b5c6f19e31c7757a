package io.cryptoflow.collector.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The share of the machine's CPU time (all cores) that processes other than this one used between
 * two samples: {@code /proc/stat}'s busy time minus {@code /proc/self/stat}'s. Linux only; where
 * those files cannot be read the share is unknown (null) and nothing waits on it.
 *
 * <p>This process's own time is left out so a backfill never slows itself down: only readers,
 * the replicator, a chart or anything else sharing the machine count.
 */
public final class OtherProcessesCpu {

    private record Ticks(long machineBusy, long machineTotal, long own) {
    }

    private final Path machineStat;
    private final Path ownStat;
    private Ticks previous;
    private volatile Double share;

    public OtherProcessesCpu(Path machineStat, Path ownStat) {
        this.machineStat = machineStat;
        this.ownStat = ownStat;
    }

    public static OtherProcessesCpu ofThisProcess() {
        return new OtherProcessesCpu(Path.of("/proc/stat"), Path.of("/proc/self/stat"));
    }

    /** Takes a sample; {@link #share()} is then the share over the time since the previous one. */
    public synchronized void sample() {
        Optional<Ticks> now = read();
        if (now.isEmpty()) {
            share = null;
            previous = null;
            return;
        }
        Ticks t = now.get();
        if (previous != null && t.machineTotal() > previous.machineTotal()) {
            long others = (t.machineBusy() - previous.machineBusy()) - (t.own() - previous.own());
            share = Math.max(0, Math.min(1, (double) others / (t.machineTotal() - previous.machineTotal())));
        }
        previous = t;
    }

    /** Between 0 and 1 over the last sampled interval; null before two samples or off Linux. */
    public Double share() {
        return share;
    }

    private Optional<Ticks> read() {
        try {
            String[] cpu = firstLine(machineStat).trim().split("\\s+");
            String self = Files.readString(ownStat);
            // After the command name, which may hold spaces and parentheses: state is field 3, utime 14, stime 15.
            String[] fields = self.substring(self.lastIndexOf(')') + 2).trim().split("\\s+");
            if (!cpu[0].equals("cpu") || cpu.length < 9 || fields.length < 13) {
                return Optional.empty();
            }
            // user nice system idle iowait irq softirq steal (guest time is already inside user)
            long busy = l(cpu[1]) + l(cpu[2]) + l(cpu[3]) + l(cpu[6]) + l(cpu[7]) + l(cpu[8]);
            long total = busy + l(cpu[4]) + l(cpu[5]);
            return Optional.of(new Ticks(busy, total, l(fields[11]) + l(fields[12])));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static String firstLine(Path file) throws IOException {
        String text = Files.readString(file);
        int end = text.indexOf('\n');
        return end < 0 ? text : text.substring(0, end);
    }

    private static long l(String s) {
        return Long.parseLong(s);
    }
}
