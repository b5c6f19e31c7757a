package io.cryptoflow.api.api;

/** A {@code /api/trades} range outside what is held: the usual {@code {code, message}} plus the window held (nulls: none). */
public record TradeWindowError(int code, String message, Window window) {

    public record Window(Long from, Long to) {
    }
}
