package io.cryptoflow.common;

import java.util.List;

/**
 * {@value #TABLE}: the markets the collector is configured to collect candles of, written by the
 * collector at start-up (one row per market, stamped with the writer's {@code rev} like the other
 * replicated tables) and copied to api.db by the replicator, so the API can tell a market that is
 * configured but not yet backfilled (an empty answer) from one nobody configured (a typo: 404).
 * Schema version 6 added it ({@link CandleSchema#apply} creates it; the upgrade changes no data).
 *
 * <p>{@code symbol} is the stored name ("EXCHANGE:SYMBOL"), {@code timeframes} the configured kline
 * timeframes' minutes, comma separated in {@link Timeframe} order ("15,60,240,1440"),
 * {@code configured_since} the time in ms of the first start-up whose configuration named the market
 * (kept while it stays configured), {@code active} 1 while the running configuration names it and 0
 * once a later start-up's configuration no longer does (a row is never deleted, so no tombstone).
 */
public final class ConfiguredMarketSchema {

    public static final String TABLE = "configured_markets";
    /** The primary key (an upsert's conflict target). */
    public static final String KEY = "symbol";
    public static final List<String> COLUMNS = List.of("symbol", "timeframes", "configured_since", "active", "rev");

    private ConfiguredMarketSchema() {
    }

    public static List<String> ddl() {
        return List.of("""
                CREATE TABLE IF NOT EXISTS configured_markets (
                  symbol TEXT NOT NULL PRIMARY KEY,
                  timeframes TEXT NOT NULL,
                  configured_since INTEGER NOT NULL,
                  active INTEGER NOT NULL,
                  rev INTEGER NOT NULL DEFAULT 0
                )""",
                "CREATE INDEX IF NOT EXISTS configured_markets_rev ON configured_markets(rev)");
    }

    /** {@code timeframes} as stored: the minutes, comma separated, in {@link Timeframe} order. */
    public static String timeframes(java.util.Collection<Timeframe> tfs) {
        StringBuilder sb = new StringBuilder();
        for (Timeframe tf : Timeframe.values()) {
            if (tfs.contains(tf)) {
                sb.append(sb.isEmpty() ? "" : ",").append(tf.minutes());
            }
        }
        return sb.toString();
    }

    /** The timeframes a stored {@code timeframes} value names (minutes no timeframe has are skipped). */
    public static List<Timeframe> parseTimeframes(String stored) {
        java.util.List<Timeframe> tfs = new java.util.ArrayList<>();
        for (String minutes : stored.split(",")) {
            if (!minutes.isBlank()) {
                try {
                    Timeframe.ofMinutes(Integer.parseInt(minutes.trim())).ifPresent(tfs::add);
                } catch (NumberFormatException e) {
                    // not written by this collector: names no timeframe
                }
            }
        }
        return List.copyOf(tfs);
    }
}
