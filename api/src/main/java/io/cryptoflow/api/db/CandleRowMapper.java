package io.cryptoflow.api.db;

import io.cryptoflow.common.Candle;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

/** Maps the columns selected by {@link CandleDao#COLUMNS}, by position. */
public class CandleRowMapper implements RowMapper<Candle> {

    @Override
    public Candle map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new Candle(
                rs.getLong(1),
                rs.getDouble(2),
                rs.getDouble(3),
                rs.getDouble(4),
                rs.getDouble(5),
                rs.getDouble(6),
                rs.getDouble(7),
                rs.getDouble(8),
                rs.getDouble(9),
                rs.getLong(10),
                rs.getString(11),
                rs.getInt(12) != 0);
    }
}
