package io.cryptoflow.api.db;

import io.cryptoflow.api.core.DataKind;
import io.cryptoflow.api.core.KindFacts;
import io.cryptoflow.common.ConfiguredMarketSchema;
import io.cryptoflow.common.DepthSchema;
import io.cryptoflow.common.DerivativesSchema;
import io.cryptoflow.common.LiquidationSchema;
import io.cryptoflow.common.MarketSymbol;
import io.cryptoflow.common.PartitionKind;
import io.cryptoflow.common.Timeframe;
import io.cryptoflow.common.TradePartition;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.statement.StatementException;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.Define;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/**
 * The reads behind {@code CatalogReads.kindFacts}: is the market configured and with which kinds,
 * does it have candles, data of the kind, and does its exchange have data of the kind. Asked only
 * when an answer found no data of the kind. Every table name comes from a closed set: the schema constants, {@link Timeframe}'s
 * tables and catalog names {@link TradePartition#parse} accepted.
 */
public interface KindFactsDao {

    /** A market's active {@code configured_markets} row: since when, and its recorded kinds (null: unknown). */
    record ActiveRow(long configuredSince, String kinds) {
    }

    /** To be run in one read transaction ({@code CatalogDao.kindFacts}). */
    default KindFacts facts(DataKind kind, MarketSymbol market) {
        boolean candles = false;
        for (Timeframe tf : Timeframe.values()) {
            candles = candles || anyRowOf(tf.table(), market.stored());
        }
        Optional<ActiveRow> row = activeRowOf(market.stored());
        Boolean on = row.flatMap(r -> ConfiguredMarketSchema.parseKinds(r.kinds()))
                .map(kinds -> kinds.contains(kind.recorded())).orElse(null);
        return new KindFacts(row.map(ActiveRow::configuredSince).orElse(null), on, candles, marketHolds(kind, market),
                kind.perExchange() && exchangeCollects(kind, market.exchange()), sourceRev().orElse(-1L) == 0);
    }

    private Optional<ActiveRow> activeRowOf(String stored) {
        try {
            return activeRow(stored);
        } catch (StatementException e) {
            if (MissingTable.is(e, ConfiguredMarketSchema.TABLE)) {
                return Optional.empty(); // a replica from before schema 6: nothing known configured
            }
            if (MissingTable.isColumn(e, ConfiguredMarketSchema.KINDS)) {
                // a replica from before schema 7: configured, kinds unknown
                return activeSince(stored).map(since -> new ActiveRow(since, null));
            }
            throw e;
        }
    }

    private boolean marketHolds(DataKind kind, MarketSymbol m) {
        return switch (kind) {
            case TRADES -> livePartitions(m.exchange(), PartitionKind.TRADES).stream()
                    .anyMatch(p -> anyRowOf(p.table(), m.symbol()));
            case LIQUIDATIONS -> covered(LiquidationSchema.COVERAGE_TABLE, m.exchange(), m.symbol());
            case DEPTH -> covered(DepthSchema.COVERAGE_TABLE, m.exchange(), m.symbol());
            case OPEN_INTEREST -> anyRowOf(DerivativesSchema.OPEN_INTEREST_TABLE, m.stored());
            case FUNDING -> anyRowOf(DerivativesSchema.FUNDING_TABLE, m.stored());
        };
    }

    /** Data of the kind for any market of {@code exchange} (stored names are "EXCHANGE:SYMBOL"; ';' follows ':'). */
    private boolean exchangeCollects(DataKind kind, String exchange) {
        return switch (kind) {
            case TRADES -> !livePartitions(exchange, PartitionKind.TRADES).isEmpty();
            case LIQUIDATIONS -> anyCoverage(LiquidationSchema.COVERAGE_TABLE, exchange);
            case DEPTH -> false; // listed per symbol: another symbol's depth says nothing of this one
            case OPEN_INTEREST -> anySymbolBetween(DerivativesSchema.OPEN_INTEREST_TABLE, exchange + ":", exchange + ";");
            case FUNDING -> anySymbolBetween(DerivativesSchema.FUNDING_TABLE, exchange + ":", exchange + ";");
        };
    }

    private List<TradePartition> livePartitions(String exchange, PartitionKind kind) {
        return liveTableNames(exchange).stream()
                .flatMap(name -> TradePartition.parse(name).filter(p -> p.kind() == kind).stream())
                .toList();
    }

    @SqlQuery("SELECT configured_since, kinds FROM configured_markets WHERE symbol = :symbol AND active = 1")
    @RegisterConstructorMapper(ActiveRow.class)
    Optional<ActiveRow> activeRow(@Bind("symbol") String stored);

    @SqlQuery("SELECT configured_since FROM configured_markets WHERE symbol = :symbol AND active = 1")
    Optional<Long> activeSince(@Bind("symbol") String stored);

    /** One seek of the table's (symbol, ...) index. */
    @SqlQuery("SELECT EXISTS (SELECT 1 FROM <table> WHERE symbol = :symbol)")
    boolean anyRowOf(@Define("table") String table, @Bind("symbol") String symbol);

    @SqlQuery("SELECT EXISTS (SELECT 1 FROM <table> WHERE symbol >= :low AND symbol < :high)")
    boolean anySymbolBetween(@Define("table") String table, @Bind("low") String low, @Bind("high") String high);

    @SqlQuery("SELECT EXISTS (SELECT 1 FROM <table> WHERE exchange = :exchange AND symbol = :symbol)")
    boolean covered(@Define("table") String table, @Bind("exchange") String exchange, @Bind("symbol") String symbol);

    @SqlQuery("SELECT EXISTS (SELECT 1 FROM <table> WHERE exchange = :exchange)")
    boolean anyCoverage(@Define("table") String table, @Bind("exchange") String exchange);

    @SqlQuery("SELECT name FROM cf_partitions WHERE exchange = :exchange AND dropped = 0 ORDER BY day")
    List<String> liveTableNames(@Bind("exchange") String exchange);

    /** The collector's revision api.db holds ({@code cf_replica}); empty before the replicator's first copy. */
    @SqlQuery(ChangeDao.SOURCE_REV)
    Optional<Long> sourceRev();
}
