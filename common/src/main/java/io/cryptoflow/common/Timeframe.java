package io.cryptoflow.common;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The four candle timeframes CryptoFlow stores. This enum is the closed set from which every
 * candle table name is taken: no table name is ever built from request text.
 */
public enum Timeframe {
    M15(15, "15m", "candles_15"),
    H1(60, "1h", "candles_60"),
    H4(240, "4h", "candles_240"),
    D1(1440, "1d", "candles_1440");

    public static final String ACCEPTED = "15, 60, 240, 1440 (or 15m, 1h, 4h, 1d)";

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

    /** Exchange-style label: 15m, 1h, 4h, 1d. */
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

    /** Accepts minutes ("15", "1440") or labels ("15m", "1h", "4h", "1d"), case-insensitive. */
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
