package io.cryptoflow.collector.store;

import java.util.List;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * {@code collector_no_data}: ranges the exchange has no candles for. Collector-only, not part of the
 * replicated contract, so its writes cost no revision. Read on read-only connections, written by the writer.
 * The table is defined once, in {@link io.cryptoflow.common.NoDataSchema}.
 */
public interface NoDataDao {

    @SqlQuery("""
            SELECT from_time, to_time FROM collector_no_data
            WHERE symbol = :symbol AND minutes = :minutes ORDER BY from_time""")
    @RegisterConstructorMapper(NoDataRange.class)
    List<NoDataRange> ranges(@Bind("symbol") String symbol, @Bind("minutes") int minutes);

    @SqlUpdate("""
            INSERT OR IGNORE INTO collector_no_data (symbol, minutes, from_time, to_time)
            VALUES (:symbol, :minutes, :from, :to)""")
    int insertNoData(@Bind("symbol") String symbol, @Bind("minutes") int minutes,
                     @Bind("from") long from, @Bind("to") long to);

    @SqlUpdate("DELETE FROM collector_no_data")
    int deleteAllNoData();

    @SqlUpdate("DELETE FROM collector_no_data WHERE symbol = :symbol AND minutes = :minutes")
    int deleteNoData(@Bind("symbol") String symbol, @Bind("minutes") int minutes);

    /** One range, mapped by constructor from its columns. */
    record NoDataRange(long fromTime, long toTime) {
    }
}
