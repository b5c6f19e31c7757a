package io.cryptoflow.api.db;

import io.cryptoflow.common.Candle;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

/** Maps the columns selected by {@link CandleDao#COLUMNS}, by position; SQL NULL stays null (not known). */
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
                nullableDouble(rs, 7),
                nullableDouble(rs, 8),
                nullableDouble(rs, 9),
                nullableLong(rs, 10),
                rs.getString(11),
                rs.getInt(12) != 0);
    }

    static Double nullableDouble(ResultSet rs, int column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? null : v;
    }

    static Long nullableLong(ResultSet rs, int column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }
}
