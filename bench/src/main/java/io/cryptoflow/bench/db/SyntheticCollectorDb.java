package io.cryptoflow.bench.db;

import io.cryptoflow.common.CandleSchema;
import io.cryptoflow.common.NoDataSchema;
import io.cryptoflow.common.SqliteConnections;
import io.cryptoflow.common.Timeframe;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.function.LongConsumer;
import org.sqlite.SQLiteConfig;

/**
 * Builds a collector.db fast: the real schema from {@link CandleSchema} and {@link NoDataDao}, rows
 * bulk-inserted with the journal off, one revision per committed chunk stamped on its rows and in
 * {@code cf_state} (as the collector's writer does per batch), then switched to WAL like the
 * collector leaves it.
 */
public final class SyntheticCollectorDb {

    private static final int CHUNK = 20_000;

    private SyntheticCollectorDb() {
    }

    public record Built(long rows, long bytes, long rev, long newestTime) {
    }

    /**
     * Candles of {@code timeframe} for every symbol (stored form, e.g. {@code BINANCE:BTCUSDT}),
     * newest open time {@code newestOpen}, going back until the file reaches {@code targetBytes}
     * or each symbol has {@code maxRowsPerSymbol} rows.
     */
    public static Built build(Path file, List<String> symbols, Timeframe timeframe, long newestOpen, long targetBytes,
                              long maxRowsPerSymbol, int clusterLevels, LongConsumer progressBytes) throws SQLException {
        SQLiteConfig bulk = new SQLiteConfig();
        bulk.setJournalMode(SQLiteConfig.JournalMode.OFF);
        bulk.setSynchronous(SQLiteConfig.SynchronousMode.OFF);
        bulk.setCacheSize(-200_000);
        SyntheticCandles values = new SyntheticCandles(11, clusterLevels);
        long rows = 0;
        long rev = 0;
        try (Connection c = bulk.createConnection(SqliteConnections.url(file))) {
            CandleSchema.apply(c);
            // and the collector's own table, as its writer creates it: a collector started on this file
            // then changes no schema (a changed schema sends the replicator to a full snapshot)
            try (java.sql.Statement ddl = c.createStatement()) {
                ddl.execute(NoDataSchema.DDL);
            }
            c.setAutoCommit(false);
            String sql = "INSERT INTO " + timeframe.table() + " (symbol, time, open, high, low, close, volume, buy_volume,"
                    + " sell_volume, delta, trade_count, clusters, closed, rev) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,1,?)";
            try (PreparedStatement insert = c.prepareStatement(sql);
                 PreparedStatement state = c.prepareStatement(
                         "UPDATE cf_state SET rev = ?, committed_at = ? WHERE id = 1")) {
                long step = timeframe.millis();
                long sinceCommit = 0;
                for (long k = 0; k < maxRowsPerSymbol; k++) {
                    if (sinceCommit >= CHUNK) {
                        sinceCommit = 0;
                        rev = commitChunk(c, state, rev);
                        long bytes = sizeOf(c);
                        progressBytes.accept(bytes);
                        if (bytes >= targetBytes) {
                            break;
                        }
                    }
                    long time = newestOpen - k * step;
                    for (int s = 0; s < symbols.size(); s++) {
                        SyntheticCandles.Values v = values.next(1000.0 * (s + 1));
                        v.bind(insert, symbols.get(s), time);
                        insert.setLong(13, rev + 1);
                        insert.addBatch();
                        rows++;
                        sinceCommit++;
                    }
                    insert.executeBatch();
                }
                rev = commitChunk(c, state, rev);
            }
            c.setAutoCommit(true);
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
            }
            return new Built(rows, sizeOf(c), rev, newestOpen);
        }
    }

    private static long commitChunk(Connection c, PreparedStatement state, long rev) throws SQLException {
        state.setLong(1, rev + 1);
        state.setLong(2, System.currentTimeMillis());
        state.executeUpdate();
        c.commit();
        return rev + 1;
    }

    private static long sizeOf(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()")) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }
}
