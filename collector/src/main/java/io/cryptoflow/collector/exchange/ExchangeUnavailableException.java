package io.cryptoflow.collector.exchange;

/** A transient failure (5xx, timeout, connection error, rate limit): retry later. */
public class ExchangeUnavailableException extends Exception {

    private final long retryAfterMillis;

    public ExchangeUnavailableException(String message, long retryAfterMillis, Throwable cause) {
        super(message, cause);
        this.retryAfterMillis = retryAfterMillis;
    }

    /** How long the exchange asked us to wait, or 0 when it did not say. */
    public long retryAfterMillis() {
        return retryAfterMillis;
    }
}
