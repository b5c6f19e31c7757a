package io.cryptoflow.collector.backup;

import io.cryptoflow.common.CandleSchema;
import io.cryptoflow.common.SqliteConnections;
import io.cryptoflow.common.Timeframe;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;

/**
 * Checks a restored copy of collector.db against the live one, both opened read-only (never the
 * collector's writer connection). The backup lags the live file by design, so counts are compared
 * at the restored copy's own revision: every live row last written at or before the copy's newest
 * revision of that table was committed before the copy was taken and must be in it (rows written
 * since have higher revisions and are the lag, not a loss).
 */
public final class RestoredDatabaseCheck {

    /** What a check found: problems (empty = the copy is good) and what was compared. */
    public record Report(List<String> problems, List<String> facts) {
        public boolean good() {
            return problems.isEmpty();
        }
    }

    /** Tables besides the candle tables whose rows are counted (closed set: identifiers go into SQL). */
    private static final List<String> OTHER_TABLES =
            List.of(CandleSchema.SESSION_TABLE, CandleSchema.STATE_TABLE, CandleSchema.TOMBSTONE_TABLE);

    private RestoredDatabaseCheck() {
    }

    public static Report compare(Path restored, Path live) {
        Jdbi copy = readOnly(restored);
        Jdbi current = readOnly(live);
        List<String> problems = new ArrayList<>();
        List<String> facts = new ArrayList<>();

        List<String> integrity = copy.withExtension(BackupCheckDao.class, BackupCheckDao::integrityCheck);
        if (!integrity.equals(List.of("ok"))) {
            problems.add("integrity_check: " + String.join("; ", integrity.subList(0, Math.min(5, integrity.size()))));
            return new Report(problems, facts);
        }
        List<String> copyTables = copy.withExtension(BackupCheckDao.class, BackupCheckDao::tables);
        List<String> liveTables = current.withExtension(BackupCheckDao.class, BackupCheckDao::tables);
        List<String> missing = liveTables.stream().filter(t -> !copyTables.contains(t)).toList();
        if (!missing.isEmpty()) {
            problems.add("tables missing from the backup: " + String.join(", ", missing));
        }
        for (Timeframe tf : Timeframe.values()) {
            String t = tf.table();
            if (copyTables.contains(t) && liveTables.contains(t)) {
                compareCandles(t, copy, current, problems, facts);
            }
        }
        for (String t : OTHER_TABLES) {
            if (copyTables.contains(t) && liveTables.contains(t)) {
                facts.add(t + ": " + copy.withExtension(BackupCheckDao.class, d -> d.count(t)) + " rows in the backup, "
                        + current.withExtension(BackupCheckDao.class, d -> d.count(t)) + " live");
            }
        }
        return new Report(problems, facts);
    }

    private static void compareCandles(String t, Jdbi copy, Jdbi current, List<String> problems, List<String> facts) {
        long rev = copy.withExtension(BackupCheckDao.class, d -> d.maxRev(t));
        long copyRows = copy.withExtension(BackupCheckDao.class, d -> d.countUpTo(t, rev));
        long liveRows = current.withExtension(BackupCheckDao.class, d -> d.countUpTo(t, rev));
        long liveTotal = current.withExtension(BackupCheckDao.class, d -> d.count(t));
        facts.add("%s: %d rows in the backup (rev %d), %d live at that rev, %d live in all".formatted(t, copyRows, rev, liveRows, liveTotal));
        if (copyRows < liveRows) {
            problems.add("%s: the backup holds %d rows up to rev %d, the live database %d".formatted(t, copyRows, rev, liveRows));
        }
        Map<String, Long> liveNewest = current.withExtension(BackupCheckDao.class, d -> d.newestPerSymbol(t)).stream()
                .collect(Collectors.toMap(BackupCheckDao.NewestCandle::symbol, BackupCheckDao.NewestCandle::time));
        Map<String, Long> copyNewest = copy.withExtension(BackupCheckDao.class, d -> d.newestPerSymbol(t)).stream()
                .collect(Collectors.toMap(BackupCheckDao.NewestCandle::symbol, BackupCheckDao.NewestCandle::time));
        for (Map.Entry<String, Long> e : copyNewest.entrySet()) {
            Long live = liveNewest.get(e.getKey());
            // The backup is older than the live file: a newer candle there means another database.
            if (live != null && e.getValue() > live) {
                problems.add("%s %s: newest candle %d in the backup is newer than the live %d".formatted(t, e.getKey(), e.getValue(), live));
            }
        }
        long behind = liveNewest.entrySet().stream().filter(e -> !copyNewest.containsKey(e.getKey())
                || copyNewest.get(e.getKey()) < e.getValue()).count();
        facts.add("%s: %d of %d markets' newest candle not yet in the backup".formatted(t, behind, liveNewest.size()));
    }

    private static Jdbi readOnly(Path file) {
        return Jdbi.create(() -> SqliteConnections.openReadOnly(file)).installPlugin(new SqlObjectPlugin());
    }
}
