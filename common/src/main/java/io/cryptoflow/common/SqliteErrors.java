package io.cryptoflow.common;

import java.sql.SQLException;

/** Classifies SQLite failures by primary result code (extended codes included), through causes. */
public final class SqliteErrors {

    private static final int SQLITE_BUSY = 5;
    private static final int SQLITE_LOCKED = 6;
    private static final int SQLITE_IOERR = 10;
    private static final int SQLITE_FULL = 13;

    private SqliteErrors() {
    }

    /** True for SQLITE_BUSY / SQLITE_LOCKED: another connection holds a lock; retry later. */
    public static boolean isBusyOrLocked(SQLException e) {
        return hasPrimaryCode(e, SQLITE_BUSY, "SQLITE_BUSY", SQLITE_LOCKED, "SQLITE_LOCKED");
    }

    /**
     * True when the storage refused the write: SQLITE_FULL (no space) or SQLITE_IOERR (a write
     * failed, e.g. EFBIG past a file-size limit, ENOSPC met mid-page, EIO). The same write can
     * succeed once the disk accepts writes again.
     */
    public static boolean isStorageFailure(SQLException e) {
        return hasPrimaryCode(e, SQLITE_IOERR, "SQLITE_IOERR", SQLITE_FULL, "SQLITE_FULL");
    }

    private static boolean hasPrimaryCode(SQLException e, int code1, String name1, int code2, String name2) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s) {
                int primary = s.getErrorCode() & 0xff;
                String msg = String.valueOf(s.getMessage());
                if (primary == code1 || primary == code2 || msg.contains(name1) || msg.contains(name2)) {
                    return true;
                }
            }
        }
        return false;
    }
}
