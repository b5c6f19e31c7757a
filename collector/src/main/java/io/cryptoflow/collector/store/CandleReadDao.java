package io.cryptoflow.collector.store;

import java.util.List;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.Define;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/**
 * Reads collector.db for planning (what is stored already). {@code table} is always
 * {@code Timeframe.table()}, never request text.
 */
public interface CandleReadDao {

    @SqlQuery("""
            SELECT MAX(time) FROM <table> WHERE symbol = :symbol
            """)
    Long newestTime(@Define("table") String table, @Bind("symbol") String symbol);

    /** Open times of closed candles: a candle still forming counts as missing until it closes. */
    @SqlQuery("""
            SELECT time FROM <table>
            WHERE symbol = :symbol AND time >= :from AND time <= :to AND closed = 1
            ORDER BY time
            """)
    List<Long> times(@Define("table") String table, @Bind("symbol") String symbol,
                     @Bind("from") long from, @Bind("to") long to);

    @SqlQuery("""
            SELECT COUNT(*) FROM <table>
            WHERE symbol = :symbol AND time >= :from AND time <= :to
            """)
    long count(@Define("table") String table, @Bind("symbol") String symbol,
               @Bind("from") long from, @Bind("to") long to);
}
