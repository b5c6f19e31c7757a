package io.cryptoflow.bench.db;

import io.cryptoflow.common.SqliteConnections;
import io.cryptoflow.common.TradePartition;
import io.cryptoflow.common.TradeSchema;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.SplittableRandom;

/**
 * One busy market-day of raw trades written into an api.db with the common partition DDL
 * ({@link TradeSchema#partitionDdl}) and registered in {@value TradeSchema#CATALOG_TABLE}, as the
 * replicator would leave it: the fixture the API's CSV stream is measured on. Trades are spread
 * evenly over the day with a random-walk price; several share a millisecond when the count exceeds
 * 86.4 M / day, never here.
 */
public final class TradeDayFixture {

    private TradeDayFixture() {
    }

    /** Writes {@code trades} trades of {@code symbol} (bare, e.g. BTCUSDT) on {@code exchange} for {@code day}. */
    public static TradePartition write(Path apiDb, String exchange, String symbol, LocalDate day, int trades)
            throws SQLException {
        TradePartition p = new TradePartition(exchange, day);
        try (Connection c = SqliteConnections.openWriter(apiDb)) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                for (String ddl : TradeSchema.partitionDdl(p)) {
                    s.execute(ddl);
                }
            }
            long rev;
            try (Statement s = c.createStatement();
                 var rs = s.executeQuery("SELECT coalesce(max(source_rev), 0) FROM cf_replica")) {
                rev = rs.next() ? rs.getLong(1) : 0;
            }
            try (PreparedStatement cat = c.prepareStatement(
                    "INSERT OR REPLACE INTO " + TradeSchema.CATALOG_TABLE + "(name, exchange, day, dropped, rev) VALUES (?, ?, ?, 0, ?)")) {
                cat.setString(1, p.table());
                cat.setString(2, exchange);
                cat.setLong(3, p.dayStart());
                cat.setLong(4, rev);
                cat.executeUpdate();
            }
            SplittableRandom rnd = new SplittableRandom(42);
            double price = 60_000;
            try (PreparedStatement ins = c.prepareStatement("INSERT INTO " + p.table()
                    + "(symbol, id, time, price, qty, buyer_maker, rev) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                for (int i = 0; i < trades; i++) {
                    price = Math.max(1, price + (rnd.nextInt(3) - 1) * 0.1);
                    ins.setString(1, symbol);
                    ins.setLong(2, 1_000_000_000L + i);
                    ins.setLong(3, p.dayStart() + (long) i * 86_400_000L / trades);
                    ins.setDouble(4, Math.round(price * 10) / 10.0);
                    ins.setDouble(5, (1 + rnd.nextInt(5000)) / 1000.0);
                    ins.setInt(6, rnd.nextInt(2));
                    ins.setLong(7, rev);
                    ins.addBatch();
                    if (i % 10_000 == 9_999) {
                        ins.executeBatch();
                    }
                }
                ins.executeBatch();
            }
            c.commit();
        }
        return p;
    }
}
