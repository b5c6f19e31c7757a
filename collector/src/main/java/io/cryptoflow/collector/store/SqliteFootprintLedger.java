package io.cryptoflow.collector.store;

import io.cryptoflow.common.MarketSymbol;
import io.cryptoflow.common.SqliteConnections;
import io.cryptoflow.common.Timeframe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads collector.db (read-only) for a day's complete footprint: a daily candle closed by the
 * exchange's kline whose clusters add up to its volume (within 0.1 %). A day the collector only
 * saw part of live (it was down for a while) has fewer clusters than volume and is imported again.
 */
public final class SqliteFootprintLedger implements FootprintLedger {

    private static final Logger LOG = LoggerFactory.getLogger(SqliteFootprintLedger.class);

    private final Path collectorDb;
    private final Jdbi jdbi;

    public SqliteFootprintLedger(Path collectorDb) {
        this.collectorDb = collectorDb;
        this.jdbi = Jdbi.create(() -> SqliteConnections.openReadOnly(collectorDb)).installPlugin(new SqlObjectPlugin());
    }

    @Override
    public boolean hasFootprint(MarketSymbol market, LocalDate day) {
        if (!Files.exists(collectorDb)) {
            return false;
        }
        long dayStart = day.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        try {
            return jdbi.withExtension(CandleReadDao.class,
                    dao -> dao.completeFootprint(Timeframe.D1.table(), market.stored(), dayStart));
        } catch (JdbiException e) {
            LOG.warn("could not read footprint state of {} {} from {}: {}", market, day, collectorDb, e.toString());
            return false;
        }
    }
}
