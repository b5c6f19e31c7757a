package io.cryptoflow.collector.store;

import io.cryptoflow.common.DerivativesSchema;
import io.cryptoflow.common.MarketSymbol;
import io.cryptoflow.common.SqliteConnections;
import java.nio.file.Path;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;

/** Read-only view of the stored open interest and funding times, for gap repair. */
public final class StoredDerivatives {

    /** The two series, each naming its table (the closed set of table names reaching SQL here). */
    public enum Series {
        OPEN_INTEREST(DerivativesSchema.OPEN_INTEREST_TABLE), FUNDING(DerivativesSchema.FUNDING_TABLE);

        private final String table;

        Series(String table) {
            this.table = table;
        }
    }

    private final Jdbi jdbi;

    public StoredDerivatives(Path dbFile) {
        this.jdbi = Jdbi.create(() -> SqliteConnections.openReadOnly(dbFile)).installPlugin(new SqlObjectPlugin());
    }

    /** Stored times of the series in [from, to], ascending. */
    public List<Long> times(Series series, MarketSymbol market, long from, long to) {
        return jdbi.withExtension(DerivativesReadDao.class, dao -> dao.times(series.table, market.stored(), from, to));
    }

    /** The oldest stored time of the series at or after {@code from}, if any. */
    public java.util.OptionalLong oldest(Series series, MarketSymbol market, long from) {
        Long t = jdbi.withExtension(DerivativesReadDao.class, dao -> dao.oldest(series.table, market.stored(), from));
        return t == null ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(t);
    }
}
