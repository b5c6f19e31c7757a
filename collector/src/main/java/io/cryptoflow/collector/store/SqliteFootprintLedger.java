package io.cryptoflow.collector.store;

import io.cryptoflow.common.MarketSymbol;
import io.cryptoflow.common.SqliteConnections;
import io.cryptoflow.common.Timeframe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads collector.db (read-only) for a day's complete footprint: a daily candle closed by the
 * exchange's kline whose clusters add up to its volume (within 0.1 %). A day the collector only
 * saw part of live (it was down for a while) has fewer clusters than volume and is imported again.
 */
public final class SqliteFootprintLedger implements FootprintLedger {

    private static final Logger LOG = LoggerFactory.getLogger(SqliteFootprintLedger.class);
    private static final String SQL = """
            SELECT 1 FROM %s
            WHERE symbol = ? AND time = ? AND closed = 1 AND clusters IS NOT NULL AND clusters <> '{}'
              AND abs(volume - (SELECT total(json_extract(value, '$.buy')) + total(json_extract(value, '$.sell'))
                                FROM json_each(clusters))) <= volume * 0.001""".formatted(Timeframe.D1.table());

    private final Path collectorDb;

    public SqliteFootprintLedger(Path collectorDb) {
        this.collectorDb = collectorDb;
    }

    @Override
    public boolean hasFootprint(MarketSymbol market, LocalDate day) {
        if (!Files.exists(collectorDb)) {
            return false;
        }
        try (Connection c = SqliteConnections.openReadOnly(collectorDb);
             PreparedStatement ps = c.prepareStatement(SQL)) {
            ps.setString(1, market.stored());
            ps.setLong(2, day.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            LOG.warn("could not read footprint state of {} {} from {}: {}", market, day, collectorDb, e.toString());
            return false;
        }
    }
}
