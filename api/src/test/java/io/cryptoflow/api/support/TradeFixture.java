package io.cryptoflow.api.support;

import io.cryptoflow.common.TradePartition;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/** Writes partitions (raw trades; any kind through {@link #create}) into a test api.db the way the replicator leaves them (shared DDL, catalog row). */
public final class TradeFixture {

    /** One trade row; {@code buyerMaker} true = the taker sold. */
    public record Row(String symbol, long id, long time, double price, double qty, boolean buyerMaker) {
    }

    private TradeFixture() {
    }

    public static void write(Connection c, TradePartition p, long rev, Iterable<Row> rows) throws SQLException {
        create(c, p, rev);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + p.table()
                + " (symbol, id, time, price, qty, buyer_maker, rev) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            for (Row r : rows) {
                ps.setString(1, r.symbol());
                ps.setLong(2, r.id());
                ps.setLong(3, r.time());
                ps.setDouble(4, r.price());
                ps.setDouble(5, r.qty());
                ps.setInt(6, r.buyerMaker() ? 1 : 0);
                ps.setLong(7, rev);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Creates {@code p} from its kind's DDL and stamps its catalog row with {@code rev}, as the replicator does. */
    public static void create(Connection c, TradePartition p, long rev) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (String ddl : p.ddl()) {
                s.execute(ddl);
            }
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO cf_partitions (name, exchange, day, dropped, rev)"
                + " VALUES (?, ?, ?, 0, ?) ON CONFLICT(name) DO UPDATE SET rev = excluded.rev")) {
            ps.setString(1, p.table());
            ps.setString(2, p.exchange());
            ps.setLong(3, p.dayStart());
            ps.setLong(4, rev);
            ps.executeUpdate();
        }
    }
}
