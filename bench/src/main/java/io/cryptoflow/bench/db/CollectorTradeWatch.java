package io.cryptoflow.bench.db;

import io.cryptoflow.common.SqliteConnections;
import io.cryptoflow.common.TradePartition;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Watches a running collector's collector.db from outside, read-only, as any reader could: the
 * first time each writer revision ({@code cf_state.rev}) became visible (polled every millisecond,
 * the "commit time" a {@link ReplicaObserver} measures replication lag from), and the raw trades
 * stored so far (sum of {@code max(seq)} over the live trade partitions, every 250 ms) for the
 * stored-trades rate.
 */
public final class CollectorTradeWatch implements AutoCloseable {

    /** One count of stored trades and when it was read. */
    public record Sample(long nanos, long trades) {
    }

    private final Path collectorDb;
    private final Map<Long, Long> revSeenNanos = new ConcurrentHashMap<>();
    private final List<Sample> samples = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;
    private long lastRev = -1;

    public CollectorTradeWatch(Path collectorDb) {
        this.collectorDb = collectorDb;
        this.thread = new Thread(this::loop, "bench-collector-watch");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private void loop() {
        Connection c = null;
        long nextCount = 0;
        while (running) {
            try {
                if (c == null) {
                    c = SqliteConnections.openReadOnly(collectorDb);
                }
                long rev = single(c, "SELECT rev FROM cf_state WHERE id = 1");
                long now = System.nanoTime();
                // revisions committed between two polls are stamped with this poll: lag is under-read by <= 1 poll
                for (long r = Math.max(lastRev + 1, rev - 10_000); lastRev >= 0 && r <= rev; r++) {
                    revSeenNanos.putIfAbsent(r, now);
                }
                lastRev = Math.max(lastRev, rev);
                if (now >= nextCount) {
                    long trades = storedTrades(c);
                    synchronized (samples) {
                        samples.add(new Sample(System.nanoTime(), trades));
                    }
                    nextCount = now + 250_000_000L;
                }
                Thread.sleep(1);
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                close(c);
                c = null;
            }
        }
        close(c);
    }

    private static long storedTrades(Connection c) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT name FROM cf_partitions WHERE dropped = 0")) {
            while (rs.next()) {
                // only names that parse as raw-trade partitions reach SQL
                TradePartition.parse(rs.getString(1)).filter(TradePartition::holdsTrades)
                        .ifPresent(p -> tables.add(p.table()));
            }
        }
        long sum = 0;
        for (String t : tables) {
            sum += single(c, "SELECT coalesce(max(seq), 0) FROM " + t);
        }
        return sum;
    }

    private static long single(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : -1;
        }
    }

    private static void close(Connection c) {
        try {
            if (c != null) {
                c.close();
            }
        } catch (SQLException ignored) {
            // reopened next round
        }
    }

    /** When revision {@code rev} was first seen committed, or null (committed before the watch started). */
    public Long committedAtNanos(long rev) {
        return revSeenNanos.get(rev);
    }

    /** The newest revision seen so far (-1 before the first read). */
    public long newestRev() {
        return lastRev;
    }

    public List<Sample> samples() {
        synchronized (samples) {
            return List.copyOf(samples);
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(5000);
    }
}
