package io.cryptoflow.bench.db;

import io.cryptoflow.common.SqliteConnections;
import io.cryptoflow.common.Timeframe;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * What a live collector does to collector.db between backfills, in miniature: every 50 ms one
 * transaction that bumps {@code cf_state.rev} and rewrites the forming candle of a busy market,
 * and every 10th also the forming candle of the viewed one. Replicated, it moves api.db's stamp
 * the way live markets do, so an API warmed up under it has run its re-check and re-render paths,
 * not only the answer to a page that never changes. Only while the collector is not running: one
 * writer at a time.
 */
public final class LiveTrickle implements AutoCloseable {

    private static final long TICK_MS = 50;

    private final Connection connection;
    private final PreparedStatement upsert;
    private final PreparedStatement bump;
    private final String busy;
    private final String viewed;
    private final long formingOpen;
    private final SyntheticCandles values;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "bench-live-trickle");
        t.setDaemon(true);
        return t;
    });
    private long tick;

    /** @param formingOpen open time of the viewed market's newest candle, rewritten as if still forming */
    public LiveTrickle(Path collectorDb, Timeframe timeframe, String busy, String viewed, long formingOpen,
                       int clusterLevels) throws SQLException {
        this.connection = SqliteConnections.openWriter(collectorDb);
        this.connection.setAutoCommit(false);
        this.upsert = connection.prepareStatement(UpsertLoad.UPSERT.formatted(timeframe.table()));
        this.bump = connection.prepareStatement(UpsertLoad.BUMP_REV);
        this.busy = busy;
        this.viewed = viewed;
        this.formingOpen = formingOpen;
        this.values = new SyntheticCandles(29, clusterLevels);
    }

    public LiveTrickle start() {
        executor.scheduleAtFixedRate(this::tick, 0, TICK_MS, TimeUnit.MILLISECONDS);
        return this;
    }

    private void tick() {
        try {
            long rev = UpsertLoad.nextRevision(bump);
            add(busy, rev);
            if (tick++ % 10 == 0) {
                add(viewed, rev);
            }
            upsert.executeBatch();
            connection.commit();
        } catch (SQLException e) {
            try {
                connection.rollback();
            } catch (SQLException ignored) {
                // the next tick starts a new transaction anyway
            }
        }
    }

    private void add(String symbol, long rev) throws SQLException {
        values.next(1000.0).bind(upsert, symbol, formingOpen);
        upsert.setInt(13, 0);
        upsert.setLong(14, rev);
        upsert.addBatch();
    }

    @Override
    public void close() throws Exception {
        executor.shutdown();
        executor.awaitTermination(30, TimeUnit.SECONDS);
        connection.close();
    }
}
