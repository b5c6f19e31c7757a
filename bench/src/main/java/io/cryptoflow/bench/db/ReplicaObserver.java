package io.cryptoflow.bench.db;

import io.cryptoflow.bench.load.Latencies;
import io.cryptoflow.common.SqliteConnections;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.function.LongFunction;

/**
 * Reads {@code cf_replica.source_rev} from api.db every millisecond, as an API reader would, and
 * records for every newly visible revision how long after its commit in collector.db it became
 * visible (microseconds).
 */
public final class ReplicaObserver implements AutoCloseable {

    private final Path apiDb;
    private final LongFunction<Long> commitNanos;
    private final Latencies lagMicros = new Latencies();
    private volatile boolean running = true;
    private final Thread thread;
    private long seen = -1;
    private final java.util.concurrent.CountDownLatch firstRead = new java.util.concurrent.CountDownLatch(1);

    public ReplicaObserver(Path apiDb, long startRev, LongFunction<Long> commitNanos) {
        this.apiDb = apiDb;
        this.commitNanos = commitNanos;
        this.seen = startRev;
        this.thread = new Thread(this::loop, "bench-replica-observer");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private void loop() {
        Connection c = null;
        while (running) {
            try {
                if (c == null) {
                    c = SqliteConnections.openReadOnly(apiDb);
                }
                long rev;
                try (Statement s = c.createStatement();
                     ResultSet rs = s.executeQuery("SELECT source_rev FROM cf_replica WHERE id = 1")) {
                    rev = rs.next() ? rs.getLong(1) : -1;
                }
                long now = System.nanoTime();
                for (long r = seen + 1; r <= rev; r++) {
                    Long committed = commitNanos.apply(r);
                    if (committed != null) {
                        lagMicros.add(Math.max(0, (now - committed) / 1000));
                    }
                }
                seen = Math.max(seen, rev);
                firstRead.countDown();
                Thread.sleep(1);
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                try {
                    if (c != null) {
                        c.close();
                    }
                } catch (Exception ignored) {
                    // reopened next round
                }
                c = null;
            }
        }
        try {
            if (c != null) {
                c.close();
            }
        } catch (Exception ignored) {
            // closing a read-only connection
        }
    }

    /** Waits until the observer has read api.db once, so its own start-up is not counted as lag. */
    public void awaitFirstRead() throws InterruptedException {
        if (!firstRead.await(60, java.util.concurrent.TimeUnit.SECONDS)) {
            throw new IllegalStateException("could not read cf_replica from " + apiDb);
        }
    }

    public Latencies lagMicros() {
        return lagMicros;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(5000);
    }
}
