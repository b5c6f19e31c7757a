package io.cryptoflow.api.core;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Says when the JIT has compiled what the start-up warm-up keeps running: over the last
 * {@link #QUIET_WINDOWS} windows of at least {@link #WINDOW_NANOS} the compiler threads together
 * spent under {@link #QUIET_SHARE} of the wall-clock time compiling (the JVM's accumulated
 * compilation time, {@link CompilationMXBean#getTotalCompilationTime}).
 *
 * <p>Why: a fixed 8 s warm-up left the hot path (filters, CandleServlet, CandleReader, Jetty's
 * parser) at C1; C2 compiled it 7-27 s after the port had opened, during the first users' requests,
 * whose p99 was 3.6× the warm p99 in the first 10 s (docs/benchmarks.md, issue 23 "JIT-quiet
 * warm-up"). How long C2 needs depends on the machine's load, so the warm-up watches the compilers
 * instead of a clock, and its budget only bounds it.
 */
public final class JitQuiet {

    /** Compiler time ÷ wall time under which a window counts as quiet (2 %: a straggler or two). */
    static final double QUIET_SHARE = 0.02;
    static final long WINDOW_NANOS = TimeUnit.SECONDS.toNanos(1);
    static final int QUIET_WINDOWS = 2;

    private final LongSupplier compileMillis;
    private final LongSupplier nanoTime;
    private final List<Integer> sharesPercent = new ArrayList<>();
    private long windowStart;
    private long windowCompileMillis;
    private int quietInARow;

    /** @param compileMillis the JVM's accumulated compilation time in ms; null when unknown (never quiet) */
    JitQuiet(LongSupplier compileMillis, LongSupplier nanoTime) {
        this.compileMillis = compileMillis;
        this.nanoTime = nanoTime;
        windowStart = nanoTime.getAsLong();
        windowCompileMillis = compileMillis == null ? 0 : compileMillis.getAsLong();
    }

    /** This JVM's compilers; never quiet when it does not monitor compilation time (the budget then decides). */
    public static JitQuiet ofThisJvm() {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        boolean known = jit != null && jit.isCompilationTimeMonitoringSupported();
        return new JitQuiet(known ? jit::getTotalCompilationTime : null, System::nanoTime);
    }

    /** Never quiet: the warm-up runs its whole budget (tests, and a JVM without a JIT to watch). */
    public static JitQuiet never() {
        return new JitQuiet(null, System::nanoTime);
    }

    /** Called between warm-up rounds; true once the last {@link #QUIET_WINDOWS} whole windows were quiet. */
    public boolean quiet() {
        if (compileMillis == null) {
            return false;
        }
        long now = nanoTime.getAsLong();
        long elapsed = now - windowStart;
        if (elapsed < WINDOW_NANOS) {
            return quietInARow >= QUIET_WINDOWS;
        }
        long compiled = compileMillis.getAsLong();
        double share = (compiled - windowCompileMillis) / (elapsed / 1e6);
        sharesPercent.add((int) Math.round(share * 100));
        quietInARow = share < QUIET_SHARE ? quietInARow + 1 : 0;
        windowStart = now;
        windowCompileMillis = compiled;
        return quietInARow >= QUIET_WINDOWS;
    }

    /** The compilers' share of each window so far, in % of one thread (for the warm-up's log line). */
    public List<Integer> sharesPercent() {
        return List.copyOf(sharesPercent);
    }
}
