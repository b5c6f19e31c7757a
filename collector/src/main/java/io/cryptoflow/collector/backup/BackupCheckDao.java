package io.cryptoflow.collector.backup;

import java.util.List;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.Define;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/** Read-only queries the drill runs on the restored copy and on the live collector.db. */
public interface BackupCheckDao {

    /** One market's newest candle time in one table. */
    record NewestCandle(String symbol, long time) {
    }

    @SqlQuery("PRAGMA integrity_check")
    List<String> integrityCheck();

    @SqlQuery("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    List<String> tables();

    /** {@code table} is one of a closed set: the candle tables and the schema's other tables. */
    @SqlQuery("SELECT count(*) FROM <table>")
    long count(@Define("table") String table);

    @SqlQuery("SELECT coalesce(max(rev), 0) FROM <table>")
    long maxRev(@Define("table") String table);

    /** Rows last written at or before revision {@code rev} (the rev index makes this cheap). */
    @SqlQuery("SELECT count(*) FROM <table> WHERE rev <= :rev")
    long countUpTo(@Define("table") String table, @Bind("rev") long rev);

    @RegisterConstructorMapper(NewestCandle.class)
    @SqlQuery("SELECT symbol, max(time) AS time FROM <table> GROUP BY symbol ORDER BY symbol")
    List<NewestCandle> newestPerSymbol(@Define("table") String table);
}
