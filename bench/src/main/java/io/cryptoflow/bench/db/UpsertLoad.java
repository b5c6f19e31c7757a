package io.cryptoflow.bench.db;

import io.cryptoflow.common.SqliteConnections;
import io.cryptoflow.common.Timeframe;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A steady collector-like write load on collector.db: every 50 ms one IMMEDIATE transaction that
 * bumps {@code cf_state.rev} and upserts a batch stamped with it (forming candles of every symbol,
 * one new candle, and older rows spread over the file, like gap fills), all with clusters.
 * Remembers when each revision committed so a reader can measure lag.
 */
public final class UpsertLoad implements AutoCloseable {

    private static final long TICK_MS = 50;
    static final String UPSERT = """
            INSERT INTO %s (symbol, time, open, high, low, close, volume, buy_volume, sell_volume, delta,
                            trade_count, clusters, closed, rev)
            VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)
            ON CONFLICT(symbol, time) DO UPDATE SET open = excluded.open, high = excluded.high, low = excluded.low,
              close = excluded.close, volume = excluded.volume, buy_volume = excluded.buy_volume,
              sell_volume = excluded.sell_volume, delta = excluded.delta, trade_count = excluded.trade_count,
              clusters = excluded.clusters, closed = excluded.closed, rev = excluded.rev""";
    /** Prepared for {@link #nextRevision}. */
    static final String BUMP_REV = "UPDATE cf_state SET rev = rev + 1, committed_at = ? WHERE id = 1 RETURNING rev";

    private final Connection connection;
    private final PreparedStatement upsert;
    private final PreparedStatement bump;
    private final Statement transactions;
    private final List<String> symbols;
    private final Timeframe timeframe;
    private final long[] newest;
    private final long rowsPerSymbol;
    private final int rowsPerTick;
    private final SyntheticCandles values;
    private final Map<Long, Long> commitNanos = new ConcurrentHashMap<>();
    private final AtomicLong upserts = new AtomicLong();
    private final AtomicLong payloadBytes = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong lockedNanos = new AtomicLong();
    private ScheduledExecutorService executor;

    public UpsertLoad(Path collectorDb, List<String> symbols, Timeframe timeframe, long newestOpen, long rowsPerSymbol,
                      int upsertsPerSecond, int clusterLevels) throws SQLException {
        this.connection = SqliteConnections.openWriter(collectorDb);
        // Autocommit with explicit BEGIN IMMEDIATE / COMMIT, as the collector's writer
        // (ImmediateTransactions): with autocommit off the driver opens the next IMMEDIATE
        // transaction right after each commit and holds the write lock between ticks, which
        // Litestream's checkpoint (it writes _litestream_seq) then never gets.
        this.transactions = connection.createStatement();
        this.upsert = connection.prepareStatement(UPSERT.formatted(timeframe.table()));
        this.bump = connection.prepareStatement(BUMP_REV);
        this.symbols = symbols;
        this.timeframe = timeframe;
        this.newest = new long[symbols.size()];
        java.util.Arrays.fill(newest, newestOpen);
        this.rowsPerSymbol = rowsPerSymbol;
        this.rowsPerTick = Math.max(symbols.size() + 1, (int) (upsertsPerSecond * TICK_MS / 1000));
        this.values = new SyntheticCandles(23, clusterLevels);
    }

    public void start() {
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bench-upserts");
            t.setDaemon(true);
            return t;
        });
        executor.scheduleAtFixedRate(this::tick, 0, TICK_MS, TimeUnit.MILLISECONDS);
    }

    private long tickNo;

    private void tick() {
        long began = System.nanoTime();
        try {
            transactions.execute("BEGIN IMMEDIATE");
            long rev = nextRevision(bump);
            int n = 0;
            for (int s = 0; s < symbols.size(); s++, n++) {
                add(s, newest[s], 0, rev);
            }
            int appendTo = (int) (tickNo++ % symbols.size());
            newest[appendTo] += timeframe.millis();
            add(appendTo, newest[appendTo], 0, rev);
            n++;
            for (; n < rowsPerTick; n++) {
                int s = values.random().nextInt(symbols.size());
                long back = 1 + values.random().nextLong(Math.max(1, rowsPerSymbol - 1));
                add(s, newest[s] - back * timeframe.millis(), 1, rev);
            }
            upsert.executeBatch();
            transactions.execute("COMMIT");
            long committed = System.nanoTime();
            commitNanos.put(rev, committed);
            lockedNanos.addAndGet(committed - began);
        } catch (SQLException e) {
            failures.incrementAndGet();
            try {
                transactions.execute("ROLLBACK");
            } catch (SQLException ignored) {
                // the next tick starts a new transaction anyway
            }
        }
    }

    /** Opens the collector's next revision in the current transaction, as its writer does per batch. */
    static long nextRevision(PreparedStatement bump) throws SQLException {
        bump.setLong(1, System.currentTimeMillis());
        try (ResultSet rs = bump.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private void add(int s, long time, int closed, long rev) throws SQLException {
        SyntheticCandles.Values v = values.next(1000.0 * (s + 1));
        v.bind(upsert, symbols.get(s), time);
        upsert.setInt(13, closed);
        upsert.setLong(14, rev);
        upsert.addBatch();
        upserts.incrementAndGet();
        payloadBytes.addAndGet(v.payloadBytes(symbols.get(s)));
    }

    /** nanoTime at which revision {@code rev} was committed, or null if it was not one of ours. */
    public Long committedAtNanos(long rev) {
        return commitNanos.get(rev);
    }

    public long upserts() {
        return upserts.get();
    }

    public long payloadBytes() {
        return payloadBytes.get();
    }

    public long failures() {
        return failures.get();
    }

    /** Time spent inside committed transactions (holding collector.db's write lock, as IMMEDIATE ones do). */
    public long lockedNanos() {
        return lockedNanos.get();
    }

    public void stop() throws InterruptedException {
        if (executor != null) {
            executor.shutdown();
            executor.awaitTermination(30, TimeUnit.SECONDS);
        }
    }

    @Override
    public void close() throws Exception {
        stop();
        transactions.execute("PRAGMA wal_checkpoint(PASSIVE)");
        transactions.close();
        connection.close();
    }
}
