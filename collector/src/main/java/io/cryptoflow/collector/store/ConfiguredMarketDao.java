package io.cryptoflow.collector.store;

import java.util.List;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlBatch;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/**
 * {@code configured_markets} on the writer's handle ({@code common/ConfiguredMarketSchema}). A row
 * changes only when its timeframes or kinds change or it comes back into the configuration, so a
 * restart with the same configuration writes nothing and costs no revision. A row an older collector
 * wrote (kinds NULL) gets its kinds at the first start-up of this one.
 */
interface ConfiguredMarketDao {

    @SqlBatch("""
            INSERT INTO configured_markets (symbol, timeframes, configured_since, active, rev, kinds)
            VALUES (:symbol, :timeframes, :now, 1, :rev, :kinds)
            ON CONFLICT(symbol) DO UPDATE SET timeframes = excluded.timeframes, kinds = excluded.kinds,
              configured_since = CASE WHEN configured_markets.active = 1 THEN configured_markets.configured_since
                                      ELSE excluded.configured_since END,
              active = 1, rev = excluded.rev
            WHERE configured_markets.timeframes <> excluded.timeframes OR configured_markets.kinds IS NOT excluded.kinds
              OR configured_markets.active = 0""")
    int[] upsertConfigured(@BindMethods List<ConfiguredMarket> rows, @Bind("now") long now, @Bind("rev") long rev);

    @SqlQuery("SELECT symbol FROM configured_markets WHERE active = 1")
    List<String> activeConfigured();

    @SqlBatch("UPDATE configured_markets SET active = 0, rev = :rev WHERE symbol = :symbol AND active = 1")
    int[] deactivateConfigured(@Bind("symbol") List<String> symbols, @Bind("rev") long rev);
}
