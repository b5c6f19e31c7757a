package io.cryptoflow.common;

import java.util.List;

/**
 * Liquidation events: per-day, per-exchange partition tables ({@link PartitionKind#LIQUIDATIONS},
 * catalogued, expired and replicated exactly like raw trades) and {@value #COVERAGE_TABLE}, the time
 * ranges each market's liquidation stream was connected. A candle's liquidation sums are known only
 * where a coverage range holds the whole candle: outside them they are unknown (null), never 0.
 */
public final class LiquidationSchema {

    /** Columns of every liquidation partition, in DDL order. {@code long_side} 1 = a long position was liquidated. */
    public static final List<String> EVENT_COLUMNS = List.of("seq", "symbol", "time", "long_side", "price", "qty", "rev");

    /**
     * Connected ranges of a market's liquidation stream, upserted with the writer's revision (the open
     * range's {@code to_time} moves forward while connected) and never deleted: replicated like sessions.
     */
    public static final String COVERAGE_TABLE = "liquidation_coverage";
    public static final String COVERAGE_KEY = CoverageTable.KEY;
    public static final List<String> COVERAGE_COLUMNS = CoverageTable.COLUMNS;
    public static final String COVERAGE_DDL = CoverageTable.ddl(COVERAGE_TABLE);
    public static final String COVERAGE_REV_INDEX = CoverageTable.revIndex(COVERAGE_TABLE);

    private LiquidationSchema() {
    }

    /**
     * The statements creating one liquidation partition: {@code symbol} bare ({@code BTCUSDT}),
     * {@code time} the exchange's event time (ms), {@code price} and {@code qty} as the exchange printed
     * them. No id: neither exchange gives one, and neither replays, so nothing arrives twice.
     */
    public static List<String> partitionDdl(TradePartition p) {
        String t = p.table();
        return List.of("""
                CREATE TABLE IF NOT EXISTS %s (
                  seq INTEGER PRIMARY KEY,
                  symbol TEXT NOT NULL,
                  time INTEGER NOT NULL,
                  long_side INTEGER NOT NULL,
                  price REAL NOT NULL,
                  qty REAL NOT NULL,
                  rev INTEGER NOT NULL
                )""".formatted(t),
                "CREATE INDEX IF NOT EXISTS %s_time ON %s(symbol, time, seq)".formatted(t, t));
    }

    /** Part of {@link CandleSchema#ddl()} so both databases have it. */
    public static List<String> coverageDdl() {
        return List.of(COVERAGE_DDL, COVERAGE_REV_INDEX);
    }
}
