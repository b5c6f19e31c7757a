package io.cryptoflow.api.support;

import com.codahale.metrics.MetricRegistry;
import io.cryptoflow.api.ApiConfiguration;
import io.cryptoflow.api.db.ReadOnlyDataSourceFactory;
import io.cryptoflow.common.Candle;
import io.cryptoflow.common.CandleSchema;
import io.cryptoflow.common.ReplicaSchema;
import io.cryptoflow.common.MarketSymbol;
import io.cryptoflow.common.SqliteConnections;
import io.cryptoflow.common.Timeframe;
import io.dropwizard.db.ManagedDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;

/**
 * Builds an api.db the way the replicator leaves it: the collector schema from
 * {@link CandleSchema}, candle rows, {@code cf_state} and {@code cf_replica}. Writes through its
 * own WAL writer connection; the API under test only ever reads the file.
 */
public final class ApiDbFixture implements AutoCloseable {

    public static final MarketSymbol BTC = MarketSymbol.of("binance", "btcusdt");

    private final Connection c;

    private ApiDbFixture(Connection c) {
        this.c = c;
    }

    public static ApiDbFixture create(Path file) throws SQLException {
        Connection c = SqliteConnections.openWriter(file);
        CandleSchema.apply(c);
        try (Statement s = c.createStatement()) {
            s.execute(ReplicaSchema.DDL);
        }
        ApiDbFixture f = new ApiDbFixture(c);
        f.replica(0, 0, System.currentTimeMillis(), "snapshot");
        return f;
    }

    public Connection connection() {
        return c;
    }

    /** The API's read-only pool of {@code size} connections over {@code apiDb}, as the application builds it. */
    public static ManagedDataSource readPool(Path apiDb, int size, String name) {
        ApiConfiguration.ReadPoolFactory pool = new ApiConfiguration.ReadPoolFactory();
        pool.setSize(size);
        return ReadOnlyDataSourceFactory.forApiDb(apiDb, pool).build(new MetricRegistry(), name);
    }

    /** Jdbi with the SqlObject plugin over {@code dataSource}. */
    /** The application's {@code ApiDatabase} over {@code pool} (a {@link #readPool}); stop the pool after the test. */
    public static io.cryptoflow.api.db.ApiDatabase database(Path apiDb, ManagedDataSource pool) {
        return new io.cryptoflow.api.db.ApiDatabase(apiDb, jdbi(pool), ((io.dropwizard.db.ManagedPooledDataSource) pool)::purge);
    }

    public static Jdbi jdbi(ManagedDataSource dataSource) {
        Jdbi jdbi = Jdbi.create(dataSource);
        jdbi.installPlugin(new SqlObjectPlugin());
        return jdbi;
    }

    public ApiDbFixture replica(long sourceRev, long sourceCommittedAt, long appliedAt, String strategy)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO cf_replica(id, source_rev, source_committed_at, applied_at, strategy)
                VALUES (1, ?, ?, ?, ?)
                ON CONFLICT(id) DO UPDATE SET source_rev = excluded.source_rev,
                  source_committed_at = excluded.source_committed_at, applied_at = excluded.applied_at,
                  strategy = excluded.strategy""")) {
            ps.setLong(1, sourceRev);
            ps.setLong(2, sourceCommittedAt);
            ps.setLong(3, appliedAt);
            ps.setString(4, strategy);
            ps.executeUpdate();
        }
        return this;
    }

    /** The replicator's {@code cf_replica_check} row: collector.db found still at {@code sourceRev} at {@code checkedAt}. */
    public ApiDbFixture confirmed(long sourceRev, long checkedAt) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(ReplicaSchema.CHECK_DDL);
        }
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO cf_replica_check(id, source_rev, checked_at) VALUES (1, ?, ?)
                ON CONFLICT(id) DO UPDATE SET source_rev = excluded.source_rev, checked_at = excluded.checked_at""")) {
            ps.setLong(1, sourceRev);
            ps.setLong(2, checkedAt);
            ps.executeUpdate();
        }
        return this;
    }

    /** No {@code cf_replica_check} table, as a replicator before it left api.db. */
    public ApiDbFixture unconfirmed() throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS cf_replica_check");
        }
        return this;
    }

    /** A {@code configured_markets} row as the replicator copies it ({@code timeframes}: minutes, comma separated). */
    public ApiDbFixture configured(MarketSymbol market, String timeframes, boolean active) throws SQLException {
        return configured(market, timeframes, active, 1000);
    }

    /**
     * As {@link #configured(MarketSymbol, String, boolean)}, first configured at {@code since} (ms), its
     * kinds not recorded (NULL, as an older collector left them; the column is not named, so this works
     * on a replica from before schema 7 too).
     */
    public ApiDbFixture configured(MarketSymbol market, String timeframes, boolean active, long since) throws SQLException {
        return upsertConfigured(market, timeframes, active, since, false, null);
    }

    /** As {@link #configured(MarketSymbol, String, boolean, long)} with the recorded {@code kinds} ("trades,depth"). */
    public ApiDbFixture configured(MarketSymbol market, String timeframes, boolean active, long since, String kinds)
            throws SQLException {
        return upsertConfigured(market, timeframes, active, since, true, kinds);
    }

    private ApiDbFixture upsertConfigured(MarketSymbol market, String timeframes, boolean active, long since,
                                          boolean withKinds, String kinds) throws SQLException {
        String kindsColumn = withKinds ? ", kinds" : "";
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO configured_markets(symbol, timeframes, configured_since, active, rev%s) VALUES (?, ?, ?, ?, 1%s)
                ON CONFLICT(symbol) DO UPDATE SET timeframes = excluded.timeframes, active = excluded.active,
                  configured_since = excluded.configured_since%s""".formatted(kindsColumn, withKinds ? ", ?" : "",
                withKinds ? ", kinds = excluded.kinds" : ""))) {
            ps.setString(1, market.stored());
            ps.setString(2, timeframes);
            ps.setLong(3, since);
            ps.setInt(4, active ? 1 : 0);
            if (withKinds) {
                ps.setString(5, kinds);
            }
            ps.executeUpdate();
        }
        return this;
    }

    public ApiDbFixture collectorState(long rev, long committedAt, long busyEvents) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE cf_state SET rev = ?, committed_at = ?, busy_events = ? WHERE id = 1")) {
            ps.setLong(1, rev);
            ps.setLong(2, committedAt);
            ps.setLong(3, busyEvents);
            ps.executeUpdate();
        }
        return this;
    }

    /** Upserts candles in one transaction, stamping them with {@code rev}. */
    public ApiDbFixture upsert(Timeframe tf, MarketSymbol market, long rev, List<Candle> candles) throws SQLException {
        c.setAutoCommit(false);
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO %s(symbol, time, open, high, low, close, volume, buy_volume, sell_volume, delta,
                               trade_count, clusters, closed, rev)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(symbol, time) DO UPDATE SET open = excluded.open, high = excluded.high,
                  low = excluded.low, close = excluded.close, volume = excluded.volume,
                  buy_volume = excluded.buy_volume, sell_volume = excluded.sell_volume, delta = excluded.delta,
                  trade_count = excluded.trade_count, clusters = excluded.clusters, closed = excluded.closed,
                  rev = excluded.rev""".formatted(tf.table()))) {
            for (Candle k : candles) {
                ps.setString(1, market.stored());
                ps.setLong(2, k.time());
                ps.setDouble(3, k.open());
                ps.setDouble(4, k.high());
                ps.setDouble(5, k.low());
                ps.setDouble(6, k.close());
                ps.setDouble(7, k.volume());
                ps.setObject(8, k.buyVolume()); // null: not known (SQL NULL)
                ps.setObject(9, k.sellVolume());
                ps.setObject(10, k.delta());
                ps.setObject(11, k.tradeCount());
                ps.setString(12, k.clusters());
                ps.setInt(13, k.closed() ? 1 : 0);
                ps.setLong(14, rev);
                ps.addBatch();
            }
            ps.executeBatch();
            try (Statement stamp = c.createStatement()) {
                // as every replicator apply does, in the same transaction: readers key caches on it
                stamp.executeUpdate("UPDATE cf_replica SET applied_at = applied_at + 1 WHERE id = 1");
            }
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
        return this;
    }

    public ApiDbFixture session(String stored, String date, double poc, double vwap, double vah, double val,
                                double volume, long rev) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT OR REPLACE INTO sessions(symbol, date, poc, vwap, vah, val, volume, rev)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")) {
            ps.setString(1, stored);
            ps.setString(2, date);
            ps.setDouble(3, poc);
            ps.setDouble(4, vwap);
            ps.setDouble(5, vah);
            ps.setDouble(6, val);
            ps.setDouble(7, volume);
            ps.setLong(8, rev);
            ps.executeUpdate();
        }
        return this;
    }

    /** {@code count} open interest samples of {@code stored} every {@code stepMs} from {@code t0}, a slow wave, value unknown. */
    public ApiDbFixture openInterestWave(String stored, long t0, int count, long stepMs) throws SQLException {
        try (PreparedStatement oi = c.prepareStatement(
                "INSERT INTO open_interest(symbol, time, oi, oi_value, rev) VALUES (?, ?, ?, NULL, 1)")) {
            for (int i = 0; i < count; i++) {
                oi.setString(1, stored);
                oi.setLong(2, t0 + i * stepMs);
                oi.setDouble(3, 80_000 + 2_000 * Math.sin(i / 9.0));
                oi.executeUpdate();
            }
        }
        return this;
    }

    /**
     * {@code count} consecutive closed candles from {@code firstTime}, with distinct values derived
     * from the index so a wrong row or order cannot go unnoticed.
     */
    public static List<Candle> series(Timeframe tf, long firstTime, int count) {
        return java.util.stream.IntStream.range(0, count)
                .mapToObj(i -> candle(firstTime + i * tf.millis(), 100 + i, true))
                .toList();
    }

    public static Candle candle(long time, double base, boolean closed) {
        return Candle.fromTakerBuy(time, base, base + 2.5, base - 1.25, base + 0.5, 10 + base / 100,
                4 + base / 1000, 50 + (long) base, closed);
    }

    @Override
    public void close() throws SQLException {
        c.close();
    }
}
