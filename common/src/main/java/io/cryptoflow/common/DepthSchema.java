package io.cryptoflow.common;

import java.util.List;

/**
 * Order-book heatmap snapshots: per-day, per-exchange partition tables of two tiers,
 * {@link PartitionKind#DEPTH} (one row per market per second, short retention) and
 * {@link PartitionKind#DEPTH_MINUTE} (one row per market per minute, long retention), catalogued,
 * expired and replicated like raw trades; and {@value #COVERAGE_TABLE}, the time ranges in which a
 * market's local book was known to be right. Outside those ranges depth is unknown (the API reports
 * the range as missing), never an empty book.
 *
 * <p>One row is one snapshot of the book binned on a price grid of width {@code step}: bin {@code b}
 * holds the resting size at prices in {@code [b * step, (b + 1) * step)}. {@code bids} is the bid
 * side from the bin of the best bid downwards, {@code asks} the ask side from the bin of the best ask
 * upwards, each a little-endian float32 array of base-asset sizes (bin {@code bid_bin - i} and
 * {@code ask_bin + i} at index {@code i}), cut at the configured band around the mid. A minute row
 * holds the mean of the second rows of that minute (bins aligned on {@code step}); {@code samples}
 * says how many seconds were known (1 for a second row).
 */
public final class DepthSchema {

    /** Columns of every depth partition, in DDL order. */
    public static final List<String> SNAPSHOT_COLUMNS =
            List.of("seq", "symbol", "time", "step", "bid_bin", "ask_bin", "bids", "asks", "samples", "rev");

    /** Ranges in which a market's book was known right, upserted with the writer's revision, never deleted. */
    public static final String COVERAGE_TABLE = "depth_coverage";
    public static final String COVERAGE_KEY = CoverageTable.KEY;
    public static final List<String> COVERAGE_COLUMNS = CoverageTable.COLUMNS;
    public static final String COVERAGE_DDL = CoverageTable.ddl(COVERAGE_TABLE);
    public static final String COVERAGE_REV_INDEX = CoverageTable.revIndex(COVERAGE_TABLE);

    private DepthSchema() {
    }

    /** The statements creating one depth partition (either tier): {@code symbol} bare, {@code time} ms. */
    public static List<String> partitionDdl(TradePartition p) {
        String t = p.table();
        return List.of("""
                CREATE TABLE IF NOT EXISTS %s (
                  seq INTEGER PRIMARY KEY,
                  symbol TEXT NOT NULL,
                  time INTEGER NOT NULL,
                  step REAL NOT NULL,
                  bid_bin INTEGER NOT NULL,
                  ask_bin INTEGER NOT NULL,
                  bids BLOB NOT NULL,
                  asks BLOB NOT NULL,
                  samples INTEGER NOT NULL,
                  rev INTEGER NOT NULL
                )""".formatted(t),
                "CREATE INDEX IF NOT EXISTS %s_time ON %s(symbol, time)".formatted(t, t));
    }

    /** Part of {@link CandleSchema#ddl()} so both databases have it. */
    public static List<String> coverageDdl() {
        return List.of(COVERAGE_DDL, COVERAGE_REV_INDEX);
    }
}
