package io.cryptoflow.bench.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Linux /proc figures of a process: resident memory, bytes written and CPU time. */
public final class ProcStats {

    private ProcStats() {
    }

    /** VmRSS in kB, or -1 when unavailable. */
    public static long rssKb(long pid) {
        return statusField(pid, "VmRSS:");
    }

    /** VmHWM (peak RSS) in kB, or -1 when unavailable. */
    public static long peakRssKb(long pid) {
        return statusField(pid, "VmHWM:");
    }

    /**
     * Bytes the process handed to write/pwrite calls ({@code wchar} in /proc/pid/io): counts SQLite's
     * WAL, database and checkpoint writes whether or not the page cache ever flushes them.
     */
    public static long writtenBytes(long pid) {
        return ioField(pid, "wchar:");
    }

    /** Bytes actually sent to the block device ({@code write_bytes}); 0 on tmpfs. */
    public static long storageWriteBytes(long pid) {
        return ioField(pid, "write_bytes:");
    }

    /** utime + stime of a process (all its threads) in clock ticks, -1 when it is gone. */
    public static long cpuTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // The command name (field 2) may hold spaces; fields after its closing parenthesis are fixed.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static long statusField(long pid, String key) {
        return field(Path.of("/proc", Long.toString(pid), "status"), key);
    }

    private static long ioField(long pid, String key) {
        return field(Path.of("/proc", Long.toString(pid), "io"), key);
    }

    private static long field(Path file, String key) {
        try {
            for (String line : Files.readAllLines(file)) {
                if (line.startsWith(key)) {
                    return Long.parseLong(line.substring(key.length()).replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
