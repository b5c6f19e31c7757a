package io.cryptoflow.bench.scenarios;

import com.fasterxml.jackson.databind.JsonNode;
import io.cryptoflow.bench.BenchContext;
import io.cryptoflow.bench.db.SyntheticCollectorDb;
import io.cryptoflow.bench.load.HttpLoad;
import io.cryptoflow.bench.load.LoadTotals;
import io.cryptoflow.bench.process.Stack;
import io.cryptoflow.bench.report.Fmt;
import io.cryptoflow.bench.report.ResultTable;
import io.cryptoflow.common.SqliteConnections;
import io.cryptoflow.common.Timeframe;
import io.cryptoflow.simulator.ExchangeSimulator;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code /api/candles} under 16 concurrent connections against the real API jar, idle and while
 * the real collector jar backfills at full speed (simulator without rate limits) and the real
 * replicator jar applies its writes. Request kinds are measured in short alternating rounds so
 * each gets its share of the backfill however long the backfill lasts.
 */
public final class ApiLoadScenario implements Scenario {

    private static final int CONNECTIONS = 16;
    private static final int WARM_DAYS = 60;
    private static final int FULL_DAYS = 730;
    private static final Duration ROUND = Duration.ofSeconds(2);
    private static final String CLUSTER_SYMBOL = "BINANCE:XRPUSDT";
    private static final int CLUSTER_LEVELS = 40;

    @Override
    public String name() {
        return "api";
    }

    @Override
    public List<ResultTable> run(BenchContext context) throws Exception {
        Path dir = context.scratch("api");
        Path data = dir.resolve("data");
        Files.createDirectories(data);
        long newestOpen = Timeframe.M15.openTimeOf(System.currentTimeMillis()) - 30L * 86_400_000L;
        SyntheticCollectorDb.Built seeded = SyntheticCollectorDb.build(data.resolve("collector.db"),
                List.of(CLUSTER_SYMBOL), Timeframe.M15, newestOpen, Long.MAX_VALUE, 6000, CLUSTER_LEVELS, b -> { });
        context.progress("api: seeded %d %s candles with %d-level clusters", seeded.rows(), CLUSTER_SYMBOL, CLUSTER_LEVELS);
        Map<String, String> kinds = new LinkedHashMap<>();
        kinds.put("tf=15 limit=1000", "/api/candles?symbol=btcusdt&exchange=binance&tf=15&limit=1000");
        kinds.put("tf=15 limit=5000", "/api/candles?symbol=btcusdt&exchange=binance&tf=15&limit=5000");
        kinds.put("tf=15 limit=1000 clusters", "/api/candles?symbol=xrpusdt&exchange=binance&tf=15&limit=1000");
        kinds.put("tf=15 limit=5000 clusters", "/api/candles?symbol=xrpusdt&exchange=binance&tf=15&limit=5000");
        int rounds = (int) Math.max(1, context.options().loadDuration().toMillis() / ROUND.toMillis());

        try (ExchangeSimulator sim = ExchangeSimulator.builder().enforceRateLimits(false).start();
             Stack stack = new Stack(context.repoRoot(), data, dir.resolve("logs"), sim.baseUrl())) {
            stack.startReplicator(Map.of());
            stack.startApi(Map.of());
            stack.startCollector(Map.of("CRYPTOFLOW_HISTORY_DAYS", Integer.toString(WARM_DAYS)));
            awaitBackfill(stack, context, Duration.ofMinutes(10));
            stack.stop("collector");
            awaitFullPage(stack, kinds.values(), context);
            context.progress("api: warm data ready (%d days); idle rounds", WARM_DAYS);

            HttpLoad load = new HttpLoad(CONNECTIONS);
            Map<String, LoadTotals> idle = new LinkedHashMap<>();
            for (int r = 0; r < rounds; r++) {
                for (Map.Entry<String, String> k : kinds.entrySet()) {
                    idle.computeIfAbsent(k.getKey(), x -> new LoadTotals()).add(load.run(k.getKey(),
                            URI.create(stack.apiUrl(k.getValue())), r == 0 ? Duration.ofSeconds(1) : Duration.ZERO,
                            ROUND, () -> true));
                }
            }

            long busyBefore = busyEventsInReplica(data);
            stack.startCollector(Map.of("CRYPTOFLOW_HISTORY_DAYS", Integer.toString(FULL_DAYS)));
            AtomicBoolean backfilling = new AtomicBoolean(true);
            long[] progress = {0, 0};
            Thread watcher = new Thread(() -> watch(stack, backfilling, progress), "bench-backfill-watch");
            watcher.setDaemon(true);
            watcher.start();
            context.progress("api: collector backfilling %d days at full speed; loaded rounds", FULL_DAYS);
            Map<String, LoadTotals> busy = new LinkedHashMap<>();
            for (int r = 0; r < rounds && backfilling.get(); r++) {
                for (Map.Entry<String, String> k : kinds.entrySet()) {
                    if (!backfilling.get()) {
                        break;
                    }
                    busy.computeIfAbsent(k.getKey(), x -> new LoadTotals()).add(load.run(k.getKey(),
                            URI.create(stack.apiUrl(k.getValue())), Duration.ZERO, ROUND, backfilling::get));
                }
            }
            boolean stillRunning = backfilling.get();
            long busyCounter = stack.collectorBusyCounter();
            awaitBackfill(stack, context, Duration.ofMinutes(20));
            backfilling.set(false);
            long busyAfter = busyEventsInReplica(data);

            ResultTable t = new ResultTable("API /api/candles, " + CONNECTIONS + " connections: idle vs during a full-speed backfill",
                    "request", "phase", "measured s", "requests", "req/s", "p50 ms", "p99 ms", "errors", "KB/answer",
                    "p99 backfill ÷ idle");
            for (String k : kinds.keySet()) {
                LoadTotals i = idle.get(k);
                LoadTotals b = busy.get(k);
                t.row(k, "idle", i.seconds(), i.requests(), i.requestsPerSecond(), i.p50Millis(), i.p99Millis(),
                        i.errors() + suffix(i.errorKinds()), i.avgBodyKb(), "");
                if (b != null) {
                    t.row(k, "backfill", b.seconds(), b.requests(), b.requestsPerSecond(), b.p50Millis(), b.p99Millis(),
                            b.errors() + suffix(b.errorKinds()), b.avgBodyKb(), Fmt.ratio(b.p99Millis() / i.p99Millis()));
                } else {
                    t.row(k, "backfill", 0, 0, null, null, null, 0, null, "backfill ended before this round");
                }
            }
            t.note("collector SQLITE_BUSY/LOCKED counter (metric cryptoflow.collector.sqlite.busy) during the backfill: "
                    + busyCounter + "; cf_state.busy_events in api.db before/after: " + busyBefore + " / " + busyAfter);
            t.note("backfill: " + WARM_DAYS + " → " + FULL_DAYS + " days, 4 symbols × 4 timeframes, simulator without rate limits; "
                    + (stillRunning ? "still running when the loaded rounds ended"
                    : "finished during the loaded rounds (rounds after that are not counted)")
                    + "; /progress at the end of the loaded rounds: " + progress[0] + " / " + progress[1] + " candles (entries started so far)");
            t.note("clusters rows: " + CLUSTER_SYMBOL + ", " + CLUSTER_LEVELS + " price levels per candle, seeded into collector.db"
                    + " and replicated like everything else; rounds of " + ROUND.toSeconds() + " s alternate between request kinds");
            t.note("all processes (simulator + bench load in one JVM, collector, replicator, API) share this machine's "
                    + Runtime.getRuntime().availableProcessors() + " cores");
            return List.of(t);
        }
    }

    private static String suffix(String kinds) {
        return kinds.isEmpty() ? "" : " " + kinds;
    }

    private static void watch(Stack stack, AtomicBoolean backfilling, long[] progress) {
        while (backfilling.get()) {
            JsonNode p = stack.collectorProgress();
            if (p != null) {
                progress[0] = p.path("done").asLong();
                progress[1] = p.path("total").asLong();
            }
            if (stack.backfillComplete()) {
                backfilling.set(false);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    static void awaitBackfill(Stack stack, BenchContext context, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long lastLog = System.nanoTime();
        while (System.nanoTime() < deadline) {
            if (stack.backfillComplete()) {
                return;
            }
            if (System.nanoTime() - lastLog > 10_000_000_000L) {
                lastLog = System.nanoTime();
                context.progress("  backfill: %s", stack.backfillSummary(BackfillScenario.ENTRIES));
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("backfill did not finish within " + timeout);
    }

    private static void awaitFullPage(Stack stack, Iterable<String> paths, BenchContext context) throws InterruptedException {
        List<String> pending = new ArrayList<>();
        paths.forEach(pending::add);
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (!pending.isEmpty() && System.nanoTime() < deadline) {
            pending.removeIf(p -> {
                JsonNode body = stack.getJson(stack.apiUrl(p));
                int want = p.contains("limit=5000") ? 5000 : 1000;
                return body != null && body.path("candles").size() == want;
            });
            Thread.sleep(250);
        }
        if (!pending.isEmpty()) {
            throw new IllegalStateException("the API never served full pages for " + pending);
        }
    }

    private static long busyEventsInReplica(Path data) {
        try (Connection c = SqliteConnections.openReadOnly(data.resolve("api.db"));
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT busy_events FROM cf_state WHERE id = 1")) {
            return rs.next() ? rs.getLong(1) : -1;
        } catch (Exception e) {
            return -1;
        }
    }
}
