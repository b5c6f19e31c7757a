package io.cryptoflow.api.db;

import io.cryptoflow.api.core.ReplicaNotReadyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API's only database: api.db, read-only. Until the replicator has produced a complete copy
 * (file present, {@code cf_replica} row written) every read fails with
 * {@link ReplicaNotReadyException}, which the resources turn into a 503.
 */
public class ApiDatabase {

    private static final Logger LOG = LoggerFactory.getLogger(ApiDatabase.class);

    private final Path file;
    private final Jdbi jdbi;

    public ApiDatabase(Path file, Jdbi jdbi) {
        this.file = file;
        this.jdbi = jdbi;
    }

    public Path file() {
        return file;
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    public boolean fileExists() {
        return Files.isRegularFile(file);
    }

    /** Runs {@code work} against a SqlObject DAO on a pooled read-only connection. */
    public <D, R> R read(Class<D> dao, Function<D, R> work) {
        if (!fileExists()) {
            throw new ReplicaNotReadyException("replica not ready: " + file.getFileName()
                    + " does not exist yet (waiting for the replicator's first copy)");
        }
        try {
            return jdbi.withExtension(dao, work::apply);
        } catch (JdbiException e) {
            LOG.warn("read from {} failed: {}", file, e.toString());
            throw new ReplicaNotReadyException("replica not ready: " + file.getFileName()
                    + " cannot be read yet (" + reason(e) + ")", e);
        }
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
