package io.cryptoflow.api.db;

import io.cryptoflow.api.core.CandleReads;
import io.cryptoflow.api.core.CatalogReads;
import io.cryptoflow.api.core.DatabaseBusyException;
import io.cryptoflow.api.core.DepthReads;
import io.cryptoflow.api.core.PartitionFeedReads;
import io.cryptoflow.api.core.ReplicaNotReadyException;
import io.cryptoflow.api.core.ReplicaStore;
import io.cryptoflow.api.core.TradeReads;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.function.Function;
import org.apache.tomcat.jdbc.pool.PoolExhaustedException;
import org.jdbi.v3.core.ConnectionException;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API's only database: api.db, read-only, read through the SqlObject DAOs of this package.
 * Until the replicator has produced a complete copy (file present, {@code cf_replica} row written)
 * every read fails with {@link ReplicaNotReadyException}, which the resources turn into a 503.
 */
public class ApiDatabase implements ReplicaStore {

    private static final Logger LOG = LoggerFactory.getLogger(ApiDatabase.class);

    private final Path file;
    private final Jdbi jdbi;
    private final Runnable purgePool;
    private final ReplicaStampStatement stampStatement;
    private volatile Object fileKey;
    private volatile Runnable onReplaced = () -> { };

    /**
     * @param purgePool closes the pool's connections (busy ones when returned); run when api.db
     *                  was replaced by another file, since open connections would keep reading
     *                  the old, unlinked one
     */
    public ApiDatabase(Path file, Jdbi jdbi, Runnable purgePool) {
        this.file = file;
        this.jdbi = jdbi;
        this.stampStatement = new ReplicaStampStatement(file);
        this.purgePool = () -> {
            stampStatement.close();
            purgePool.run();
        };
    }

    /** On its own kept connection and statement ({@link ReplicaStampStatement}), not through Jdbi. */
    @Override
    public String replicaStamp() {
        requireFile();
        try {
            return stampStatement.read();
        } catch (ReplicaStampStatement.Unreadable e) {
            if (e.tableMissing()) {
                return null; // between a snapshot and its stamp, as CandlePageReads#replicaStamp
            }
            LOG.warn("reading the replica stamp of {} failed: {}", file, e.getCause().toString());
            throw new ReplicaNotReadyException("replica not ready: " + file.getFileName()
                    + " cannot be read yet (" + reason(e) + ")", e);
        }
    }

    @Override
    public <R> R candles(Function<CandleReads, R> work) {
        // one read transaction: every statement of the page sees the same WAL snapshot of api.db (the
        // connections are read-only from their open flags)
        return guarded(() -> jdbi.inTransaction(h -> work.apply(new CandlePageReads(h))));
    }

    @Override
    public <R> R trades(Function<TradeReads, R> work) {
        return read(TradeDao.class, dao -> dao.inOneSnapshot(work));
    }

    /** Runs {@code work} in one read transaction over the liquidation partitions (the /ws liquidations channel). */
    public <R> R liquidations(Function<PartitionFeedReads, R> work) {
        return read(LiquidationFeedDao.class, dao -> dao.inOneSnapshot(work));
    }

    @Override
    public <R> R depth(Function<DepthReads, R> work) {
        return read(DepthDao.class, dao -> dao.inOneSnapshot(work));
    }

    @Override
    public <R> R catalog(Function<CatalogReads, R> work) {
        return read(CatalogDao.class, work::apply);
    }

    public Path file() {
        return file;
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    @Override
    public boolean fileExists() {
        return currentFileKey() != null;
    }

    /**
     * Runs {@code action} when api.db is found replaced by another file (e.g. to forget JSON rendered
     * by revision: a replica rebuilt from another collector.db may reuse revision numbers).
     */
    public void onReplaced(Runnable action) {
        this.onReplaced = action;
    }

    /** Drops every pooled connection; the next reads open api.db afresh. */
    public void purgeConnections() {
        purgePool.run();
    }

    /** The file's identity (device + inode), or null when it does not exist. */
    private Object currentFileKey() {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return a.isRegularFile() ? (a.fileKey() != null ? a.fileKey() : Boolean.TRUE) : null;
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * Content replaced in place (backup API, incremental apply) is seen by open connections; a
     * file swapped in by rename is not, so a changed inode purges the pool.
     */
    private boolean checkFile() {
        Object key = currentFileKey();
        Object seen = fileKey;
        if (key != null && seen != null && !key.equals(seen)) {
            LOG.info("{} was replaced by another file; reopening pooled connections", file);
            purgePool.run();
            onReplaced.run();
        }
        fileKey = key;
        return key != null;
    }

    /** Runs {@code work} against a SqlObject DAO on a pooled read-only connection. */
    public <D, R> R read(Class<D> dao, Function<D, R> work) {
        return guarded(() -> jdbi.withExtension(dao, work::apply));
    }

    private void requireFile() {
        if (!checkFile()) {
            throw new ReplicaNotReadyException("replica not ready: " + file.getFileName()
                    + " does not exist yet (waiting for the replicator's first copy)");
        }
    }

    private <R> R guarded(java.util.function.Supplier<R> work) {
        requireFile();
        try {
            return work.get();
        } catch (ConnectionException e) {
            if (hasCause(e, PoolExhaustedException.class)) {
                LOG.warn("read pool exhausted for {}: {}", file, e.getCause().getMessage());
                throw new DatabaseBusyException("busy: every read connection to " + file.getFileName()
                        + " stayed in use for the whole wait; retry shortly", e);
            }
            LOG.warn("cannot open {}: {}", file, e.toString());
            throw new ReplicaNotReadyException("replica not ready: " + file.getFileName()
                    + " cannot be opened yet (" + reason(e) + ")", e);
        } catch (JdbiException e) {
            LOG.warn("read from {} failed: {}", file, e.toString());
            throw new ReplicaNotReadyException("replica not ready: " + file.getFileName()
                    + " cannot be read yet (" + reason(e) + ")", e);
        }
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    /** A short cause without SQL text: the SQLite result code when there is one. */
    private static String reason(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof org.sqlite.SQLiteException s) {
                return s.getResultCode().name();
            }
        }
        return e.getClass().getSimpleName();
    }
}
