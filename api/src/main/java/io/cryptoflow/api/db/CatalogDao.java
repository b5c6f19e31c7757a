package io.cryptoflow.api.db;

import io.cryptoflow.api.core.CatalogReads;
import io.cryptoflow.api.core.CollectorState;
import io.cryptoflow.api.core.ConfiguredMarket;
import io.cryptoflow.api.core.DataKind;
import io.cryptoflow.api.core.KindFacts;
import io.cryptoflow.common.ConfiguredMarketSchema;
import io.cryptoflow.common.MarketSymbol;
import io.cryptoflow.common.ReplicaPosition;
import io.cryptoflow.api.api.StoredRange;
import io.cryptoflow.common.Timeframe;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.statement.StatementException;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.Define;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.transaction.Transaction;

/**
 * What api.db holds: markets (stored and configured), their time ranges, row counts, the replication
 * bookkeeping, and what is known of a market without data of a kind ({@link KindFactsDao}).
 */
public interface CatalogDao extends CatalogReads, KindFactsDao {

    /** The configured timeframes of one market, as stored; no row when it is not (or no longer) configured. */
    String CONFIGURED_TIMEFRAMES = "SELECT timeframes FROM configured_markets WHERE symbol = :symbol AND active = 1";

    /** One active {@code configured_markets} row as stored. */
    record ConfiguredRow(String symbol, String timeframes, long configuredSince) {
    }

    @Override
    @Transaction(readOnly = true)
    default KindFacts kindFacts(DataKind kind, MarketSymbol market) {
        return facts(kind, market);
    }

    @Override
    default List<ConfiguredMarket> configuredMarkets() {
        List<ConfiguredRow> rows;
        try {
            rows = configuredRows();
        } catch (StatementException e) {
            if (MissingTable.is(e, ConfiguredMarketSchema.TABLE)) {
                return List.of(); // a replica from before schema 6: nothing known configured
            }
            throw e;
        }
        return rows.stream().map(r -> new ConfiguredMarket(r.symbol(),
                ConfiguredMarketSchema.parseTimeframes(r.timeframes()), r.configuredSince())).toList();
    }

    @SqlQuery("SELECT symbol, timeframes, configured_since FROM configured_markets WHERE active = 1 ORDER BY symbol")
    @RegisterConstructorMapper(ConfiguredRow.class)
    List<ConfiguredRow> configuredRows();

    @Override
    default List<String> storedSymbols(Timeframe tf) {
        return storedSymbolsIn(tf.table());
    }

    @Override
    default Optional<StoredRange> timeRange(Timeframe tf, String storedSymbol) {
        return timeRangeIn(tf.table(), storedSymbol);
    }

    @Override
    default long rowCount(Timeframe tf) {
        return rowCountIn(tf.table());
    }

    /**
     * Distinct symbols by skip-scan: each step seeks the next symbol in the (symbol, time) index,
     * so the cost grows with the number of markets, not the number of candles.
     */
    @SqlQuery("""
            WITH RECURSIVE markets(symbol) AS (
              SELECT (SELECT MIN(symbol) FROM <table>)
              UNION ALL
              SELECT (SELECT MIN(symbol) FROM <table> WHERE symbol > markets.symbol)
              FROM markets WHERE markets.symbol IS NOT NULL
            )
            SELECT symbol FROM markets WHERE symbol IS NOT NULL""")
    List<String> storedSymbolsIn(@Define("table") String table);

    @SqlQuery("""
            SELECT (SELECT time FROM <table> WHERE symbol = :symbol ORDER BY time ASC LIMIT 1) AS first,
                   (SELECT time FROM <table> WHERE symbol = :symbol ORDER BY time DESC LIMIT 1) AS last
            WHERE first IS NOT NULL""")
    @RegisterConstructorMapper(StoredRange.class)
    Optional<StoredRange> timeRangeIn(@Define("table") String table, @Bind("symbol") String storedSymbol);

    @SqlQuery("SELECT COUNT(*) FROM <table>")
    long rowCountIn(@Define("table") String table);

    @SqlQuery("""
            SELECT source_rev, source_committed_at, applied_at, strategy
            FROM cf_replica WHERE id = 1""")
    @RegisterConstructorMapper(ReplicaPosition.class)
    @Override
    Optional<ReplicaPosition> replicaPosition();

    @Override
    default Optional<Long> replicaConfirmedAt() {
        return checkTableCount() == 0 ? Optional.empty() : confirmedAtOfAppliedRev();
    }

    @SqlQuery("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'cf_replica_check'")
    int checkTableCount();

    /** A confirmation counts only for the revision cf_replica holds (never for an older one). */
    @SqlQuery("""
            SELECT k.checked_at FROM cf_replica_check k
            JOIN cf_replica r ON r.id = 1 AND r.source_rev = k.source_rev
            WHERE k.id = 1""")
    Optional<Long> confirmedAtOfAppliedRev();

    @SqlQuery("SELECT rev, committed_at, busy_events FROM cf_state WHERE id = 1")
    @RegisterConstructorMapper(CollectorState.class)
    @Override
    Optional<CollectorState> collectorState();
}
