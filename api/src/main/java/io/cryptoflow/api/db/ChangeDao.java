package io.cryptoflow.api.db;

import io.cryptoflow.common.Candle;
import io.cryptoflow.common.Timeframe;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindList;
import org.jdbi.v3.sqlobject.customizer.Define;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/** Change detection for live push: the replicated revision and the rows written after a revision. */
public interface ChangeDao {

    /** A candle row together with the market it belongs to. */
    record ChangedCandle(String storedSymbol, Candle candle) {
    }

    @SqlQuery("SELECT source_rev FROM cf_replica WHERE id = 1")
    Optional<Long> sourceRev();

    /** Up to {@code limit} rows of the given markets stamped with a revision in (after, upTo], via the rev index. */
    default List<ChangedCandle> changed(Timeframe tf, long after, long upTo, Collection<String> storedSymbols,
                                        int limit) {
        return changedIn(tf.table(), after, upTo, storedSymbols, limit);
    }

    @SqlQuery("""
            SELECT symbol, time, open, high, low, close, volume, buy_volume, sell_volume, delta, trade_count,
                   clusters, closed
            FROM <table>
            WHERE rev > :after AND rev <= :upTo AND symbol IN (<symbols>)
            ORDER BY rev, time
            LIMIT :limit""")
    @RegisterRowMapper(ChangedCandleMapper.class)
    List<ChangedCandle> changedIn(@Define("table") String table, @Bind("after") long after, @Bind("upTo") long upTo,
                                  @BindList("symbols") Collection<String> storedSymbols, @Bind("limit") int limit);

    class ChangedCandleMapper implements RowMapper<ChangedCandle> {
        @Override
        public ChangedCandle map(ResultSet rs, StatementContext ctx) throws SQLException {
            return new ChangedCandle(rs.getString(1), new Candle(rs.getLong(2), rs.getDouble(3), rs.getDouble(4),
                    rs.getDouble(5), rs.getDouble(6), rs.getDouble(7), CandleRowMapper.nullableDouble(rs, 8),
                    CandleRowMapper.nullableDouble(rs, 9), CandleRowMapper.nullableDouble(rs, 10),
                    CandleRowMapper.nullableLong(rs, 11), rs.getString(12), rs.getInt(13) != 0));
        }
    }
}
