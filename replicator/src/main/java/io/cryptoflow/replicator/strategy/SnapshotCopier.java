package io.cryptoflow.replicator.strategy;

import io.cryptoflow.common.ReplicaPosition;
import io.cryptoflow.replicator.core.CheckpointResult;
import io.cryptoflow.replicator.core.ReplicationMetrics;
import io.cryptoflow.replicator.core.ReplicationStrategy;
import io.cryptoflow.replicator.core.SnapshotResult;
import io.cryptoflow.replicator.db.ReplicaDatabase;
import io.cryptoflow.replicator.db.SourceDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One consistent backup-API copy of collector.db into api.db, then the cf_replica stamp, then a
 * checkpoint so api.db's WAL does not keep a whole database per copy.
 *
 * <p>When api.db does not exist yet the copy goes to a side file that is renamed into place, so
 * no reader ever sees a half-built api.db and the bootstrap writes no WAL. Otherwise the copy goes
 * into the live api.db through its WAL: readers keep their snapshot and are never blocked; a
 * crash mid-copy leaves uncommitted frames that recovery discards.
 */
public final class SnapshotCopier {

    private static final Logger LOG = LoggerFactory.getLogger(SnapshotCopier.class);

    private final SourceDatabase source;
    private final ReplicaDatabase replica;
    private final ReplicationMetrics metrics;
    private final WalMeter walMeter;
    private final String strategyLabel;

    public SnapshotCopier(SourceDatabase source, ReplicaDatabase replica, ReplicationMetrics metrics,
                          WalMeter walMeter, ReplicationStrategy strategy) {
        this.source = source;
        this.replica = replica;
        this.metrics = metrics;
        this.walMeter = walMeter;
        this.strategyLabel = strategy.label();
    }

    /** Removes a side file left by a crash during a bootstrap copy. */
    public static void removeLeftoverBootstrap(Path target) throws IOException {
        for (String suffix : new String[] {"", "-wal", "-shm", "-journal"}) {
            Files.deleteIfExists(bootstrapFile(target).resolveSibling(bootstrapFile(target).getFileName() + suffix));
        }
    }

    static Path bootstrapFile(Path target) {
        return target.resolveSibling(target.getFileName() + ".bootstrap");
    }

    public SnapshotResult copy(String reason) throws SQLException, IOException {
        long start = System.nanoTime();
        Path target = replica.file();
        boolean bootstrap = !replica.exists();
        LOG.info("Snapshot ({}) of {} into {} starting{}", reason, source.file(), target, bootstrap ? " (bootstrap)" : "");
        long pages;
        if (bootstrap) {
            replica.close();
            removeLeftoverBootstrap(target);
            Path side = bootstrapFile(target);
            pages = source.backupTo(side);
            Files.move(side, target, StandardCopyOption.ATOMIC_MOVE);
        } else {
            pages = source.backupTo(target);
        }
        long copiedNanos = System.nanoTime() - start;
        replica.forgetSchema();
        int droppedIndexes = replica.dropWriterIndexes();
        long[] copied = replica.copiedState()
                .orElseThrow(() -> new SQLException("copied database has no cf_state row"));
        long appliedAt = System.currentTimeMillis();
        replica.writePosition(new ReplicaPosition(copied[0], copied[1], appliedAt, strategyLabel));
        long pageSize = replica.pageSize();
        CheckpointResult checkpoint = replica.checkpoint();
        long walBytes = walMeter.bytesWritten(checkpoint, pageSize);
        if (!bootstrap) {
            // A copy into the live api.db writes every page through its WAL, even when a large copy
            // was already auto-checkpointed (and the WAL restarted) before we could look at it.
            walBytes = Math.max(walBytes, pages * (pageSize + 24));
        }
        long elapsed = System.nanoTime() - start;

        metrics.snapshotDuration.update(elapsed, java.util.concurrent.TimeUnit.NANOSECONDS);
        metrics.snapshots.inc();
        metrics.snapshotPages.update(pages);
        metrics.snapshotBytes.inc(pages * pageSize);
        metrics.walBytesWritten.inc(walBytes);
        if (copied[1] > 0) {
            metrics.lag.update(Math.max(0, appliedAt - copied[1]));
        }
        LOG.info("Snapshot ({}) of {} into {}: rev {}, {} pages ({} bytes) in {} ms (copy {} ms){}; {} writer-only indexes"
                        + " dropped; checkpoint {} wal={} checkpointed={}",
                reason, source.file(), target, copied[0], pages, pages * pageSize, elapsed / 1_000_000, copiedNanos / 1_000_000,
                bootstrap ? " (bootstrap via rename)" : "", droppedIndexes, checkpoint.mode(), checkpoint.walFrames(),
                checkpoint.checkpointedFrames());
        return new SnapshotResult(copied[0], copied[1], pages, pageSize, elapsed, bootstrap);
    }
}
