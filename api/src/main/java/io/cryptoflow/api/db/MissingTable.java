package io.cryptoflow.api.db;

import org.jdbi.v3.core.statement.StatementException;

/**
 * Whether a statement failed because api.db lacks a table a newer schema added: a replica made by a
 * replicator older than the API (until its next snapshot) is read as if that table were empty
 * instead of failing every request that touches it.
 */
final class MissingTable {

    private MissingTable() {
    }

    /** True when {@code e} is SQLite's "no such table" for {@code table} (a closed-set name). */
    static boolean is(StatementException e, String table) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = t.getMessage();
            if (message != null && message.contains("no such table: " + table)) {
                return true;
            }
        }
        return false;
    }
}
