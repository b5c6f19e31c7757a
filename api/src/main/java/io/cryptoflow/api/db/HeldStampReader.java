package io.cryptoflow.api.db;

import java.util.concurrent.locks.ReentrantLock;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Reads the replica stamp over one handle it keeps open, with its {@link CandleDao} attached once.
 * The stamp is read a few hundred times a second (at most every {@code replicaStampMaxAge} under
 * load), and through {@code Jdbi.withExtension} each reading borrowed a pooled connection, built a
 * handle and attached a DAO: a tenth of a random page's CPU once its candles came from memory
 * (docs/benchmarks.md, issue 23). One reader at a time holds it; a concurrent caller reads through
 * the pool as before. Autocommit: no read transaction stays open between readings, so the
 * replicator's checkpoints are not held back. Dropped on {@link #reopen} (api.db replaced by
 * another file: the kept connection would read the old one) and after any failure.
 */
final class HeldStampReader implements AutoCloseable {

    private final Jdbi jdbi;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile boolean stale;
    private Handle handle;
    private CandlePageReads reads;

    HeldStampReader(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** The stamp (null when cf_replica has none); {@code viaPool} when another reading holds the handle. */
    String read(java.util.function.Supplier<String> viaPool) {
        if (!lock.tryLock()) {
            return viaPool.get();
        }
        try {
            if (stale || handle == null) {
                drop();
                stale = false;
                handle = jdbi.open();
                reads = new CandlePageReads(handle.attach(CandleDao.class));
            }
            return reads.replicaStamp();
        } catch (RuntimeException e) {
            drop();
            throw e;
        } finally {
            lock.unlock();
        }
    }

    /** The next reading opens a new handle (api.db was replaced by another file). */
    void reopen() {
        stale = true;
    }

    private void drop() {
        if (handle != null) {
            try {
                handle.close();
            } catch (RuntimeException ignored) {
                // a connection the pool already closed: nothing left to release
            }
        }
        handle = null;
        reads = null;
    }

    @Override
    public void close() {
        lock.lock();
        try {
            drop();
        } finally {
            lock.unlock();
        }
    }
}
