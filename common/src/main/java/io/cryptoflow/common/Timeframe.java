package io.cryptoflow.common;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The candle timeframes CryptoFlow stores, finest first. This enum is the closed set from which every
 * candle table name is taken: no table name is ever built from request text. The table names are
 * the old tool's ({@code candles_<minutes>}), so its databases open unchanged. A new constant here is
 * a new table everywhere (schema, kline workers, footprints, replication, API, chart): every stage
 * loops over {@link #values()}.
 */
public enum Timeframe {
    M1(1, "1m", "candles_1"),
    M5(5, "5m", "candles_5"),
    M15(15, "15m", "candles_15"),
    M30(30, "30m", "candles_30"),
    H1(60, "1h", "candles_60"),
    H4(240, "4h", "candles_240"),
    D1(1440, "1d", "candles_1440");

    public static final String ACCEPTED = "1, 5, 15, 30, 60, 240, 1440 (or 1m, 5m, 15m, 30m, 1h, 4h, 1d)";

    private final int minutes;
    private final String label;
    private final String table;

    Timeframe(int minutes, String label, String table) {
        this.minutes = minutes;
        this.label = label;
        this.table = table;
    }

    public int minutes() {
        return minutes;
    }

    public long millis() {
        return minutes * 60_000L;
    }

    /** Exchange-style label: 1m, 5m, 15m, 30m, 1h, 4h, 1d. */
    public String label() {
        return label;
    }

    /** The SQLite table holding this timeframe's candles. */
    public String table() {
        return table;
    }

    /** Open time of the candle that contains {@code epochMillis}. */
    public long openTimeOf(long epochMillis) {
        return Math.floorDiv(epochMillis, millis()) * millis();
    }

    public boolean isAligned(long epochMillis) {
        return Math.floorMod(epochMillis, millis()) == 0;
    }

    public static List<Timeframe> all() {
        return List.of(values());
    }

    /** Accepts minutes ("1", "15", "1440") or labels ("1m", "15m", "1h", "1d"), case-insensitive. */
    public static Optional<Timeframe> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String t = text.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(tf -> tf.label.equals(t) || Integer.toString(tf.minutes).equals(t))
                .findFirst();
    }

    public static Optional<Timeframe> ofMinutes(int minutes) {
        return Arrays.stream(values()).filter(tf -> tf.minutes == minutes).findFirst();
    }
}
