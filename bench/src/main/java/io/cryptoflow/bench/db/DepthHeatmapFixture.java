package io.cryptoflow.bench.db;

import io.cryptoflow.common.DepthSchema;
import io.cryptoflow.common.MarketSymbol;
import io.cryptoflow.common.PartitionKind;
import io.cryptoflow.common.SqliteConnections;
import io.cryptoflow.common.TradePartition;
import io.cryptoflow.common.TradeSchema;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Order-book heatmap history written into an api.db with the common DDL ({@link DepthSchema}) and
 * registered in {@value TradeSchema#CATALOG_TABLE}, as the replicator would leave it: per market, a
 * minute row ({@code depthm_…}) for every minute of {@code minuteMs} before {@code end}, a second row
 * ({@code depth_…}) for every second of {@code secondMs} before {@code end}, and one
 * {@code depth_coverage} range over both. Each row holds {@value #BINS_PER_SIDE} float32 bins per side
 * (a 1-bp price grid, so ±1 % of the mid, what the collector keeps at its default band), sizes drawn
 * at random, 85 % of second bins occupied, over a random-walk mid: the blob sizes of a real book.
 */
public final class DepthHeatmapFixture {

    public static final int BINS_PER_SIDE = 100;
    private static final long MINUTE = 60_000;
    private static final long SECOND = 1_000;

    /** Rows written per tier. */
    public record Written(long minuteRows, long secondRows) {
    }

    private DepthHeatmapFixture() {
    }

    /** Writes both tiers for every market of {@code markets}; {@code end} is aligned down to the minute. */
    public static Written write(Path apiDb, List<MarketSymbol> markets, long end, long minuteMs, long secondMs)
            throws SQLException {
        long alignedEnd = Math.floorDiv(end, MINUTE) * MINUTE;
        long minuteRows = 0;
        long secondRows = 0;
        try (Connection c = SqliteConnections.openWriter(apiDb)) {
            c.setAutoCommit(false);
            long rev = single(c, "SELECT coalesce(max(source_rev), 0) FROM cf_replica");
            Set<String> created = new HashSet<>();
            SplittableRandom rnd = new SplittableRandom(22);
            for (MarketSymbol market : markets) {
                double base = basePrice(market.symbol());
                minuteRows += tier(c, created, rev, rnd, market, PartitionKind.DEPTH_MINUTE, base,
                        alignedEnd - minuteMs, alignedEnd, MINUTE, 100);
                secondRows += tier(c, created, rev, rnd, market, PartitionKind.DEPTH, base,
                        alignedEnd - secondMs, alignedEnd, SECOND, 85);
                try (PreparedStatement cov = c.prepareStatement("INSERT OR REPLACE INTO " + DepthSchema.COVERAGE_TABLE
                        + "(exchange, symbol, from_time, to_time, rev) VALUES (?, ?, ?, ?, ?)")) {
                    cov.setString(1, market.exchange());
                    cov.setString(2, market.symbol());
                    cov.setLong(3, alignedEnd - Math.max(minuteMs, secondMs));
                    cov.setLong(4, alignedEnd);
                    cov.setLong(5, rev);
                    cov.executeUpdate();
                }
            }
            c.commit();
        }
        return new Written(minuteRows, secondRows);
    }

    /** A price of the symbol's order (the grid is 1 bp of it, the rows' {@code step}). */
    private static double basePrice(String symbol) {
        return switch (symbol) {
            case "BTCUSDT" -> 60_000;
            case "ETHUSDT" -> 3_000;
            case "BNBUSDT" -> 600;
            default -> 150;
        };
    }

    private static long tier(Connection c, Set<String> created, long rev, SplittableRandom rnd, MarketSymbol market,
                             PartitionKind kind, double base, long from, long to, long every, int occupiedPercent)
            throws SQLException {
        double step = base / 10_000;
        double mid = base;
        long rows = 0;
        PreparedStatement ins = null;
        TradePartition open = null;
        try {
            for (long t = from; t < to; t += every) {
                TradePartition p = TradePartition.of(kind, market, t);
                if (!p.equals(open)) {
                    if (ins != null) {
                        ins.executeBatch();
                        ins.close();
                    }
                    open = p;
                    create(c, created, p, rev);
                    ins = c.prepareStatement("INSERT INTO " + p.table()
                            + "(symbol, time, step, bid_bin, ask_bin, bids, asks, samples, rev) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
                }
                mid = Math.max(step * 200, mid * (1 + (rnd.nextDouble() - 0.5) * 4e-4 * Math.sqrt(every / 1000.0)));
                long bidBin = (long) Math.floor(mid / step);
                ins.setString(1, market.symbol());
                ins.setLong(2, t);
                ins.setDouble(3, step);
                ins.setLong(4, bidBin);
                ins.setLong(5, bidBin + 1);
                ins.setBytes(6, side(rnd, occupiedPercent));
                ins.setBytes(7, side(rnd, occupiedPercent));
                ins.setInt(8, every == MINUTE ? 60 : 1);
                ins.setLong(9, rev);
                ins.addBatch();
                if (++rows % 5_000 == 0) {
                    ins.executeBatch();
                }
            }
            if (ins != null) {
                ins.executeBatch();
            }
        } finally {
            if (ins != null) {
                ins.close();
            }
        }
        return rows;
    }

    private static byte[] side(SplittableRandom rnd, int occupiedPercent) {
        ByteBuffer b = ByteBuffer.allocate(BINS_PER_SIDE * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < BINS_PER_SIDE; i++) {
            b.putFloat(rnd.nextInt(100) < occupiedPercent ? (float) (rnd.nextDouble() * 20) : 0f);
        }
        return b.array();
    }

    private static void create(Connection c, Set<String> created, TradePartition p, long rev) throws SQLException {
        if (!created.add(p.table())) {
            return;
        }
        try (Statement s = c.createStatement()) {
            for (String ddl : p.ddl()) {
                s.execute(ddl);
            }
        }
        // a partition the replicated copy already has keeps its catalog row
        try (PreparedStatement cat = c.prepareStatement("INSERT OR IGNORE INTO " + TradeSchema.CATALOG_TABLE
                + "(name, exchange, day, dropped, rev) VALUES (?, ?, ?, 0, ?)")) {
            cat.setString(1, p.table());
            cat.setString(2, p.exchange());
            cat.setLong(3, p.dayStart());
            cat.setLong(4, rev);
            cat.executeUpdate();
        }
    }

    private static long single(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }
}
