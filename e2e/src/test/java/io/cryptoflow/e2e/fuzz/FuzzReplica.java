package io.cryptoflow.e2e.fuzz;

import io.cryptoflow.common.CandleSchema;
import io.cryptoflow.common.ReplicaSchema;
import io.cryptoflow.common.SqliteConnections;
import io.cryptoflow.common.PartitionKind;
import io.cryptoflow.common.Timeframe;
import io.cryptoflow.common.TradePartition;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * An api.db as the replicator leaves it ({@link CandleSchema} tables, cf_state, cf_replica) with
 * BTCUSDT candles (with clusters) in every timeframe and one session, for the fuzz suites.
 */
final class FuzzReplica {

    static final long T0 = 1_700_006_400_000L; // a UTC midnight
    static final int CANDLES = 300;

    private FuzzReplica() {
    }

    static void create(Path file) throws SQLException {
        try (Connection c = SqliteConnections.openWriter(file)) {
            CandleSchema.apply(c);
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute(ReplicaSchema.DDL);
                s.execute("UPDATE cf_state SET rev = 1, committed_at = " + System.currentTimeMillis() + " WHERE id = 1");
                s.execute("INSERT INTO cf_replica VALUES (1, 1, " + System.currentTimeMillis() + ", "
                        + System.currentTimeMillis() + ", 'snapshot')");
                s.execute("INSERT INTO sessions(symbol, date, poc, vwap, vah, val, volume, rev)"
                        + " VALUES ('BINANCE:BTCUSDT', '2023-11-15', 100.0, 100.5, 102.0, 99.0, 1234.5, 1)");
            }
            for (Timeframe tf : Timeframe.values()) {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + tf.table()
                        + " (symbol, time, open, high, low, close, volume, buy_volume, sell_volume, delta, trade_count,"
                        + " clusters, closed, rev) VALUES ('BINANCE:BTCUSDT', ?, ?, ?, ?, ?, 10, 6, 4, 2, 42, ?, 1, 1)")) {
                    for (int i = 0; i < CANDLES; i++) {
                        double open = 100 + i % 7;
                        ps.setLong(1, T0 + i * tf.millis());
                        ps.setDouble(2, open);
                        ps.setDouble(3, open + 2);
                        ps.setDouble(4, open - 1);
                        ps.setDouble(5, open + 1);
                        ps.setString(6, "{\"" + (int) open + "\":{\"buy\":6,\"sell\":4}}");
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
            }
            depth(c);
            c.commit();
        }
    }

    /** A day of minute heatmap rows for BINANCE BTCUSDT (two bins a side) and its coverage, for /api/depth. */
    private static void depth(Connection c) throws SQLException {
        TradePartition p = new TradePartition(PartitionKind.DEPTH_MINUTE, "BINANCE", TradePartition.dayOf(T0));
        try (Statement s = c.createStatement()) {
            for (String ddl : p.ddl()) {
                s.execute(ddl);
            }
            s.execute("INSERT INTO cf_partitions (name, exchange, day, dropped, rev) VALUES ('" + p.table() + "', 'BINANCE', "
                    + p.dayStart() + ", 0, 1)");
            s.execute("INSERT INTO depth_coverage VALUES ('BINANCE', 'BTCUSDT', " + T0 + ", " + (T0 + 86_399_999L) + ", 1)");
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + p.table() + " (symbol, time, step, bid_bin, ask_bin,"
                + " bids, asks, samples, rev) VALUES ('BTCUSDT', ?, 0.5, 200, 201, x'0000803f00000040', x'00004040', 60, 1)")) {
            for (int m = 0; m < 1440; m++) {
                ps.setLong(1, T0 + m * 60_000L);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }
}
