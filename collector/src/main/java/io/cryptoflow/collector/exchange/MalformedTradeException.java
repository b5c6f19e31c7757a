package io.cryptoflow.collector.exchange;

/** An exchange message or file row that does not parse as trades; the whole message or file is rejected. */
public class MalformedTradeException extends Exception {

    private static final long serialVersionUID = 1L;

    public MalformedTradeException(String message) {
        super(message);
    }

    public MalformedTradeException(String message, Throwable cause) {
        super(message, cause);
    }
}
