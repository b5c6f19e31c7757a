package io.cryptoflow.api.db;

import org.jdbi.v3.core.statement.StatementException;

/**
 * Whether a statement failed because api.db lacks a table (or column) a newer schema added: a
 * replica made by a replicator older than the API (until its next snapshot) is read as if that table
 * were empty (that column unknown) instead of failing every request that touches it.
 */
final class MissingTable {

    private MissingTable() {
    }

    /** True when {@code e} is SQLite's "no such table" for {@code table} (a closed-set name). */
    static boolean is(StatementException e, String table) {
        return says(e, "no such table: " + table);
    }

    /** True when {@code e} is SQLite's "no such column" for {@code column}, one a newer schema added to a table. */
    static boolean isColumn(StatementException e, String column) {
        return says(e, "no such column: " + column);
    }

    private static boolean says(StatementException e, String text) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = t.getMessage();
            if (message != null && message.contains(text)) {
                return true;
            }
        }
        return false;
    }
}
