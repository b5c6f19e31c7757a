package io.cryptoflow.collector.db;

import java.sql.SQLException;

final class SqliteErrors {

    private static final int SQLITE_BUSY = 5;
    private static final int SQLITE_LOCKED = 6;
    private static final int SQLITE_IOERR = 10;
    private static final int SQLITE_FULL = 13;

    private SqliteErrors() {
    }

    /** True for SQLITE_BUSY / SQLITE_LOCKED, including their extended codes. */
    static boolean isBusyOrLocked(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s) {
                int primary = s.getErrorCode() & 0xff;
                if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) {
                    return true;
                }
                String msg = String.valueOf(s.getMessage());
                if (msg.contains("SQLITE_BUSY") || msg.contains("SQLITE_LOCKED")) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * True when the storage refused the write: SQLITE_FULL (no space) or SQLITE_IOERR (a write
     * failed, e.g. EFBIG past a file-size limit, ENOSPC met mid-page, EIO). Such a batch is
     * valid and can succeed once the disk accepts writes again.
     */
    static boolean isStorageFailure(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s) {
                int primary = s.getErrorCode() & 0xff;
                if (primary == SQLITE_IOERR || primary == SQLITE_FULL) {
                    return true;
                }
                String msg = String.valueOf(s.getMessage());
                if (msg.contains("SQLITE_IOERR") || msg.contains("SQLITE_FULL")) {
                    return true;
                }
            }
        }
        return false;
    }
}
