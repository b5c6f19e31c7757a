package io.cryptoflow.replicator.strategy;

import static org.assertj.core.api.Assertions.assertThat;

import io.cryptoflow.replicator.core.ReplicationSettings;
import io.cryptoflow.replicator.core.ReplicationStrategy;
import io.cryptoflow.replicator.support.CollectorFixture;
import io.cryptoflow.replicator.support.Harness;
import io.cryptoflow.replicator.support.SqliteFiles;
import java.nio.file.Path;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Open interest and funding are copied like candles: new and changed rows by {@code rev}, unknown
 * values stay NULL, a tombstone deletes its (symbol, time), and the replica stays consistent.
 */
class DerivativesReplicationTest {

    @TempDir
    Path dir;

    private ReplicationSettings settings() {
        return ReplicationSettings.defaults(dir.resolve("collector.db"), dir.resolve("api.db"), ReplicationStrategy.INCREMENTAL)
                .withIntervals(Duration.ofSeconds(1), Duration.ofMillis(10))
                .withConsistencyCheck(Duration.ofDays(1), 1000);
    }

    @Test
    void openInterestAndFundingRowsAreCopiedUpdatedAndDeletedIncrementally() throws Exception {
        Path api = dir.resolve("api.db");
        try (CollectorFixture collector = new CollectorFixture(dir.resolve("collector.db"), 5, 0);
                Harness h = new Harness(settings())) {
            collector.commitBatch();
            h.loop.tick();
            try (Statement s = collector.connection().createStatement()) {
                s.executeUpdate("UPDATE cf_state SET rev = rev + 1 WHERE id = 1");
                s.executeUpdate("INSERT INTO open_interest(symbol, time, oi, oi_value, rev) VALUES"
                        + " ('BINANCE:BTCUSDT', 300000, 10.5, 630000.0, 2), ('BYBIT:BTCUSDT', 300000, 11.25, NULL, 2)");
                s.executeUpdate("INSERT INTO funding(symbol, time, rate, mark_price, rev) VALUES"
                        + " ('BINANCE:BTCUSDT', 28800000, 0.0001, 60000.5, 2), ('BITGET:BTCUSDT', 28800000, -0.0002, NULL, 2)");
            }
            h.loop.tick();
            assertThat(SqliteFiles.queryLong(api, "SELECT count(*) FROM open_interest")).isEqualTo(2);
            assertThat(SqliteFiles.queryLong(api, "SELECT count(*) FROM open_interest WHERE oi_value IS NULL")).isEqualTo(1);
            assertThat(SqliteFiles.queryLong(api, "SELECT count(*) FROM funding WHERE mark_price IS NULL")).isEqualTo(1);

            try (Statement s = collector.connection().createStatement()) {
                s.executeUpdate("UPDATE cf_state SET rev = rev + 1 WHERE id = 1");
                s.executeUpdate("UPDATE open_interest SET oi = 12, rev = 3 WHERE symbol = 'BYBIT:BTCUSDT'");
                s.executeUpdate("DELETE FROM funding WHERE symbol = 'BITGET:BTCUSDT'");
                s.executeUpdate("INSERT INTO cf_tombstones(rev, tbl, symbol, time) VALUES (3, 'funding', 'BITGET:BTCUSDT', 28800000)");
            }
            h.loop.tick();
            assertThat(h.metrics.fallbackSnapshots.getCount()).isZero();
            assertThat(SqliteFiles.queryString(api, "SELECT group_concat(oi) FROM open_interest WHERE symbol = 'BYBIT:BTCUSDT'"))
                    .isEqualTo("12.0");
            assertThat(SqliteFiles.queryString(api, "SELECT group_concat(symbol) FROM funding")).isEqualTo("BINANCE:BTCUSDT");
            assertThat(h.replication.verify().consistent()).isTrue();
        }
    }
}
