package io.cryptoflow.api.core;

/**
 * The requested range lies wholly outside the trades api.db holds for the market: answered 404
 * with the window that is held ({@code windowFrom}/{@code windowTo} null when nothing is held).
 */
public class TradeWindowException extends RuntimeException {

    private final Long windowFrom;
    private final Long windowTo;

    public TradeWindowException(String message, Long windowFrom, Long windowTo) {
        super(message);
        this.windowFrom = windowFrom;
        this.windowTo = windowTo;
    }

    public Long windowFrom() {
        return windowFrom;
    }

    public Long windowTo() {
        return windowTo;
    }
}
