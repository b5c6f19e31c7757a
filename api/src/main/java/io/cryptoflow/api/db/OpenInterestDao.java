package io.cryptoflow.api.db;

import io.cryptoflow.api.api.OpenInterestSeries;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/** Reads {@code open_interest} (key symbol, time); the collector's {@code store/OpenInterestDao} writes it. */
@RegisterRowMapper(OpenInterestDao.PointMapper.class)
public interface OpenInterestDao {

    /** The newest {@code limit} samples in [from, to], newest first. */
    @SqlQuery("""
            SELECT time, oi, oi_value FROM open_interest
            WHERE symbol = :symbol AND time BETWEEN :from AND :to ORDER BY time DESC LIMIT :limit""")
    List<OpenInterestSeries.Point> newest(@Bind("symbol") String storedSymbol, @Bind("from") long from,
                                          @Bind("to") long to, @Bind("limit") int limit);

    class PointMapper implements RowMapper<OpenInterestSeries.Point> {
        @Override
        public OpenInterestSeries.Point map(ResultSet rs, StatementContext ctx) throws SQLException {
            double value = rs.getDouble("oi_value");
            // wasNull() speaks of the last column read: decided before reading another.
            Double known = rs.wasNull() ? null : value;
            return new OpenInterestSeries.Point(rs.getLong("time"), rs.getDouble("oi"), known);
        }
    }
}
