package io.cryptoflow.replicator.db;

import io.cryptoflow.common.CandleSchema;
import io.cryptoflow.common.SqliteConnections;
import io.cryptoflow.replicator.core.SourceState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConnection;

/**
 * A read-only view of collector.db. It never opens the file for writing: the connection comes from
 * {@link SqliteConnections#readOnlyConfig()}. The file may not exist yet (collector not started)
 * or may not carry the schema yet; both read as "no state" so the caller can wait.
 */
public final class SourceDatabase implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SourceDatabase.class);
    /** Backup busy handling: retry for up to ~10 s when the collector holds a lock the copy needs. */
    private static final int BACKUP_SLEEP_MS = 20;
    private static final int BACKUP_BUSY_RETRIES = 500;

    private final Path file;
    private Connection connection;
    private Object openedFileKey;
    private boolean replaced;
    private String waitingReason = "not read yet";
    /** {@code PRAGMA data_version}, prepared once per connection: the poll's cheap probe. */
    private PreparedStatement dataVersion;
    /** data_version read just before the last {@link #state()} read its revision (-1: none). */
    private long stateDataVersion = -1;

    public SourceDatabase(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    /** Why {@link #state()} last answered empty. */
    public String waitingReason() {
        return waitingReason;
    }

    /** The current revision, or empty while collector.db or its schema does not exist yet. */
    public Optional<SourceState> state() throws SQLException {
        if (!Files.exists(file)) {
            waitingReason = "waiting for " + file + " to exist";
            if (connection != null) {
                replaced = true;
            }
            close();
            return Optional.empty();
        }
        Object fileKey = fileKey();
        if (connection != null && fileKey != null && !fileKey.equals(openedFileKey)) {
            LOG.warn("{} was replaced by a new file; reopening it", file);
            close();
            replaced = true;
        }
        Connection c;
        try {
            c = connection();
        } catch (SQLException e) {
            waitingReason = "cannot open " + file + " read-only yet: " + e.getMessage();
            close();
            return Optional.empty();
        }
        stateDataVersion = -1;
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            // first in the read transaction: the revision read below belongs to this version
            long version = dataVersion(c);
            int userVersion = CandleSchema.userVersion(c);
            if (userVersion == 0) {
                waitingReason = file + " has no schema yet";
                return Optional.empty();
            }
            try (ResultSet rs = s.executeQuery("SELECT rev, committed_at FROM cf_state WHERE id = 1")) {
                if (!rs.next()) {
                    waitingReason = file + " has no cf_state row yet";
                    return Optional.empty();
                }
                stateDataVersion = version;
                return Optional.of(new SourceState(rs.getLong(1), rs.getLong(2), userVersion));
            }
        } catch (SQLException e) {
            if (String.valueOf(e.getMessage()).contains("no such table")) {
                waitingReason = file + " has no cf_state table yet";
                return Optional.empty();
            }
            close();
            throw e;
        } finally {
            try {
                c.rollback();
                c.setAutoCommit(auto);
            } catch (SQLException ignored) {
                close();
            }
        }
    }

    /**
     * True when no other connection committed to collector.db since {@link #state()} last read a
     * revision: {@code PRAGMA data_version} of this connection changes with every commit of another
     * one (the collector's). It reads one word of the WAL index instead of a revision in a
     * transaction, so the loop can poll every millisecond. A collector.db replaced by another file
     * (restored, recreated) is told by its file key, which the old connection cannot see. False
     * when unsure.
     */
    public boolean unchangedSinceLastState() {
        if (connection == null || stateDataVersion < 0 || !java.util.Objects.equals(fileKey(), openedFileKey)) {
            return false;
        }
        try {
            return dataVersion(connection) == stateDataVersion;
        } catch (SQLException e) {
            return false; // the next state() reads (or reopens) properly
        }
    }

    private long dataVersion(Connection c) throws SQLException {
        if (dataVersion == null) {
            dataVersion = c.prepareStatement("PRAGMA data_version");
        }
        try (ResultSet rs = dataVersion.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * Copies the whole of collector.db into {@code destination} with the online backup API in one
     * step ({@code pagesPerStep = -1}): one read transaction, so one consistent snapshot.
     *
     * @return the number of pages copied
     */
    public long backupTo(Path destination) throws SQLException {
        Connection c = connection();
        AtomicLong total = new AtomicLong(-1);
        int rc = ((SQLiteConnection) c).getDatabase().backup("main", destination.toAbsolutePath().toString(),
                (remaining, pageCount) -> total.accumulateAndGet(Math.max(remaining, pageCount), Math::max), BACKUP_SLEEP_MS, BACKUP_BUSY_RETRIES, -1);
        if (rc != 0) {
            throw new SQLException("backup of " + file + " into " + destination + " failed with SQLite result code " + rc);
        }
        if (total.get() <= 0) {
            total.set(pageCount(destination));
        }
        return total.get();
    }

    public long pageSize() throws SQLException {
        try (Statement s = connection().createStatement(); ResultSet rs = s.executeQuery("PRAGMA page_size")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static long pageCount(Path db) throws SQLException {
        try (Connection c = SqliteConnections.openReadOnly(db); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("PRAGMA page_count")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** True once after {@link #state()} noticed that collector.db is a different file than before. */
    public boolean replacedSinceLastCheck() {
        boolean r = replaced;
        replaced = false;
        return r;
    }

    private Object fileKey() {
        try {
            return Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
        } catch (java.io.IOException e) {
            return null;
        }
    }

    private Connection connection() throws SQLException {
        if (connection == null) {
            openedFileKey = fileKey();
            connection = SqliteConnections.openReadOnly(file);
            LOG.info("Opened {} read-only", file);
        }
        return connection;
    }

    @Override
    public void close() {
        stateDataVersion = -1;
        if (dataVersion != null) {
            try {
                dataVersion.close();
            } catch (SQLException ignored) {
                // closed with its connection below
            }
            dataVersion = null;
        }
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                LOG.warn("Closing read-only connection to {} failed: {}", file, e.getMessage());
            }
            connection = null;
        }
    }
}
