package io.cryptoflow.common;

import java.util.List;

/**
 * {@code collector_no_data}: ranges an exchange has no candles for, so gap repair does not ask
 * again. The collector's own bookkeeping in collector.db, outside the replicated contract (its
 * writes cost no revision; a snapshot copies it along with the rest of the file). Created by the
 * collector's writer after {@link CandleSchema#apply}, and by anything that builds a collector.db the
 * collector will open without a schema change (the benchmarks' synthetic files).
 */
public final class NoDataSchema {

    public static final String TABLE = "collector_no_data";

    /** The table's columns in DDL order; {@code minutes} is the timeframe ({@link Timeframe#minutes()}). */
    public static final List<String> COLUMNS = List.of("symbol", "minutes", "from_time", "to_time");

    public static final String DDL = """
            CREATE TABLE IF NOT EXISTS collector_no_data (
              symbol TEXT NOT NULL,
              minutes INTEGER NOT NULL,
              from_time INTEGER NOT NULL,
              to_time INTEGER NOT NULL,
              PRIMARY KEY (symbol, minutes, from_time)
            )""";

    private NoDataSchema() {
    }
}
