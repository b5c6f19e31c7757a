package io.cryptoflow.collector.sources.trades;

import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Tells a dead WebSocket from a quiet one (trade and order-book streams). A connection from which no
 * frame (data, ping, pong) arrived for half the silence timeout is probed: with the exchange's own
 * text ping where it has one (Bybit {@code {"op":"ping"}}, Bitget {@code ping}, both answered with a
 * pong), else with a WebSocket ping frame, which the server answers with a pong (RFC 6455 5.5.2;
 * Binance: "client can send ping ... the server will return pong"). A connection still silent at the
 * whole timeout is reported dead.
 *
 * <p>Why not wait for the close: the JDK 17 WebSocket loses a connection cut that arrives right
 * behind a message. Its transport reads the EOF while the message is still being handed to the
 * listener, finds no outstanding demand ({@code acknowledgeReception} throws InternalError on the
 * reading thread) and never calls onClose or onError. Only silence then tells, and a quiet market's
 * silence alone cannot be short; the probe makes it so.
 */
public final class LivenessWatch implements Runnable {

    private final long silenceNanos;
    private final LongSupplier lastFrameNanos;
    private final Runnable probe;
    private final Consumer<String> dead;
    /** Probed in the current quiet stretch; touched only by the scheduler's thread. */
    private boolean probed;
    private boolean reported;

    /**
     * @param silenceMillis  silence after which the connection is dead; probed at half of it
     * @param lastFrameNanos {@link System#nanoTime()} of the last frame of any kind
     * @param probe          sends the probe
     * @param dead           told once, with why
     */
    public LivenessWatch(long silenceMillis, LongSupplier lastFrameNanos, Runnable probe, Consumer<String> dead) {
        this.silenceNanos = silenceMillis * 1_000_000;
        this.lastFrameNanos = lastFrameNanos;
        this.probe = probe;
        this.dead = dead;
    }

    /** How often {@link #run} should look: a sixth of the timeout leaves the probe's answer at least a third of it. */
    public long checkMillis() {
        return Math.max(50, silenceNanos / 6_000_000);
    }

    /** Runs this watch every {@link #checkMillis} on {@code scheduler}; cancel the future with the connection. */
    public ScheduledFuture<?> scheduleOn(ScheduledExecutorService scheduler) {
        return scheduler.scheduleWithFixedDelay(this, checkMillis(), checkMillis(), TimeUnit.MILLISECONDS);
    }

    /** The probe of a connection: the exchange's text ping, or a ping frame where it has none. */
    public static Runnable probe(WebSocket ws, TextSender sender, Optional<String> textPing) {
        return () -> textPing.ifPresentOrElse(sender::send, () -> ws.sendPing(ByteBuffer.allocate(0)));
    }

    @Override
    public void run() {
        if (reported) {
            return;
        }
        long quiet = System.nanoTime() - lastFrameNanos.getAsLong();
        if (quiet >= silenceNanos) {
            reported = true;
            dead.accept("nothing received for " + quiet / 1_000_000 + " ms, not even the answer to a ping");
        } else if (quiet >= silenceNanos / 2) {
            if (!probed) {
                probed = true;
                try {
                    probe.run();
                } catch (RuntimeException e) {
                    // a send refused on a closing connection: the timeout still decides; this task must
                    // not end by throwing (a scheduled task that throws is never run again)
                }
            }
        } else {
            probed = false;
        }
    }
}
