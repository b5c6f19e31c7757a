package io.cryptoflow.api.core;

/** api.db is missing or not yet a complete replica; mapped to a 503. */
public class ReplicaNotReadyException extends RuntimeException {

    public ReplicaNotReadyException(String message) {
        super(message);
    }

    public ReplicaNotReadyException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * api.db holds no revision of the collector yet: a first start, in the seconds before the
     * collector's first commit (which records the configured markets) reaches it. A market is not
     * unknown then, only not known yet.
     */
    public static ReplicaNotReadyException nothingCommitted() {
        return new ReplicaNotReadyException("replica not ready: api.db holds no revision of the collector yet (it records"
                + " its configured markets in its first one, seconds after a first start); retry shortly");
    }
}
