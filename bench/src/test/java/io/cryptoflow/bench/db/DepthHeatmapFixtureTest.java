package io.cryptoflow.bench.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.cryptoflow.common.CandleSchema;
import io.cryptoflow.common.MarketSymbol;
import io.cryptoflow.common.ReplicaSchema;
import io.cryptoflow.common.SqliteConnections;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DepthHeatmapFixtureTest {

    private static final long END = 1_764_979_230_000L; // 2025-12-06 00:00:30 UTC: the ranges cross midnight

    @Test
    void writesBothTiersIntoDayPartitionsWithCatalogAndCoverage(@TempDir Path dir) throws Exception {
        Path db = dir.resolve("api.db");
        try (Connection c = SqliteConnections.openWriter(db); Statement s = c.createStatement()) {
            for (String ddl : CandleSchema.ddl()) {
                s.execute(ddl);
            }
            s.execute(ReplicaSchema.DDL);
        }
        List<MarketSymbol> markets = List.of(MarketSymbol.of("BINANCE", "BTCUSDT"), MarketSymbol.of("BYBIT", "ETHUSDT"));

        DepthHeatmapFixture.Written w = DepthHeatmapFixture.write(db, markets, END, 3_600_000L, 120_000L);

        assertThat(w.minuteRows()).isEqualTo(2 * 60);
        assertThat(w.secondRows()).isEqualTo(2 * 120);
        try (Connection c = SqliteConnections.openReadOnly(db)) {
            // END is aligned down to 00:00:00: every row lies in the day before, none at or after END
            assertThat(single(c, "SELECT count(*) FROM depthm_binance_20251205 WHERE symbol = 'BTCUSDT'")).isEqualTo(60);
            assertThat(single(c, "SELECT count(*) FROM depth_bybit_20251205")).isEqualTo(120);
            assertThat(single(c, "SELECT max(time) FROM depth_bybit_20251205")).isEqualTo(1_764_979_199_000L);
            assertThat(single(c, "SELECT min(length(bids)) FROM depthm_bybit_20251205"))
                    .isEqualTo(DepthHeatmapFixture.BINS_PER_SIDE * 4L);
            assertThat(single(c, "SELECT count(*) FROM cf_partitions WHERE dropped = 0")).isEqualTo(4);
            assertThat(single(c, "SELECT min(to_time - from_time) FROM depth_coverage")).isEqualTo(3_600_000L);
        }
    }

    private static long single(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
