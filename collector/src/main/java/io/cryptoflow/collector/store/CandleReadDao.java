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

    /**
     * Whether a daily candle closed by the exchange's kline carries clusters that add up to its
     * volume (within 0.1 %): that day's footprint is complete. {@code table} is the daily table.
     */
    @SqlQuery("""
            SELECT count(*) > 0 FROM <table>
            WHERE symbol = :symbol AND time = :time AND closed = 1 AND clusters IS NOT NULL AND clusters <> '{}'
              AND abs(volume - (SELECT total(json_extract(value, '$.buy')) + total(json_extract(value, '$.sell'))
                                FROM json_each(clusters))) <= volume * 0.001
            """)
    boolean completeFootprint(@Define("table") String table, @Bind("symbol") String symbol, @Bind("time") long time);
}
