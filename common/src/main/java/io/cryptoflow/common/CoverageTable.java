package io.cryptoflow.common;

import java.util.List;

/**
 * The shape shared by the tables that say over which time ranges a market's stream was known
 * (liquidation_coverage, depth_coverage): one row per connected range, keyed by where it starts,
 * its end moving forward while the stream stays right, stamped with the writer's revision and never
 * deleted (replicated like sessions). Outside these ranges the data kind is unknown, never empty.
 */
public final class CoverageTable {

    /** The key of every coverage table. */
    public static final String KEY = "exchange, symbol, from_time";
    /** The columns of every coverage table, in DDL order. */
    public static final List<String> COLUMNS = List.of("exchange", "symbol", "from_time", "to_time", "rev");

    private CoverageTable() {
    }

    /** {@code CREATE TABLE} of the coverage table {@code name} (a constant of the schema classes, never input). */
    public static String ddl(String name) {
        return """
                CREATE TABLE IF NOT EXISTS %s (
                  exchange TEXT NOT NULL,
                  symbol TEXT NOT NULL,
                  from_time INTEGER NOT NULL,
                  to_time INTEGER NOT NULL,
                  rev INTEGER NOT NULL,
                  PRIMARY KEY (exchange, symbol, from_time)
                )""".formatted(name);
    }

    /** The index the replicator reads the table's changes by. */
    public static String revIndex(String name) {
        return "CREATE INDEX IF NOT EXISTS %s_rev ON %s(rev)".formatted(name, name);
    }
}
