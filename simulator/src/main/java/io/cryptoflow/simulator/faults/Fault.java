package io.cryptoflow.simulator.faults;

import java.time.Duration;

/**
 * A misbehaviour the simulator applies to a matching request (REST) or outgoing message (WebSocket)
 * instead of, or on top of, its normal answer. Immutable; the fluent methods return copies.
 */
public final class Fault {

    public enum Kind {
        /** Answer with a status code (and optional Retry-After, body) instead of the real response. */
        STATUS,
        /** Answer 200 with the real body cut in half (valid HTTP, invalid JSON). */
        MALFORMED_JSON,
        /** Announce the full Content-Length, send half of the body, then cut the connection. */
        TRUNCATED_BODY,
        /** Answer normally but with one byte in the middle of the body flipped (bad zip / checksum mismatch). */
        CORRUPT_BODY,
        /** Answer normally, but send the body in 10 chunks spread over the fault's duration. */
        SLOW_BODY,
        /** Wait, then answer normally. */
        DELAY,
        /** WebSocket: close the connection abruptly instead of sending the next message. */
        WS_DROP,
        /** WebSocket: send the first half of the next message as a fragment, then cut the TCP connection 250 ms later. */
        WS_DROP_MID_MESSAGE
    }

    private final Kind kind;
    private final int status;
    private final Long retryAfterSeconds;
    private final String body;
    private final Duration delay;

    private Fault(Kind kind, int status, Long retryAfterSeconds, String body, Duration delay) {
        this.kind = kind;
        this.status = status;
        this.retryAfterSeconds = retryAfterSeconds;
        this.body = body;
        this.delay = delay;
    }

    public static Fault status(int status) {
        return new Fault(Kind.STATUS, status, null, null, Duration.ZERO);
    }

    public static Fault malformedJson() {
        return new Fault(Kind.MALFORMED_JSON, 200, null, null, Duration.ZERO);
    }

    public static Fault truncatedBody() {
        return new Fault(Kind.TRUNCATED_BODY, 200, null, null, Duration.ZERO);
    }

    public static Fault corruptBody() {
        return new Fault(Kind.CORRUPT_BODY, 200, null, null, Duration.ZERO);
    }

    /** Sends the normal body in 10 chunks spread over {@code total} (a slow or stalling server). */
    public static Fault slowBody(Duration total) {
        return new Fault(Kind.SLOW_BODY, 200, null, null, total);
    }

    public static Fault delay(Duration delay) {
        return new Fault(Kind.DELAY, 200, null, null, delay);
    }

    /**
     * Cuts a live stream's connection (no close frame) instead of sending its next trade message, so
     * the cut always loses at least that message's trades (a test that waits for the catch-up can count
     * on one). Liquidation and book messages never take a WebSocket fault.
     */
    public static Fault dropConnection() {
        return new Fault(Kind.WS_DROP, 0, null, null, Duration.ZERO);
    }

    /** Like {@link #dropConnection()}, after sending half of the next trade message as a non-final frame. */
    public static Fault dropMidMessage() {
        return new Fault(Kind.WS_DROP_MID_MESSAGE, 0, null, null, Duration.ZERO);
    }

    /** Adds a {@code Retry-After} header (STATUS faults). */
    public Fault retryAfterSeconds(long seconds) {
        return new Fault(kind, status, seconds, body, delay);
    }

    /** Replaces the body of a STATUS fault (default: a short JSON error naming the simulator). */
    public Fault body(String body) {
        return new Fault(kind, status, retryAfterSeconds, body, delay);
    }

    public Kind kind() {
        return kind;
    }

    public int statusCode() {
        return status;
    }

    public Long retryAfter() {
        return retryAfterSeconds;
    }

    public String bodyText() {
        return body;
    }

    public Duration delayDuration() {
        return delay;
    }

    public boolean isWebSocket() {
        return kind == Kind.WS_DROP || kind == Kind.WS_DROP_MID_MESSAGE;
    }

    @Override
    public String toString() {
        return switch (kind) {
            case STATUS -> "status " + status + (retryAfterSeconds == null ? "" : " retry-after " + retryAfterSeconds);
            case DELAY -> "delay " + delay.toMillis() + "ms";
            case SLOW_BODY -> "slow body over " + delay.toMillis() + "ms";
            default -> kind.name().toLowerCase(java.util.Locale.ROOT);
        };
    }
}
