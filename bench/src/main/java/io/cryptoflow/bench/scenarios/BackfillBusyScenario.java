package io.cryptoflow.bench.scenarios;

import io.cryptoflow.bench.BenchContext;
import io.cryptoflow.bench.load.WrkRun;
import io.cryptoflow.bench.process.CpuShares;
import io.cryptoflow.bench.process.FreePort;
import io.cryptoflow.bench.process.ServiceProcess;
import io.cryptoflow.bench.process.Stack;
import io.cryptoflow.bench.report.ResultTable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code bench/run backfill-busy}, issue 23's "backfill of the default config on a machine with one
 * core busy from an unrelated process: ≤ 1.5× the quiet time; readers still within the p99 targets
 * during it". Three cases, each from a fresh data dir and a fresh simulator (its own process,
 * without rate limits, at the lowest CPU priority): quiet; one core busy ({@link BusyCore}, started
 * before the stack, stopped after); one core busy and {@link BackfillReaders} during the backfill,
 * then idle. The three jars run as bin/cryptoflow starts them (JVM flags and nice levels of
 * {@link CompareScenario}) at their default configs, with {@code CRYPTOFLOW_HISTORY_DAYS} scaled
 * down ({@code --history-days}, default 30) and order flow on, as collector/config.yml has it.
 */
public final class BackfillBusyScenario implements Scenario {

    /** How long the quiet backfill may take; the busy ones get 5× the quiet time (at least 3 min), so a stall ends. */
    private static final Duration QUIET_TIMEOUT = Duration.ofMinutes(30);
    static final String YIELDED_MILLIS = "cryptoflow.collector.backfill.yielded-ms";

    /** @param paced readers that wait between requests ({@link BackfillReaders#PACED_MILLIS}); else a closed loop */
    record Case(String name, String slug, boolean busyCore, boolean readers, boolean paced) {
    }

    static final List<Case> CASES = List.of(new Case("quiet", "quiet", false, false, false),
            new Case("one core busy", "busy", true, false, false),
            new Case("one core busy + 16 chart readers (one request per 250 ms each)", "busy-paced", true, true, true),
            new Case("one core busy + 16 closed-loop readers (a flood)", "busy-readers", true, true, false));

    /** What one case gave; {@code seconds} NaN when the backfill did not complete within {@code timeout}. */
    record Outcome(Case c, double seconds, Duration timeout, long yieldedMs, String cpu, double readersAfterSeconds,
                   List<BackfillReaders.Slice> slices) {

        List<BackfillReaders.Slice> during() {
            return slices.stream().filter(s -> s.phase().startsWith("backfill")).toList();
        }

        BackfillReaders.Slice idle(String phase) {
            return slices.stream().filter(s -> s.phase().equals(phase)).findFirst().orElse(null);
        }
    }

    /** Flags replaced for an A/B run (BENCH_COLLECTOR_JVM, ...); none by default. */
    private final JvmOverrides overrides = JvmOverrides.fromEnvironment();

    static final String IDLE_BUSY = "idle after the backfill, core still busy";
    static final String IDLE_QUIET = "idle, loop stopped";

    @Override
    public String name() {
        return "backfill-busy";
    }

    @Override
    public List<ResultTable> run(BenchContext context) throws Exception {
        int days = context.options().historyDays();
        if (!WrkRun.available()) {
            context.progress("backfill-busy: wrk not installed (/usr/bin/wrk): the readers' case is left out");
        }
        List<Outcome> outcomes = new ArrayList<>();
        double quiet = Double.NaN;
        List<String> only = context.options().cases();
        for (String slug : only) {
            if (CASES.stream().noneMatch(c -> c.slug().equals(slug))) {
                throw new IllegalArgumentException("--cases: no case '" + slug + "' (quiet, busy, busy-paced, busy-readers)");
            }
        }
        for (Case c : CASES) {
            if (c.readers() && !WrkRun.available() || !only.isEmpty() && !only.contains(c.slug())) {
                continue;
            }
            Duration timeout = Double.isNaN(quiet) ? QUIET_TIMEOUT
                    : Duration.ofSeconds((long) Math.min(QUIET_TIMEOUT.toSeconds(), Math.max(180, 5 * quiet)));
            Outcome o = runCase(context, c, days, timeout);
            if (!c.busyCore()) {
                quiet = o.seconds();
            }
            outcomes.add(o);
        }
        List<ResultTable> tables = BackfillBusyReport.tables(days, outcomes);
        overrides.notes().forEach(tables.get(0)::note);
        return tables;
    }

    private Outcome runCase(BenchContext context, Case c, int days, Duration timeout) throws Exception {
        Path dir = context.scratch("backfill-busy/" + c.slug());
        int simPort = FreePort.next();
        context.progress("backfill-busy: case '%s', %d days", c.name(), days);
        try (BusyCore busy = c.busyCore() ? BusyCore.start() : null;
             ServiceProcess sim = ServiceProcess.startSimulator(context.repoRoot(), dir.resolve("logs"), simPort);
             Stack stack = new Stack(context.repoRoot(), dir.resolve("data"), dir.resolve("logs"),
                     "http://127.0.0.1:" + simPort)) {
            CompareScenario.LAUNCHER_JVM.forEach(stack::jvmArgs);
            overrides.apply(stack);
            CompareScenario.LAUNCHER_NICE.forEach(stack::niceness);
            stack.startReplicator(Map.of());
            stack.startApi(CompareScenario.LAUNCHER_API_ENV); // as bin/cryptoflow starts it
            CpuShares cpu = cpuShares(stack, sim, busy);
            cpu.mark();
            try (BackfillClock clock = new BackfillClock(stack)) {
                stack.startCollector(Map.of("CRYPTOFLOW_HISTORY_DAYS", Integer.toString(days), "MALLOC_ARENA_MAX", "2"));
                List<BackfillReaders.Slice> slices = new ArrayList<>();
                double readersAfter = Double.NaN;
                BackfillReaders readers = c.readers() ? new BackfillReaders(dir.resolve("wrk"), stack.apiUrl(""), days, c.paced()) : null;
                if (readers != null) {
                    readers.awaitFirstCandles(timeout);
                    readersAfter = clock.elapsedSeconds();
                    context.progress("backfill-busy: readers start %.1f s after the collector's launch", readersAfter);
                    slices.addAll(readers.duringBackfill(clock, clock.nanosAfterLaunch(timeout)));
                }
                boolean complete = clock.await(context, "backfill-busy " + c.slug(), timeout);
                String shares = cpu.sinceMark();
                long yielded = stack.collectorCounter(YIELDED_MILLIS);
                String outcome = complete ? String.format("complete in %.1f s", clock.seconds())
                        : "NOT complete after " + timeout.toSeconds() + " s";
                context.progress("backfill-busy: case '%s': %s; CPU %s", c.name(), outcome, shares);
                if (readers != null && complete) {
                    Thread.sleep(3000); // the writers' last commits
                    slices.add(readers.idle(IDLE_BUSY));
                    if (busy != null) {
                        busy.close();
                    }
                    slices.add(readers.idle(IDLE_QUIET));
                }
                return new Outcome(c, clock.seconds(), timeout, yielded, shares, readersAfter, slices);
            }
        }
    }

    private static CpuShares cpuShares(Stack stack, ServiceProcess sim, BusyCore busy) {
        CpuShares cpu = new CpuShares();
        if (busy != null) {
            cpu.watch("busy loop", () -> List.of(busy.pid()));
        }
        for (String service : List.of("collector", "replicator", "api")) {
            cpu.watch(service, () -> stack.processes().stream().filter(p -> p.name().equals(service))
                    .map(ServiceProcess::pid).toList());
        }
        return cpu.watch("simulator", () -> List.of(sim.pid()));
    }
}
