package io.cryptoflow.replicator.db;

import io.cryptoflow.common.CandleSchema;
import io.cryptoflow.common.ConfiguredMarketSchema;
import io.cryptoflow.common.DepthSchema;
import io.cryptoflow.common.DerivativesSchema;
import io.cryptoflow.common.LiquidationSchema;
import io.cryptoflow.common.Timeframe;
import io.cryptoflow.common.TradeSchema;
import java.util.ArrayList;
import java.util.List;

/**
 * The closed set of collector.db tables the replicator copies row by row, with the unique key an
 * upsert conflicts on. Every table name that reaches SQL in this module comes from here.
 *
 * @param name      table name from {@link Timeframe#table()} or {@link CandleSchema}
 * @param key       the unique key, comma separated, also the order for content hashing
 * @param candles   true for the candle tables (keyed by symbol and open time)
 */
public record ReplicatedTable(String name, String key, boolean candles) {

    /** Order of the consistency window: the rev index's own order where the rowid is the copied id. */
    public String windowOrder() {
        return candles ? "rev, id" : "rev, " + key;
    }

    public static final ReplicatedTable SESSIONS = new ReplicatedTable(CandleSchema.SESSION_TABLE, CandleSchema.SESSION_KEY, false);
    /** Ranges of raw trades the collector knows missing (upserted, never deleted). */
    public static final ReplicatedTable TRADE_GAPS = new ReplicatedTable(TradeSchema.GAP_TABLE, TradeSchema.GAP_KEY, false);
    /** Connected ranges of the liquidation streams (upserted, never deleted). */
    public static final ReplicatedTable LIQUIDATION_COVERAGE = new ReplicatedTable(LiquidationSchema.COVERAGE_TABLE,
            LiquidationSchema.COVERAGE_KEY, false);
    /** Ranges in which a market's order book was known right (upserted, never deleted). */
    public static final ReplicatedTable DEPTH_COVERAGE = new ReplicatedTable(DepthSchema.COVERAGE_TABLE,
            DepthSchema.COVERAGE_KEY, false);
    /** The partition catalog (every kind); the partitions themselves are replayed by {@code PartitionApplier}. */
    public static final ReplicatedTable PARTITIONS = new ReplicatedTable(TradeSchema.CATALOG_TABLE, TradeSchema.CATALOG_KEY, false);
    /** Derivatives series: kept forever, updated in place, keyed by (symbol, time) like candles but without an id. */
    public static final ReplicatedTable OPEN_INTEREST = new ReplicatedTable(DerivativesSchema.OPEN_INTEREST_TABLE,
            DerivativesSchema.KEY, false);
    public static final ReplicatedTable FUNDING = new ReplicatedTable(DerivativesSchema.FUNDING_TABLE,
            DerivativesSchema.KEY, false);

    /** The markets the collector is configured to collect, with their timeframes and kinds (upserted, never deleted: a dropped one turns inactive). */
    public static final ReplicatedTable CONFIGURED_MARKETS = new ReplicatedTable(ConfiguredMarketSchema.TABLE,
            ConfiguredMarketSchema.KEY, false);

    /** The tables stamped with {@code rev}: candles first, then sessions, then the derivatives series. */
    public static List<ReplicatedTable> revisioned() {
        List<ReplicatedTable> tables = new ArrayList<>();
        for (Timeframe tf : Timeframe.values()) {
            tables.add(new ReplicatedTable(tf.table(), CandleSchema.CANDLE_KEY, true));
        }
        tables.add(SESSIONS);
        tables.add(PARTITIONS);
        tables.add(TRADE_GAPS);
        tables.add(LIQUIDATION_COVERAGE);
        tables.add(DEPTH_COVERAGE);
        tables.add(OPEN_INTEREST);
        tables.add(FUNDING);
        tables.add(CONFIGURED_MARKETS);
        return List.copyOf(tables);
    }

    /** The tables whose rows are never deleted, so no tombstone may name them. */
    private static final List<ReplicatedTable> NEVER_DELETED = List.of(PARTITIONS, TRADE_GAPS, LIQUIDATION_COVERAGE,
            DEPTH_COVERAGE, CONFIGURED_MARKETS);

    /** The table a tombstone's {@code tbl} names, if it is one of the closed set (never one of {@link #NEVER_DELETED}). */
    public static java.util.Optional<ReplicatedTable> byName(String tbl) {
        return revisioned().stream().filter(t -> !NEVER_DELETED.contains(t) && t.name().equals(tbl)).findFirst();
    }

    /**
     * The delete a tombstone of this table replays, binding (symbol, time). A sessions tombstone's
     * time is the session day's 00:00 UTC in ms, the collector's convention for the date key.
     */
    public String tombstoneDelete() {
        return !CandleSchema.SESSION_KEY.equals(key)
                ? "DELETE FROM main." + name + " WHERE symbol = ? AND time = ?"
                : "DELETE FROM main." + name + " WHERE symbol = ? AND date = strftime('%Y-%m-%d', ? / 1000, 'unixepoch')";
    }
}
