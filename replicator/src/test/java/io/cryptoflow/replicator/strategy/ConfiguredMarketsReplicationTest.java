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
 * {@code configured_markets} reaches api.db incrementally by {@code rev} like the other tables: a
 * market configured before any candle of it exists, then its timeframes changing and it turning
 * inactive, with the replica consistent and no fallback snapshot.
 */
class ConfiguredMarketsReplicationTest {

    @TempDir
    Path dir;

    private ReplicationSettings settings() {
        return ReplicationSettings.defaults(dir.resolve("collector.db"), dir.resolve("api.db"), ReplicationStrategy.INCREMENTAL)
                .withIntervals(Duration.ofSeconds(1), Duration.ofMillis(10))
                .withConsistencyCheck(Duration.ofDays(1), 1000);
    }

    @Test
    void configuredMarketsAreCopiedAndUpdatedIncrementally() throws Exception {
        Path api = dir.resolve("api.db");
        try (CollectorFixture collector = new CollectorFixture(dir.resolve("collector.db"), 5, 0);
                Harness h = new Harness(settings())) {
            collector.commitBatch();
            h.loop.tick();
            try (Statement s = collector.connection().createStatement()) {
                s.executeUpdate("UPDATE cf_state SET rev = rev + 1 WHERE id = 1");
                s.executeUpdate("INSERT INTO configured_markets(symbol, timeframes, configured_since, active, rev) VALUES"
                        + " ('BINANCE:SOLUSDT', '15,60', 1000, 1, 2), ('BYBIT:XRPUSDT', '60', 1000, 1, 2)");
            }
            h.loop.tick();
            assertThat(SqliteFiles.queryString(api, "SELECT group_concat(symbol || '=' || timeframes, ' ') FROM"
                    + " (SELECT * FROM configured_markets WHERE active = 1 ORDER BY symbol)"))
                    .isEqualTo("BINANCE:SOLUSDT=15,60 BYBIT:XRPUSDT=60");

            try (Statement s = collector.connection().createStatement()) {
                s.executeUpdate("UPDATE cf_state SET rev = rev + 1 WHERE id = 1");
                s.executeUpdate("UPDATE configured_markets SET timeframes = '1,15,60', rev = 3 WHERE symbol = 'BINANCE:SOLUSDT'");
                s.executeUpdate("UPDATE configured_markets SET active = 0, rev = 3 WHERE symbol = 'BYBIT:XRPUSDT'");
            }
            h.loop.tick();
            assertThat(h.metrics.fallbackSnapshots.getCount()).isZero();
            assertThat(SqliteFiles.queryString(api, "SELECT group_concat(symbol || '=' || timeframes || '/' || active, ' ') FROM"
                    + " (SELECT * FROM configured_markets ORDER BY symbol)"))
                    .isEqualTo("BINANCE:SOLUSDT=1,15,60/1 BYBIT:XRPUSDT=60/0");
            assertThat(h.replication.verify().consistent()).isTrue();
        }
    }
}
