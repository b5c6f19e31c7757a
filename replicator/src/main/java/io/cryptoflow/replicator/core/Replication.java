package io.cryptoflow.replicator.core;

import java.io.IOException;
import java.sql.SQLException;

/** One replication strategy, driven by {@link ReplicationLoop} on a single thread. */
public interface Replication extends AutoCloseable {

    /** Starts helper threads, if the strategy has any; {@link ReplicationLoop#start()} calls it. */
    default void start() {
    }

    /** Brings api.db up to collector.db if it changed; publishes what it saw in the status. */
    void runOnce() throws SQLException, IOException;

    /** A fresh snapshot now, whatever the positions say. */
    SnapshotResult resync(String reason) throws SQLException, IOException;

    /** Compares every row of both databases at one committed state. */
    ConsistencyReport verify() throws SQLException, IOException;

    @Override
    void close();
}
