package io.cryptoflow.api.db;

import io.cryptoflow.api.api.FundingSeries;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/** Reads {@code funding} (key symbol, time); the collector's {@code store/FundingDao} writes it. */
@RegisterRowMapper(FundingDao.EventMapper.class)
public interface FundingDao {

    /** The newest {@code limit} events in [from, to], newest first. */
    @SqlQuery("""
            SELECT time, rate, mark_price FROM funding
            WHERE symbol = :symbol AND time BETWEEN :from AND :to ORDER BY time DESC LIMIT :limit""")
    List<FundingSeries.Event> newest(@Bind("symbol") String storedSymbol, @Bind("from") long from,
                                     @Bind("to") long to, @Bind("limit") int limit);

    class EventMapper implements RowMapper<FundingSeries.Event> {
        @Override
        public FundingSeries.Event map(ResultSet rs, StatementContext ctx) throws SQLException {
            double mark = rs.getDouble("mark_price");
            // wasNull() speaks of the last column read: decided before reading another.
            Double known = rs.wasNull() ? null : mark;
            return new FundingSeries.Event(rs.getLong("time"), rs.getDouble("rate"), known);
        }
    }
}
