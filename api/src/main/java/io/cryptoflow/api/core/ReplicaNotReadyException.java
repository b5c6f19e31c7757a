package io.cryptoflow.api.core;

/** api.db is missing or not yet a complete replica; mapped to a 503. */
public class ReplicaNotReadyException extends RuntimeException {

    public ReplicaNotReadyException(String message) {
        super(message);
    }

    public ReplicaNotReadyException(String message, Throwable cause) {
        super(message, cause);
    }
}
