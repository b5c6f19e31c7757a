package io.cryptoflow.collector.exchange;

/** The exchange answered, but the body does not parse or validate; the whole page is rejected. */
public class MalformedResponseException extends Exception {

    public MalformedResponseException(String message) {
        super(message);
    }

    public MalformedResponseException(String message, Throwable cause) {
        super(message, cause);
    }
}
