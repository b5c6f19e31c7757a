package io.cryptoflow.api.core;

/** Every read connection stayed busy for the whole wait; mapped to a 503 with Retry-After. */
public class DatabaseBusyException extends RuntimeException {

    public DatabaseBusyException(String message, Throwable cause) {
        super(message, cause);
    }
}
