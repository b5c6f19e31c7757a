package io.cryptoflow.replicator.strategy;

import static org.assertj.core.api.Assertions.assertThat;

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
 * market configured before any candle of it exists, then its timeframes changing and it turning
 * inactive, with the replica consistent and no fallback snapshot.
 */
class ConfiguredMarketsReplicationTest {

    private static final String ROWS = "SELECT group_concat(symbol || '=' || timeframes || '/' || active, ' ')"
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

            commit(collector, "INSERT INTO configured_markets(symbol, timeframes, configured_since, active, rev) VALUES"
                    + " ('BINANCE:SOLUSDT', '15,60', 1000, 1, :rev), ('BYBIT:XRPUSDT', '60', 1000, 1, :rev)");
            h.loop.tick();
            assertThat(SqliteFiles.queryString(api, ROWS)).isEqualTo("BINANCE:SOLUSDT=15,60/1 BYBIT:XRPUSDT=60/1");

            commit(collector, "UPDATE configured_markets SET timeframes = '1,15,60', rev = :rev WHERE symbol = 'BINANCE:SOLUSDT'",
                    "UPDATE configured_markets SET active = 0, rev = :rev WHERE symbol = 'BYBIT:XRPUSDT'");
            h.loop.tick();
            assertThat(SqliteFiles.queryString(api, ROWS)).isEqualTo("BINANCE:SOLUSDT=1,15,60/1 BYBIT:XRPUSDT=60/0");
            assertThat(h.metrics.fallbackSnapshots.getCount()).isZero();
            assertThat(h.replication.verify().consistent()).isTrue();
        }
    }
}
