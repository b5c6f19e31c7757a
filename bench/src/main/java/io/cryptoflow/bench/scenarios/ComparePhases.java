package io.cryptoflow.bench.scenarios;

import static io.cryptoflow.bench.scenarios.CompareScenario.CLUSTER_PAGE;
import static io.cryptoflow.bench.scenarios.CompareScenario.CONNECTIONS;
import static io.cryptoflow.bench.scenarios.CompareScenario.GZIP;
import static io.cryptoflow.bench.scenarios.CompareScenario.ROUND;
import static io.cryptoflow.bench.scenarios.CompareScenario.WARM_UP;

import io.cryptoflow.bench.BenchContext;
import io.cryptoflow.bench.load.HttpLoad;
import io.cryptoflow.bench.load.LoadTotals;
import io.cryptoflow.bench.process.CpuShares;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * The compare run's phases of load: the warm-up, the unmeasured readers, the loaded rounds during a
 * backfill, the idle rounds, and the waits between them (backfills over, writers quiet).
 */
final class ComparePhases {

    /**
     * Unmeasured load before the first round of each kind in a phase that starts after a pause: the
     * idle phase (always), and the original's backfill, whose API starts with its collector so that no
     * readers can be there first. A first round straight after a pause was the slowest in every run
     * (docs/benchmarks.md, sixth round), for a cause not pinned down.
     */
    static final Duration FIRST_ROUND_RAMP = Duration.ofSeconds(1);

    /** Under this share of one core, together, the writers and the simulator are idle. */
    static final double QUIET_SHARE = 0.03;

    private ComparePhases() {
    }

    /**
     * Load on the seeded market with every shape and coding the measured rounds use, before any of
     * them: the JVM's JIT compiles the read path under the first tens of thousands of requests.
     */
    static void warmUp(BenchContext context, String ours) throws InterruptedException {
        context.progress("compare: warming CryptoFlow's API up for %d s on the seeded market", WARM_UP.toSeconds());
        HttpLoad load = new HttpLoad(CONNECTIONS);
        List<String> pages = List.of(CLUSTER_PAGE, CLUSTER_PAGE + "&clusters=false");
        Duration each = WARM_UP.dividedBy(pages.size() * 2L);
        for (String page : pages) {
            for (List<String> headers : List.of(List.<String>of(), GZIP)) {
                load.run("warm-up", URI.create(ours + page), headers, each, Duration.ZERO, () -> true);
                // The requests the bench makes with java.net.http (the probe, awaiting candles) too, so the
                // API has seen their header shapes before a measured round, as a long-running API has.
                CompareHttp.probe(new CompareTarget("warm-up", "CryptoFlow", URI.create(ours + page), headers, null));
            }
        }
    }

    /** {@link CompareScenario#CONNECTIONS} closed-loop readers of {@code uri}, not counted, until {@code keepGoing} turns false. */
    static Thread unmeasuredLoad(URI uri, AtomicBoolean keepGoing) {
        Thread t = new Thread(() -> {
            try {
                new HttpLoad(CONNECTIONS).run("unmeasured", uri, Duration.ZERO, Duration.ofMinutes(10), keepGoing::get);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "bench-readers-first");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /**
     * Rounds over one server's targets while {@code backfilling} holds (checked between requests);
     * each round's rate and p99 go to the progress log, to see where in the backfill a tail comes from.
     *
     * @param firstRamp unmeasured load before each kind's first round
     */
    static void backfillRounds(BenchContext context, HttpLoad load, List<CompareTarget> targets, String server,
                                       BooleanSupplier backfilling, int rounds, Duration firstRamp,
                                       Map<CompareTarget, LoadTotals> busy, CpuShares cpu) throws InterruptedException {
        for (int r = 0; r < rounds && backfilling.getAsBoolean(); r++) {
            for (CompareTarget t : targets) {
                if (t.server().equals(server) && backfilling.getAsBoolean()) {
                    cpu.mark();
                    HttpLoad.Result round = t.run(load, r == 0 ? firstRamp : Duration.ZERO, ROUND, backfilling);
                    busy.computeIfAbsent(t, x -> new LoadTotals()).add(round);
                    context.progress("  %s, %s, round %d: %.0f req/s, p99 %.1f ms; CPU (one core = 100 %%): %s", server,
                            t.request(), r + 1, round.requestsPerSecond(), round.p99Millis(), cpu.sinceMark());
                }
            }
        }
    }

    /** Rounds over every target in turn, each kind's first after {@link #FIRST_ROUND_RAMP} unmeasured. */
    static Map<CompareTarget, LoadTotals> idleRounds(BenchContext context, HttpLoad load, List<CompareTarget> targets,
                                                     int rounds, CpuShares cpu) throws InterruptedException {
        Map<CompareTarget, LoadTotals> idle = new LinkedHashMap<>();
        for (int r = 0; r < rounds; r++) {
            for (CompareTarget t : targets) {
                cpu.mark();
                HttpLoad.Result round = t.run(load, r == 0 ? FIRST_ROUND_RAMP : Duration.ZERO, ROUND, () -> true);
                idle.computeIfAbsent(t, x -> new LoadTotals()).add(round);
                context.progress("  idle, %s, %s, round %d: %.0f req/s, p99 %.1f ms; CPU: %s", t.server(),
                        t.request(), r + 1, round.requestsPerSecond(), round.p99Millis(), cpu.sinceMark());
            }
        }
        return idle;
    }

    static void awaitBackfills(BenchContext context, BooleanSupplier ours, BooleanSupplier theirs, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long lastLog = 0;
        while (ours.getAsBoolean() || theirs.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("backfills did not finish within " + timeout);
            }
            if (System.nanoTime() - lastLog > 15_000_000_000L) {
                lastLog = System.nanoTime();
                context.progress("compare: waiting for the backfills (CryptoFlow %s, original %s)",
                        ours.getAsBoolean() ? "running" : "done", theirs.getAsBoolean() ? "running" : "done");
            }
            Thread.sleep(500);
        }
    }

    /**
     * Waits, at most two minutes, until the collector, replicator and simulator together use under
     * {@link #QUIET_SHARE} of a core over a whole second: the tail of a backfill (the last pages'
     * replication, a heap collection) is not idle. Returns the seconds waited.
     */
    static double awaitQuietWriters(BenchContext context, CpuShares cpu) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline) {
            cpu.mark();
            Thread.sleep(1000);
            Map<String, Double> shares = cpu.sharesSinceMark();
            double writers = List.of("collector", "replicator", "simulator").stream()
                    .mapToDouble(name -> shares.getOrDefault(name, 0.0)).sum();
            if (writers < QUIET_SHARE) {
                return secondsSince(start);
            }
        }
        context.progress("compare: the writers never went quiet within two minutes; idle rounds start anyway");
        return secondsSince(start);
    }

    static double secondsSince(long nanoTime) {
        return (System.nanoTime() - nanoTime) / 1e9;
    }
}
