package io.cryptoflow.collector.store;

import com.codahale.metrics.Meter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Disk full, file-size limit or I/O error (SQLITE_FULL, SQLITE_IOERR): the writer keeps the batch
 * and retries it with backoff until it commits, so every producer waits instead of losing data.
 * This class holds the outage state ({@link #outage()}, read by the health check), logs one error
 * line when it starts, then one a minute, and one line when the disk accepts writes again.
 * Only a stopping writer gives the held batch up. Used by the writer thread only (state is volatile
 * for readers).
 */
final class StorageOutageHold {

    private static final Logger LOG = LoggerFactory.getLogger(SqliteCandleWriter.class);
    static final long RETRY_FIRST_MS = 200;
    static final long RETRY_MAX_MS = 5_000;
    private static final long STILL_FAILING_LOG_EVERY_NS = TimeUnit.MINUTES.toNanos(1);

    private final Path dbFile;
    private final LongSupplier clock;
    private final Meter storageFailures;
    private final BooleanSupplier accepting;
    private final IntSupplier queued;
    private volatile WriteOutage outage;
    private long lastLogNanos;

    StorageOutageHold(Path dbFile, LongSupplier clock, Meter storageFailures, BooleanSupplier accepting,
                      IntSupplier queued) {
        this.dbFile = dbFile.toAbsolutePath();
        this.clock = clock;
        this.storageFailures = storageFailures;
        this.accepting = accepting;
        this.queued = queued;
    }

    Optional<WriteOutage> outage() {
        return Optional.ofNullable(outage);
    }

    long outageMillis() {
        WriteOutage o = outage;
        return o == null ? 0L : Math.max(0L, clock.getAsLong() - o.sinceMs());
    }

    /** Records a refused write of {@code description}. */
    void failed(String description, SQLException e) {
        storageFailures.mark();
        WriteOutage o = outage;
        long now = System.nanoTime();
        if (o == null) {
            outage = new WriteOutage(dbFile, clock.getAsLong(), 1, e.getMessage());
            lastLogNanos = now;
            LOG.error("{} refused a write ({}); {} bytes usable on its file system. Disk full, a file-size"
                            + " limit or an I/O error: keeping the batch ({}) and retrying it with backoff up to {} ms;"
                            + " producers wait, nothing is dropped", dbFile, e.getMessage(),
                    usableBytes(), description, RETRY_MAX_MS);
            return;
        }
        outage = new WriteOutage(o.file(), o.sinceMs(), o.attempts() + 1, e.getMessage());
        if (now - lastLogNanos >= STILL_FAILING_LOG_EVERY_NS) {
            lastLogNanos = now;
            LOG.error("{} still refuses writes after {} attempts over {} s ({}); {} bytes usable; {} batches queued",
                    o.file(), o.attempts() + 1, (clock.getAsLong() - o.sinceMs()) / 1000, e.getMessage(),
                    usableBytes(), queued.getAsInt());
        }
    }

    /** A batch committed: ends the outage, if any. */
    void committed() {
        WriteOutage o = outage;
        if (o == null) {
            return;
        }
        outage = null;
        LOG.info("{} accepts writes again after {} failed attempts over {} ms; the held batch is committed",
                o.file(), o.attempts(), clock.getAsLong() - o.sinceMs());
    }

    /** Sleeps before the next storage retry; false when the writer is stopping (give the batch up). */
    boolean waitForRetry(long millis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (accepting.getAsBoolean()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return true;
            }
            try {
                TimeUnit.NANOSECONDS.sleep(Math.min(left, TimeUnit.MILLISECONDS.toNanos(100)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    private long usableBytes() {
        try {
            return Files.getFileStore(dbFile).getUsableSpace();
        } catch (IOException e) {
            return -1;
        }
    }
}
