package io.cryptoflow.e2e.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cryptoflow.common.Timeframe;
import io.cryptoflow.simulator.ExchangeSimulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full disk for the real collector and replicator jars: each runs under a file-size limit
 * ({@link FileSizeLimitedJar}), so its writes to collector.db / api.db fail with a real EFBIG
 * partway through, then the limit is lifted on the running process. While writes fail the
 * service stays up, says once which file refuses writes and why, does not spin or flood its
 * log, and reports unhealthy; afterwards it recovers by itself, the file passes integrity_check
 * and nothing committed or fetched is lost.
 */
class DiskFullIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final java.net.http.HttpClient HTTP = java.net.http.HttpClient.newHttpClient();
    private static final int HISTORY_DAYS = 30;
    private static final List<String> SYMBOLS = List.of("BTCUSDT", "ETHUSDT");
    /** The timeframes of collector-diskfull.yml. */
    private static final List<Timeframe> TIMEFRAMES = List.of(Timeframe.M15, Timeframe.H1, Timeframe.H4, Timeframe.D1);
    private static final long DAY = 86_400_000L;

    @TempDir
    Path tmp;

    private final Path root = ServiceJar.repoRoot();
    private final Map<String, String> env = new HashMap<>();
    private Path data;
    private Path logs;
    private ExchangeSimulator exchange;
    private FileSizeLimitedJar service;

    @BeforeEach
    void environment() throws Exception {
        assumeTrue(FileSizeLimitedJar.available(), "needs util-linux prlimit at " + FileSizeLimitedJar.PRLIMIT);
        data = tmp.resolve("data");
        Files.createDirectories(data);
        logs = root.resolve("e2e/target/fault-logs/" + getClass().getSimpleName());
        env.put("CRYPTOFLOW_DATA_DIR", data.toString());
        env.put("COLLECTOR_PORT", Integer.toString(ServiceJar.freePort()));
        env.put("REPLICATOR_PORT", Integer.toString(ServiceJar.freePort()));
        ServiceJar.exchangeEnvNames().forEach(n -> env.put(n, "http://127.0.0.1:9")); // nothing listens: no internet
    }

    @AfterEach
    void stop() throws Exception {
        if (service != null) {
            service.close();
        }
        if (exchange != null) {
            exchange.close();
        }
    }

    @Test
    void aCollectorWhoseDiskFillsMidBackfillHoldsTheBatchReportsItAndLosesNoCandleOnceThereIsRoom() throws Exception {
        Instant now = Instant.now();
        exchange = ExchangeSimulator.builder().clock(Clock.fixed(now, ZoneOffset.UTC)).enforceRateLimits(false).start();
        env.put("BINANCE_FUTURES_REST_URL", exchange.baseUrl());
        env.put("CRYPTOFLOW_HISTORY_DAYS", Integer.toString(HISTORY_DAYS));
        Path collectorDb = data.resolve("collector.db");
        Files.deleteIfExists(logs.resolve("collector.log"));
        // ~7.6k candles need a few MB; the schema and the first pages fit in 512 KiB.
        service = FileSizeLimitedJar.start(root, "collector", root.resolve("e2e/src/test/resources/fault/collector-diskfull.yml"),
                env, logs.resolve("collector.log"), 512 * 1024, tmp.resolve("native"));
        service.awaitOk(collectorUrl("/admin/ping"), ServiceJar.STARTUP);

        await("writer health turns red while collector.db refuses writes").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> writerHealth() != null && !writerHealth().get("healthy").asBoolean());
        JsonNode red = writerHealth();
        assertThat(ServiceJar.status(collectorUrl("/admin/healthcheck"))).isEqualTo(500);
        assertThat(red.get("message").asText()).contains(collectorDb.toString()).contains("refuses writes")
                .contains("SQLITE_IOERR");
        assertThat(service.logText()).as("one clear error naming the file and the cause; see " + service.log())
                .contains(collectorDb + " refused a write").contains("SQLITE_IOERR");

        // Stays up without spinning or flooding the log while the disk is full.
        long linesBefore = service.logLines();
        Duration cpuBefore = service.cpuTime();
        Thread.sleep(5000);
        assertThat(service.isAlive()).as("no crash; see " + service.log()).isTrue();
        assertThat(service.cpuTime().minus(cpuBefore)).as("CPU used in 5 s of outage").isLessThan(Duration.ofMillis(1500));
        assertThat(service.logLines() - linesBefore).as("log lines in 5 s of outage").isLessThanOrEqualTo(5);
        assertThat(writerHealth().get("healthy").asBoolean()).as("still red while the limit holds").isFalse();
        assertThat(DbContent.integrityCheck(collectorDb)).as("collector.db while writes fail").containsExactly("ok");
        assertThat(mismatches(DbContent.read(collectorDb), now, Long.MIN_VALUE))
                .as("every committed row is a whole, correct candle").isEmpty();

        service.liftLimit();
        await("writer health green again").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> writerHealth() != null && writerHealth().get("healthy").asBoolean());
        await("backfill completes").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                .until(() -> !stillBackfilling());
        await("every health check green").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> ServiceJar.status(collectorUrl("/admin/healthcheck")) == 200);
        assertThat(service.logText()).contains(collectorDb + " accepts writes again");

        assertThat(DbContent.integrityCheck(collectorDb)).containsExactly("ok");
        assertThat(DbContent.duplicateKeys(collectorDb)).isZero();
        long windowAtCheck = System.currentTimeMillis();
        assertThat(mismatches(DbContent.read(collectorDb), now, windowAtCheck))
                .as("collector.db holds exactly the simulator's candles of the window").isEmpty();
    }

    @Test
    void aReplicatorWhoseDiskFillsKeepsApiDbAtItsLastConsistentStateAndCatchesUpOnceThereIsRoom() throws Exception {
        Path apiDb = data.resolve("api.db");
        Files.deleteIfExists(logs.resolve("replicator.log"));
        try (CollectorDbFixture collector = new CollectorDbFixture(data.resolve("collector.db"))) {
            collector.batch(200, 100);
            service = FileSizeLimitedJar.start(root, "replicator", root.resolve("e2e/src/test/resources/fault/replicator-diskfull.yml"),
                    env, logs.resolve("replicator.log"), 1024 * 1024, tmp.resolve("native"));
            service.awaitOk(replicatorUrl("/admin/ping"), ServiceJar.STARTUP);
            long first = collector.rev();
            await("first copy").atMost(Duration.ofSeconds(60)).until(() -> DbContent.replicaSourceRev(apiDb) >= first);
            assertThat(ServiceJar.status(replicatorUrl("/admin/healthcheck"))).isEqualTo(200);

            for (int i = 0; i < 20; i++) {
                collector.batch(100, 2000); // ~4 MB of new rows: api.db cannot hold them under 1 MiB
            }
            long target = collector.rev();
            await("replica health turns red").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> ServiceJar.status(replicatorUrl("/admin/healthcheck")) == 500);
            JsonNode replicaHealth = health(replicatorUrl("/admin/healthcheck")).get("replica");
            assertThat(replicaHealth.get("healthy").asBoolean()).isFalse();
            assertThat(DbContent.replicaSourceRev(apiDb)).as("the replica could not take everything").isLessThan(target);

            long linesBefore = service.logLines();
            Duration cpuBefore = service.cpuTime();
            Thread.sleep(5000);
            assertThat(service.isAlive()).as("no crash; see " + service.log()).isTrue();
            assertThat(service.cpuTime().minus(cpuBefore)).as("CPU used in 5 s of outage").isLessThan(Duration.ofMillis(1500));
            assertThat(service.logLines() - linesBefore).as("log lines in 5 s of outage; see " + service.log())
                    .isLessThanOrEqualTo(5);
            assertThat(service.logText()).as("the error names api.db and the disk; see " + service.log())
                    .contains("into " + apiDb + " failed").contains("SQLITE_IOERR");
            assertThat(service.logText()).as("a full disk is retried, not answered with snapshots")
                    .doesNotContain("Falling back to a full snapshot");
            assertThat(replicaHealth.get("message").asText()).contains(apiDb.toString());

            // api.db is whole and shows exactly the source as of the revision it last committed.
            assertThat(DbContent.integrityCheck(apiDb)).containsExactly("ok");
            DbContent replica = DbContent.read(apiDb);
            long at = DbContent.replicaSourceRev(apiDb);
            assertThat(replica.stateRev()).isEqualTo(at);
            assertThat(replica.rows()).as("api.db = collector.db as of rev " + at)
                    .isEqualTo(rowsUpTo(DbContent.read(data.resolve("collector.db")), at));

            service.liftLimit();
            await("replica catches up").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> DbContent.replicaSourceRev(apiDb) == target);
            await("replica health green").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> ServiceJar.status(replicatorUrl("/admin/healthcheck")) == 200);
            assertThat(service.logText()).contains("Replication into " + apiDb + " works again");
        }
        assertThat(DbContent.integrityCheck(apiDb)).containsExactly("ok");
        DbContent source = DbContent.read(data.resolve("collector.db"));
        DbContent replica = DbContent.read(apiDb);
        assertThat(replica.stateRev()).isEqualTo(source.stateRev());
        assertThat(replica.rows()).isEqualTo(source.rows());
    }

    private static Map<DbContent.Key, DbContent.Row> rowsUpTo(DbContent db, long rev) {
        Map<DbContent.Key, DbContent.Row> out = new java.util.LinkedHashMap<>();
        db.rows().forEach((k, r) -> {
            if (r.rev() <= rev) {
                out.put(k, r);
            }
        });
        return out;
    }

    private String replicatorUrl(String path) {
        return "http://127.0.0.1:" + env.get("REPLICATOR_PORT") + path;
    }

    /** The writer entry of the collector's /admin/healthcheck, or null while it does not answer. */
    private JsonNode writerHealth() {
        JsonNode all = health(collectorUrl("/admin/healthcheck"));
        return all == null ? null : all.get("writer");
    }

    /** A /admin/healthcheck answer whatever its status (500 when a check fails), or null. */
    private static JsonNode health(String url) {
        try {
            var r = HTTP.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(r.body());
        } catch (java.io.IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private String collectorUrl(String path) {
        return "http://127.0.0.1:" + env.get("COLLECTOR_PORT") + path;
    }

    /** True until /progress lists every (symbol, timeframe) of the config as DONE: keys appear only once started. */
    private boolean stillBackfilling() {
        String body = ServiceJar.body(collectorUrl("/progress"));
        int keys = SYMBOLS.size() * TIMEFRAMES.size();
        return body == null || body.split("\"DONE\"", -1).length - 1 != keys;
    }

    /**
     * Rows that differ from the simulator's kline at the same time, and, when {@code windowAt} is
     * given, the simulator's candles of the window as seen at {@code windowAt} that are missing.
     */
    private List<String> mismatches(DbContent db, Instant simNow, long windowAt) throws Exception {
        List<String> problems = new ArrayList<>();
        for (String symbol : SYMBOLS) {
            for (Timeframe tf : TIMEFRAMES) {
                Map<Long, List<Object>> stored = new TreeMap<>();
                db.rows().forEach((k, row) -> {
                    if (k.timeframe() == tf && k.symbol().equals("BINANCE:" + symbol)) {
                        stored.put(k.time(), row.values());
                    }
                });
                long windowStart = tf.openTimeOf(Math.min(simNow.toEpochMilli(), windowAt == Long.MIN_VALUE
                        ? Long.MAX_VALUE : windowAt) - HISTORY_DAYS * DAY);
                long from = stored.isEmpty() ? windowStart : Math.min(windowStart, stored.keySet().iterator().next());
                Map<Long, double[]> sim = simulatorKlines(symbol, tf, from, tf.openTimeOf(simNow.toEpochMilli()));
                stored.forEach((time, values) -> {
                    double[] expected = sim.get(time);
                    if (expected == null) {
                        problems.add(symbol + " " + tf.label() + " " + time + ": stored but not on the exchange");
                    } else if (!sameKline(values, expected)) {
                        problems.add(symbol + " " + tf.label() + " " + time + ": stored " + values + " exchange "
                                + java.util.Arrays.toString(expected));
                    }
                });
                if (windowAt != Long.MIN_VALUE) {
                    long required = tf.openTimeOf(windowAt - HISTORY_DAYS * DAY);
                    sim.keySet().stream().filter(t -> t >= required && !stored.containsKey(t))
                            .forEach(t -> problems.add(symbol + " " + tf.label() + " " + t + ": missing"));
                }
            }
        }
        return problems;
    }

    /** open, high, low, close, volume, taker buy volume, trade count of the stored row vs the exchange's kline. */
    private static boolean sameKline(List<Object> stored, double[] kline) {
        double[] mine = {num(stored.get(0)), num(stored.get(1)), num(stored.get(2)), num(stored.get(3)),
                num(stored.get(4)), num(stored.get(5)), num(stored.get(8))};
        return java.util.Arrays.equals(mine, kline);
    }

    private static double num(Object o) {
        return ((Number) o).doubleValue();
    }

    /** The simulator's Binance futures klines with open time in [from, to], over its REST API. */
    private Map<Long, double[]> simulatorKlines(String symbol, Timeframe tf, long from, long to) throws Exception {
        Map<Long, double[]> out = new TreeMap<>();
        long cursor = from;
        while (cursor <= to) {
            String url = exchange.baseUrl() + "/fapi/v1/klines?symbol=" + symbol + "&interval=" + tf.label()
                    + "&startTime=" + cursor + "&endTime=" + to + "&limit=1500";
            String body = ServiceJar.body(url);
            assertThat(body).as(url).isNotNull();
            JsonNode page = JSON.readTree(body);
            if (page.isEmpty()) {
                break;
            }
            for (JsonNode k : page) {
                out.put(k.get(0).asLong(), new double[] {k.get(1).asDouble(), k.get(2).asDouble(), k.get(3).asDouble(),
                        k.get(4).asDouble(), k.get(5).asDouble(), k.get(9).asDouble(), k.get(8).asDouble()});
            }
            cursor = page.get(page.size() - 1).get(0).asLong() + tf.millis();
        }
        return out;
    }
}
