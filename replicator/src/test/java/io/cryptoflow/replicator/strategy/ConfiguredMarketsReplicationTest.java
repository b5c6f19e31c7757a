package io.cryptoflow.replicator.strategy;

import static org.assertj.core.api.Assertions.assertThat;

import io.cryptoflow.common.CandleSchema;
import io.cryptoflow.common.ConfiguredMarketSchema;
import io.cryptoflow.replicator.support.CollectorFixture;
import io.cryptoflow.replicator.support.Harness;
import io.cryptoflow.replicator.support.SqliteFiles;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code configured_markets} reaches api.db incrementally by {@code rev} like the other tables: a
 * market configured before any candle of it exists, then its timeframes or kinds changing and it
 * turning inactive, with the replica consistent and no fallback snapshot; and a replica of a schema-6
 * collector (no {@code kinds} column) gets the column when the collector upgrades.
 */
class ConfiguredMarketsReplicationTest {

    private static final String ROWS = "SELECT group_concat(symbol || '=' || timeframes || '/' || active, ' ')"
            + " FROM (SELECT * FROM configured_markets ORDER BY symbol)";
    private static final String KINDS = "SELECT group_concat(symbol || '=' || coalesce(kinds, 'null'), ' ')"
            + " FROM (SELECT * FROM configured_markets ORDER BY symbol)";

    @TempDir
    Path dir;

    /** One collector transaction: the next revision, then {@code statements} stamping rows with it. */
    private static void commit(CollectorFixture collector, String... statements) throws SQLException {
        try (Statement s = collector.connection().createStatement()) {
            s.executeUpdate("UPDATE cf_state SET rev = rev + 1 WHERE id = 1");
            for (String sql : statements) {
                s.executeUpdate(sql.replace(":rev", Long.toString(collector.rev())));
            }
        }
    }

    @Test
    void configuredMarketsAreCopiedAndUpdatedIncrementally() throws Exception {
        Path api = dir.resolve("api.db");
        try (CollectorFixture collector = new CollectorFixture(dir.resolve("collector.db"), 5, 0);
                Harness h = new Harness(Harness.incremental(dir))) {
            collector.commitBatch();
            h.loop.tick();

            commit(collector, "INSERT INTO configured_markets(symbol, timeframes, configured_since, active, rev, kinds) VALUES"
                    + " ('BINANCE:SOLUSDT', '15,60', 1000, 1, :rev, 'trades'), ('BYBIT:XRPUSDT', '60', 1000, 1, :rev, '')");
            h.loop.tick();
            assertThat(SqliteFiles.queryString(api, ROWS)).isEqualTo("BINANCE:SOLUSDT=15,60/1 BYBIT:XRPUSDT=60/1");
            assertThat(SqliteFiles.queryString(api, KINDS)).isEqualTo("BINANCE:SOLUSDT=trades BYBIT:XRPUSDT=");

            commit(collector, "UPDATE configured_markets SET kinds = 'trades,depth', rev = :rev WHERE symbol = 'BINANCE:SOLUSDT'");
            h.loop.tick();
            assertThat(SqliteFiles.queryString(api, KINDS)).isEqualTo("BINANCE:SOLUSDT=trades,depth BYBIT:XRPUSDT=");

            commit(collector, "UPDATE configured_markets SET timeframes = '1,15,60', rev = :rev WHERE symbol = 'BINANCE:SOLUSDT'",
                    "UPDATE configured_markets SET active = 0, rev = :rev WHERE symbol = 'BYBIT:XRPUSDT'");
            h.loop.tick();
            assertThat(SqliteFiles.queryString(api, ROWS)).isEqualTo("BINANCE:SOLUSDT=1,15,60/1 BYBIT:XRPUSDT=60/0");
            assertThat(h.metrics.fallbackSnapshots.getCount()).isZero();
            assertThat(h.replication.verify().consistent()).isTrue();
        }
    }

    @Test
    void aReplicaOfASchemaSixCollectorGetsTheKindsColumnWhenTheCollectorUpgrades() throws Exception {
        Path api = dir.resolve("api.db");
        try (CollectorFixture collector = new CollectorFixture(dir.resolve("collector.db"), 5, 0);
                Harness h = new Harness(Harness.incremental(dir))) {
            try (Statement s = collector.connection().createStatement()) {
                s.execute("ALTER TABLE configured_markets DROP COLUMN kinds"); // as version 6 created it
                s.execute("PRAGMA user_version = 6");
            }
            commit(collector, "INSERT INTO configured_markets(symbol, timeframes, configured_since, active, rev) VALUES"
                    + " ('BINANCE:SOLUSDT', '15,60', 1000, 1, :rev)");
            h.loop.tick();
            assertThat(SqliteFiles.queryString(api, ROWS)).isEqualTo("BINANCE:SOLUSDT=15,60/1");
            assertThat(SqliteFiles.queryLong(api, "SELECT count(*) FROM pragma_table_info('configured_markets')"
                    + " WHERE name = 'kinds'")).isZero();

            // the collector starts on the new build: version 7 adds the column (NULL: unknown), and its
            // start-up records the kinds under a new revision, which the replicator meets with a snapshot
            CandleSchema.apply(collector.connection());
            commit(collector, "UPDATE configured_markets SET kinds = 'trades,liquidations', rev = :rev");
            h.loop.tick();

            assertThat(h.metrics.fallbackSnapshots.getCount()).isEqualTo(1);
            assertThat(SqliteFiles.queryLong(api, "PRAGMA user_version")).isEqualTo(CandleSchema.VERSION);
            assertThat(SqliteFiles.queryString(api, KINDS)).isEqualTo("BINANCE:SOLUSDT=trades,liquidations");
            assertThat(SqliteFiles.queryLong(api, "SELECT count(*) FROM pragma_table_info('configured_markets')"))
                    .isEqualTo(ConfiguredMarketSchema.COLUMNS.size());
            assertThat(h.replication.verify().consistent()).isTrue();
        }
    }
}
