package io.cryptoflow.replicator.strategy;

import static org.assertj.core.api.Assertions.assertThat;

import io.cryptoflow.common.CandleSchema;
import io.cryptoflow.common.Timeframe;
import io.cryptoflow.replicator.core.ReplicationSettings;
import io.cryptoflow.replicator.core.ReplicationStrategy;
import io.cryptoflow.replicator.db.ReplicatedTable;
import io.cryptoflow.replicator.support.CollectorFixture;
import io.cryptoflow.replicator.support.Harness;
import io.cryptoflow.replicator.support.SqliteFiles;
import java.nio.file.Path;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The 1m, 5m and 30m tables are replicated like the other candle tables, and reach a replica made before them. */
class FinerTimeframesReplicationTest {

    private static final List<Timeframe> FINE = List.of(Timeframe.M1, Timeframe.M5, Timeframe.M30);
    private static final long T = 1_700_001_000_000L - Math.floorMod(1_700_001_000_000L, 1_800_000L);

    @TempDir
    Path dir;

    private ReplicationSettings settings() {
        return ReplicationSettings.defaults(dir.resolve("collector.db"), dir.resolve("api.db"), ReplicationStrategy.INCREMENTAL)
                .withIntervals(Duration.ofSeconds(1), Duration.ofMillis(10))
                .withConsistencyCheck(Duration.ofDays(1), 1000);
    }

    private long count(Timeframe tf) throws Exception {
        return SqliteFiles.queryLong(dir.resolve("api.db"), "SELECT count(*) FROM " + tf.table() + " WHERE symbol = '"
                + CollectorFixture.SYMBOL + "'");
    }

    @Test
    void theFinerTablesAreInTheReplicatedSet() {
        assertThat(ReplicatedTable.revisioned()).extracting(ReplicatedTable::name)
                .contains("candles_1", "candles_5", "candles_30");
        assertThat(ReplicatedTable.byName("candles_5")).get().extracting(ReplicatedTable::candles).isEqualTo(true);
    }

    @Test
    void upsertsAndDeletesOfTheFinerTablesReachTheReplicaIncrementally() throws Exception {
        try (CollectorFixture collector = new CollectorFixture(dir.resolve("collector.db"), 5, 3);
                Harness h = new Harness(settings())) {
            collector.commitBatch();
            h.loop.tick();
            for (Timeframe tf : FINE) {
                collector.upsertCandle(tf, CollectorFixture.SYMBOL, T, 100);
                collector.upsertCandle(tf, CollectorFixture.SYMBOL, T + tf.millis(), 101);
            }
            h.loop.tick();
            for (Timeframe tf : FINE) {
                assertThat(count(tf)).as(tf.table()).isEqualTo(2);
            }
            collector.deleteCandle(Timeframe.M5, CollectorFixture.SYMBOL, T);
            h.loop.tick();

            assertThat(count(Timeframe.M5)).isEqualTo(1);
            assertThat(count(Timeframe.M1)).isEqualTo(2);
            assertThat(h.metrics.snapshots.getCount()).isEqualTo(1);
            assertThat(h.metrics.fallbackSnapshots.getCount()).isZero();
            assertThat(h.replication.verify().consistent()).isTrue();
        }
    }

    @Test
    void aReplicaOfAVersionThreeCollectorGetsTheNewTablesWhenTheCollectorUpgrades() throws Exception {
        try (CollectorFixture collector = new CollectorFixture(dir.resolve("collector.db"), 5, 3);
                Harness h = new Harness(settings())) {
            try (Statement s = collector.connection().createStatement()) {
                for (Timeframe tf : FINE) {
                    s.execute("DROP TABLE " + tf.table());
                }
                s.execute("PRAGMA user_version = 3");
            }
            collector.commitBatch();
            h.loop.tick();
            assertThat(SqliteFiles.queryLong(dir.resolve("api.db"),
                    "SELECT count(*) FROM sqlite_master WHERE name IN ('candles_1', 'candles_5', 'candles_30')")).isZero();

            // the collector starts on the new build: schema version 4 adds the tables
            CandleSchema.apply(collector.connection());
            collector.upsertCandle(Timeframe.M1, CollectorFixture.SYMBOL, T, 100);
            h.loop.tick();

            assertThat(h.metrics.fallbackSnapshots.getCount()).isEqualTo(1);
            assertThat(SqliteFiles.queryLong(dir.resolve("api.db"), "PRAGMA user_version")).isEqualTo(CandleSchema.VERSION);
            assertThat(count(Timeframe.M1)).isEqualTo(1);
            collector.upsertCandle(Timeframe.M30, CollectorFixture.SYMBOL, T, 100);
            h.loop.tick();
            assertThat(count(Timeframe.M30)).isEqualTo(1);
            assertThat(h.metrics.fallbackSnapshots.getCount()).isEqualTo(1);
            assertThat(h.replication.verify().consistent()).isTrue();
        }
    }
}
