package io.cryptoflow.e2e.fault;

import static org.assertj.core.api.Assertions.assertThat;

import io.cryptoflow.simulator.ExchangeSimulator;
import io.cryptoflow.simulator.faults.Fault;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * kill -9 of the real collector jar at random moments, against the exchange simulator, with the
 * real replicator jar running the whole time: during a backfill (each restart widens the history
 * window so there is always history to fetch) and during live syncs (every 200 ms). After every
 * kill collector.db passes integrity_check, holds every candle that was committed before the kill
 * (same values unless a later revision rewrote it, a closed candle never reopened), no row carries
 * a revision newer than cf_state, no key is duplicated. Every third round the replicator is killed
 * too. At the end api.db passes integrity_check and equals collector.db row for row.
 *
 * <p>N = 20 rounds; {@code -Dcryptoflow.faults.long=true} runs 100.
 */
class CollectorKillIT {

    private static final Logger LOG = LoggerFactory.getLogger(CollectorKillIT.class);
    private static final boolean LONG = Boolean.getBoolean("cryptoflow.faults.long");
    private static final int ROUNDS = LONG ? 100 : 20;
    private static final Duration BACKFILL_PAGE_LATENCY = Duration.ofMillis(150);
    /** The klines requests 20 new days take (2 symbols, 4 timeframes, 5 pages each): about 1.5 s in all. */
    private static final int BACKFILL_SLOW_PAGES = 10;

    @TempDir
    Path data;

    private final Path root = ServiceJar.repoRoot();
    private ExchangeSimulator exchange;
    private ServiceJar collector;
    private ServiceJar replicator;
    private final Map<String, String> env = new HashMap<>();

    @AfterEach
    void stopEverything() throws Exception {
        if (collector != null) {
            collector.close();
        }
        if (replicator != null) {
            replicator.close();
        }
        if (exchange != null) {
            exchange.close();
        }
    }

    @Test
    void killMinus9DuringBackfillAndLiveSyncLosesNoCommittedCandleAndTheReplicaConverges() throws Exception {
        exchange = ExchangeSimulator.builder().enforceRateLimits(false).start();
        env.put("CRYPTOFLOW_DATA_DIR", data.toString());
        env.put("COLLECTOR_PORT", Integer.toString(ServiceJar.freePort()));
        env.put("REPLICATOR_PORT", Integer.toString(ServiceJar.freePort()));
        ServiceJar.exchangeEnvNames().forEach(n -> env.put(n, exchange.baseUrl()));
        String ws = exchange.wsBaseUrl();
        env.put("BINANCE_FUTURES_WS_URL", ws + "/market");
        env.put("BINANCE_SPOT_WS_URL", ws);
        env.put("BYBIT_WS_URL", ws + "/v5/public/linear");
        env.put("BYBIT_SPOT_WS_URL", ws + "/v5/public/spot");
        env.put("BITGET_WS_URL", ws + "/v2/ws/public");
        Path collectorDb = data.resolve("collector.db");
        Path apiDb = data.resolve("api.db");
        Path logs = root.resolve("e2e/target/fault-logs/" + getClass().getSimpleName());
        Path collectorConfig = root.resolve("e2e/src/test/resources/fault/collector-fault.yml");
        replicator = startReplicator(logs);

        Random random = new Random(Long.getLong("cryptoflow.faults.seed", System.nanoTime()));
        int days = 10;
        int backfillKills = 0;
        int liveKills = 0;
        int replicatorKills = 0;
        List<String> failures = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            boolean backfill = round % 2 == 0;
            if (backfill) {
                days += 20; // new history to fetch after this restart
            }
            env.put("CRYPTOFLOW_HISTORY_DAYS", Integer.toString(days));
            exchange.faults().clear();
            if (backfill) {
                // A real exchange answers a page in tens to hundreds of milliseconds, the simulator at once:
                // 20 new days were then fetched before the random wait below ended, and no kill landed
                // during a backfill. Pages as slow as a distant exchange's keep it running across the wait.
                exchange.faults().enqueue("/fapi/v1/klines", Fault.delay(BACKFILL_PAGE_LATENCY), BACKFILL_SLOW_PAGES);
            }
            collector = ServiceJar.start(root, "collector", collectorConfig, env, logs.resolve("collector.log"));
            collector.awaitOk("http://127.0.0.1:" + env.get("COLLECTOR_PORT") + "/admin/ping", ServiceJar.STARTUP);
            Thread.sleep(backfill ? random.nextInt(600) : 300 + random.nextInt(1200));
            boolean stillBackfilling = stillBackfilling();
            DbContent before = Files.exists(collectorDb) ? DbContent.read(collectorDb) : new DbContent(-1, Map.of());
            collector.kill9();
            if (stillBackfilling) {
                backfillKills++;
            } else {
                liveKills++;
            }
            boolean killReplicator = round % 3 == 2;
            if (killReplicator) {
                replicator.kill9();
                replicatorKills++;
            }

            assertThat(DbContent.integrityCheck(collectorDb)).as("collector.db integrity after kill %d", round)
                    .containsExactly("ok");
            DbContent after = DbContent.read(collectorDb);
            failures.addAll(lostOrChanged(before, after, "round " + round));
            assertThat(after.stateRev()).as("cf_state.rev never goes back").isGreaterThanOrEqualTo(before.stateRev());
            assertThat(after.rows().values()).as("no row stamped with a revision cf_state has not reached")
                    .allSatisfy(r -> assertThat(r.rev()).isLessThanOrEqualTo(after.stateRev()));
            assertThat(DbContent.duplicateKeys(collectorDb)).isZero();
            if (killReplicator) {
                if (Files.exists(apiDb)) {
                    assertThat(DbContent.integrityCheck(apiDb)).as("api.db integrity after replicator kill")
                            .containsExactly("ok");
                }
                replicator = startReplicator(logs);
            }
            LOG.info("round {}: killed {} with {} rows at rev {} ({} rows at rev {} before)", round,
                    stillBackfilling ? "mid-backfill" : "live", after.rows().size(), after.stateRev(),
                    before.rows().size(), before.stateRev());
        }
        assertThat(failures).as("committed candles lost or changed by a kill").isEmpty();
        assertThat(backfillKills).as("kills that landed during a backfill").isPositive();
        assertThat(liveKills).as("kills that landed during live sync").isPositive();

        // Let it finish, stop it cleanly, and the replica must converge to the same rows.
        collector = ServiceJar.start(root, "collector", collectorConfig, env, logs.resolve("collector.log"));
        collector.awaitOk("http://127.0.0.1:" + env.get("COLLECTOR_PORT") + "/admin/ping", ServiceJar.STARTUP);
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (stillBackfilling() && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        collector.stop();
        DbContent source = DbContent.read(collectorDb);
        deadline = System.nanoTime() + ServiceJar.STARTUP.toNanos();
        while (DbContent.replicaSourceRev(apiDb) < source.stateRev() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(DbContent.replicaSourceRev(apiDb)).as("replica caught up; see " + logs).isEqualTo(source.stateRev());
        assertThat(DbContent.integrityCheck(apiDb)).containsExactly("ok");
        DbContent replica = DbContent.read(apiDb);
        assertThat(replica.rows()).as("api.db equals collector.db row for row").isEqualTo(source.rows());
        LOG.info("{} kills: {} mid-backfill, {} live, {} replicator kills; final {} rows at rev {}", ROUNDS,
                backfillKills, liveKills, replicatorKills, source.rows().size(), source.stateRev());
    }

    private ServiceJar startReplicator(Path logs) throws Exception {
        ServiceJar r = ServiceJar.start(root, "replicator", root.resolve("replicator/config.yml"), env,
                logs.resolve("replicator.log"));
        r.awaitOk("http://127.0.0.1:" + env.get("REPLICATOR_PORT") + "/admin/ping", ServiceJar.STARTUP);
        return r;
    }

    /** True while /progress lists a market that is not DONE (or none yet). */
    private boolean stillBackfilling() {
        String body = ServiceJar.body("http://127.0.0.1:" + env.get("COLLECTOR_PORT") + "/progress");
        return body == null || !body.contains("\"state\"") || body.contains("\"RUNNING\"") || body.contains("\"RETRYING\"");
    }

    /** Rows committed before the kill that are missing after it, changed at the same revision, or reopened. */
    static List<String> lostOrChanged(DbContent before, DbContent after, String when) {
        List<String> problems = new ArrayList<>();
        before.rows().forEach((key, row) -> {
            DbContent.Row now = after.rows().get(key);
            if (now == null) {
                problems.add(when + ": lost " + key);
            } else if (now.rev() < row.rev()) {
                problems.add(when + ": " + key + " went back from rev " + row.rev() + " to " + now.rev());
            } else if (now.rev() == row.rev() && !now.equals(row)) {
                problems.add(when + ": " + key + " changed without a new revision: " + row + " -> " + now);
            } else if (row.closed() && !now.closed()) {
                problems.add(when + ": closed candle " + key + " reopened");
            }
        });
        return problems;
    }
}
