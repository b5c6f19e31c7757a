package io.cryptoflow.common;

import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

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
 *
 * <p>{@code kinds} (schema version 7) names the data kinds besides candles that the running
 * configuration collects of the market, comma separated closed names in {@link Kind} order
 * ("trades,liquidations,open_interest,funding"; "" = none of them). NULL means unknown: a row written
 * by a collector from before version 7, which recorded only timeframes. A change of kinds is a change
 * of the row (a new {@code rev}), so the replicator copies it like a change of timeframes.
 */
public final class ConfiguredMarketSchema {

    public static final String TABLE = "configured_markets";
    /** The primary key (an upsert's conflict target). */
    public static final String KEY = "symbol";
    public static final List<String> COLUMNS = List.of("symbol", "timeframes", "configured_since", "active", "rev", "kinds");

    /** Column added by schema version 7 (appended, as {@code ALTER TABLE ... ADD COLUMN} does on an older file). */
    public static final String KINDS = "kinds";

    /** The data kinds besides candles a configuration may collect of a market; {@link #stored()} is the closed name. */
    public enum Kind {
        /** Raw trades: order flow on for the exchange section, with a trade retention above 0 days. */
        TRADES("trades"),
        /** Liquidations: order flow on, on an exchange with a public liquidation stream. */
        LIQUIDATIONS("liquidations"),
        /** Order-book depth: the market listed under the section's depth symbols. */
        DEPTH("depth"),
        /** Open interest: derivatives on for the section (derivatives markets only). */
        OPEN_INTEREST("open_interest"),
        /** Funding: derivatives on for the section (derivatives markets only). */
        FUNDING("funding");

        private final String stored;

        Kind(String stored) {
            this.stored = stored;
        }

        /** The name in {@code kinds}. */
        public String stored() {
            return stored;
        }
    }

    private ConfiguredMarketSchema() {
    }

    public static List<String> ddl() {
        return List.of("""
                CREATE TABLE IF NOT EXISTS configured_markets (
                  symbol TEXT NOT NULL PRIMARY KEY,
                  timeframes TEXT NOT NULL,
                  configured_since INTEGER NOT NULL,
                  active INTEGER NOT NULL,
                  rev INTEGER NOT NULL DEFAULT 0,
                  kinds TEXT
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

    /** {@code kinds} as stored: the closed names, comma separated, in {@link Kind} order ("" for none). */
    public static String kinds(Collection<Kind> kinds) {
        StringBuilder sb = new StringBuilder();
        for (Kind k : Kind.values()) {
            if (kinds.contains(k)) {
                sb.append(sb.isEmpty() ? "" : ",").append(k.stored());
            }
        }
        return sb.toString();
    }

    /**
     * The kinds a stored {@code kinds} value names; empty when it is NULL (unknown: written before
     * version 7). Names no {@link Kind} has (a newer collector's) are skipped.
     */
    public static Optional<Set<Kind>> parseKinds(String stored) {
        if (stored == null) {
            return Optional.empty();
        }
        Set<Kind> kinds = EnumSet.noneOf(Kind.class);
        for (String name : stored.split(",")) {
            for (Kind k : Kind.values()) {
                if (k.stored().equals(name.trim())) {
                    kinds.add(k);
                }
            }
        }
        return Optional.of(Set.copyOf(kinds));
    }
}
