package io.cryptoflow.common;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An instrument as stored in the candle tables: {@code EXCHANGE:SYMBOL}, upper-case,
 * e.g. {@code BINANCE:BTCUSDT} or {@code BINANCE_SPOT:ETHUSDT}.
 */
public record MarketSymbol(String exchange, String symbol) {

    private static final Pattern EXCHANGE = Pattern.compile("[A-Z][A-Z0-9_]{1,23}");
    private static final Pattern SYMBOL = Pattern.compile("[A-Z0-9]{2,32}");

    public MarketSymbol {
        if (exchange == null || !EXCHANGE.matcher(exchange).matches()) {
            throw new IllegalArgumentException("exchange must match " + EXCHANGE + ", got: " + exchange);
        }
        if (symbol == null || !SYMBOL.matcher(symbol).matches()) {
            throw new IllegalArgumentException("symbol must match " + SYMBOL + ", got: " + symbol);
        }
    }

    /** Case-insensitive construction from user input; empty when either part is malformed. */
    public static Optional<MarketSymbol> tryOf(String exchange, String symbol) {
        if (exchange == null || symbol == null) {
            return Optional.empty();
        }
        String e = exchange.trim().toUpperCase(Locale.ROOT);
        String s = symbol.trim().toUpperCase(Locale.ROOT);
        if (!EXCHANGE.matcher(e).matches() || !SYMBOL.matcher(s).matches()) {
            return Optional.empty();
        }
        return Optional.of(new MarketSymbol(e, s));
    }

    public static MarketSymbol of(String exchange, String symbol) {
        return tryOf(exchange, symbol).orElseThrow(() ->
                new IllegalArgumentException("invalid market symbol: " + exchange + ":" + symbol));
    }

    /** Parses the stored form {@code EXCHANGE:SYMBOL}. */
    public static MarketSymbol parseStored(String stored) {
        int colon = stored == null ? -1 : stored.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("stored symbol must be EXCHANGE:SYMBOL, got: " + stored);
        }
        return new MarketSymbol(stored.substring(0, colon), stored.substring(colon + 1));
    }

    /** The value of the {@code symbol} column. */
    public String stored() {
        return exchange + ":" + symbol;
    }

    @Override
    public String toString() {
        return stored();
    }
}
