package io.cryptoflow.api.db;

import io.cryptoflow.api.api.Session;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/** Reads the {@code sessions} table (primary key symbol, date); the collector's {@code store/SessionDao} writes it. */
@RegisterRowMapper(SessionReadDao.SessionMapper.class)
public interface SessionReadDao {

    @SqlQuery("""
            SELECT symbol, date, poc, vwap, vah, val, volume FROM sessions
            WHERE symbol = :symbol AND date = :date""")
    Optional<Session> on(@Bind("symbol") String storedSymbol, @Bind("date") String date);

    @SqlQuery("""
            SELECT symbol, date, poc, vwap, vah, val, volume FROM sessions
            WHERE symbol = :symbol ORDER BY date DESC LIMIT 1""")
    Optional<Session> latest(@Bind("symbol") String storedSymbol);

    class SessionMapper implements RowMapper<Session> {
        @Override
        public Session map(ResultSet rs, StatementContext ctx) throws SQLException {
            String stored = rs.getString("symbol");
            int colon = stored.indexOf(':');
            return new Session(stored.substring(0, colon), stored.substring(colon + 1), rs.getString("date"),
                    nullable(rs, "poc"), nullable(rs, "vwap"), nullable(rs, "vah"), nullable(rs, "val"),
                    rs.getDouble("volume"));
        }

        private static Double nullable(ResultSet rs, String column) throws SQLException {
            double v = rs.getDouble(column);
            return rs.wasNull() ? null : v;
        }
    }
}
