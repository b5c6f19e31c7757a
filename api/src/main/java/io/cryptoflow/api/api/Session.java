package io.cryptoflow.api.api;

/** One day's volume profile from the {@code sessions} table; levels are null until computed. */
public record Session(String exchange, String symbol, String date, Double poc, Double vwap, Double vah,
                      Double val, double volume) {
}
