package io.cryptoflow.bench.process;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.Supplier;

/**
 * CPU time per process between two readings, as a share of one core: which process took the
 * cores during a loaded round, from {@link ProcStats#cpuTicks}.
 */
public final class CpuShares {

    /** USER_HZ: 100 on every Linux this runs on (sysconf(_SC_CLK_TCK) is not reachable from Java). */
    private static final double TICKS_PER_SECOND = 100.0;

    private final Map<String, Supplier<List<Long>>> processes = new LinkedHashMap<>();
    private Map<String, Long> startTicks = Map.of();
    private long startNanos;

    public CpuShares watch(String name, Supplier<List<Long>> pids) {
        processes.put(name, pids);
        return this;
    }

    /** Starts a measured interval. */
    public void mark() {
        startTicks = ticksNow();
        startNanos = System.nanoTime();
    }

    /** "api 112 %, collector 31 %, …" since {@link #mark()}, as shares of one core. */
    public String sinceMark() {
        StringJoiner out = new StringJoiner(", ");
        sharesSinceMark().forEach((name, share) -> out.add(String.format("%s %.0f %%", name, 100 * share)));
        return out.toString();
    }

    /** Each watched process's share of one core since {@link #mark()} (1.0 = a whole core); processes with no pid left out. */
    public Map<String, Double> sharesSinceMark() {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        Map<String, Double> shares = new LinkedHashMap<>();
        ticksNow().forEach((name, ticks) -> {
            Long before = startTicks.get(name);
            if (before != null && ticks > 0 && seconds > 0) {
                shares.put(name, (ticks - before) / TICKS_PER_SECOND / seconds);
            }
        });
        return shares;
    }

    private Map<String, Long> ticksNow() {
        Map<String, Long> ticks = new LinkedHashMap<>();
        processes.forEach((name, pids) -> ticks.put(name, pids.get().stream().mapToLong(ProcStats::cpuTicks)
                .filter(t -> t >= 0).sum()));
        return ticks;
    }
}
