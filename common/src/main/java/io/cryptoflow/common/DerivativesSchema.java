package io.cryptoflow.common;

import java.util.List;

/**
 * Open interest and funding of derivatives markets: two series kept forever and updated in place like
 * candles (every row stamped with the writer's {@code rev}, key {@value #KEY}, deletions as
 * {@code cf_tombstones}), so the replicator copies them the same way. Created by
 * {@link CandleSchema#apply} (schema version 4 added them; an older file gets them on upgrade, with no
 * change to its data).
 *
 * <p>{@value #OPEN_INTEREST_TABLE}: {@code time} is the exchange's sample time in ms (Binance and Bybit
 * history every 5 minutes, Bitget's current value when polled), {@code oi} the open interest in base
 * units, {@code oi_value} its quote value when the exchange gives one (Binance), else NULL.
 * {@value #FUNDING_TABLE}: one row per settled funding event, {@code time} the funding time,
 * {@code rate} the rate settled then, {@code mark_price} the mark price of that settlement when the
 * exchange gives one (Binance), else NULL. A value not known is never stored as 0.
 */
public final class DerivativesSchema {

    public static final String OPEN_INTEREST_TABLE = "open_interest";
    public static final String FUNDING_TABLE = "funding";
    /** Both tables' primary key, comma separated (an upsert's conflict target). */
    public static final String KEY = "symbol, time";
    public static final List<String> OPEN_INTEREST_COLUMNS = List.of("symbol", "time", "oi", "oi_value", "rev");
    public static final List<String> FUNDING_COLUMNS = List.of("symbol", "time", "rate", "mark_price", "rev");

    private DerivativesSchema() {
    }

    public static List<String> ddl() {
        return List.of("""
                CREATE TABLE IF NOT EXISTS open_interest (
                  symbol TEXT NOT NULL,
                  time INTEGER NOT NULL,
                  oi REAL NOT NULL,
                  oi_value REAL,
                  rev INTEGER NOT NULL DEFAULT 0,
                  PRIMARY KEY(symbol, time)
                )""",
                "CREATE INDEX IF NOT EXISTS open_interest_rev ON open_interest(rev)",
                """
                CREATE TABLE IF NOT EXISTS funding (
                  symbol TEXT NOT NULL,
                  time INTEGER NOT NULL,
                  rate REAL NOT NULL,
                  mark_price REAL,
                  rev INTEGER NOT NULL DEFAULT 0,
                  PRIMARY KEY(symbol, time)
                )""",
                "CREATE INDEX IF NOT EXISTS funding_rev ON funding(rev)");
    }
}
