package io.cryptoflow.collector.backup;

import io.cryptoflow.common.CandleSchema;
import io.cryptoflow.common.SqliteConnections;
import io.cryptoflow.common.Timeframe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;

/**
 * Checks a freshly restored collector.db before the collector starts on it, when there is no live
 * file to compare with: integrity check, the schema's tables present, row count of each. Run by the
 * restore script of bin/cryptoflow and docker compose:
 * {@code java -cp collector.jar io.cryptoflow.collector.backup.RestoredFileCheck FILE}; exit 0 = good.
 */
public final class RestoredFileCheck {

    private RestoredFileCheck() {
    }

    public static void main(String[] args) {
        if (args.length != 1 || !Files.isRegularFile(Path.of(args[0]))) {
            System.err.println("usage: RestoredFileCheck <restored collector.db>");
            System.exit(2);
        }
        List<String> problems = new ArrayList<>();
        try {
            problems.addAll(check(Path.of(args[0]), System.out::println));
        } catch (RuntimeException e) {
            problems.add("cannot read the restored file: " + e.getMessage());
        }
        problems.forEach(p -> System.err.println("PROBLEM: " + p));
        System.exit(problems.isEmpty() ? 0 : 1);
    }

    /** The problems found (empty = good); each table's row count goes to {@code report}. */
    public static List<String> check(Path file, java.util.function.Consumer<String> report) {
        Jdbi db = Jdbi.create(() -> SqliteConnections.openReadOnly(file)).installPlugin(new SqlObjectPlugin());
        List<String> problems = new ArrayList<>();
        List<String> integrity = db.withExtension(BackupCheckDao.class, BackupCheckDao::integrityCheck);
        report.accept("integrity_check: " + String.join("; ", integrity.subList(0, Math.min(5, integrity.size()))));
        if (!integrity.equals(List.of("ok"))) {
            problems.add("integrity_check failed");
            return problems;
        }
        List<String> tables = db.withExtension(BackupCheckDao.class, BackupCheckDao::tables);
        List<String> expected = new ArrayList<>();
        for (Timeframe tf : Timeframe.values()) {
            expected.add(tf.table());
        }
        expected.addAll(List.of(CandleSchema.SESSION_TABLE, CandleSchema.STATE_TABLE, CandleSchema.TOMBSTONE_TABLE));
        long candles = 0;
        for (String t : expected) {
            if (!tables.contains(t)) {
                problems.add("table " + t + " missing");
                continue;
            }
            long rows = db.withExtension(BackupCheckDao.class, d -> d.count(t));
            report.accept(t + ": " + rows + " rows");
            if (t.startsWith("candles")) {
                candles += rows;
            }
        }
        report.accept("candles in all: " + candles);
        return problems;
    }
}
