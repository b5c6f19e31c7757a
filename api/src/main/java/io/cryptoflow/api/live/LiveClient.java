package io.cryptoflow.api.live;

import com.codahale.metrics.Meter;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebSocket connection. Sends are asynchronous; a client with more than
 * {@code maxPendingBytes} of messages not yet written to its socket is disconnected instead of
 * being buffered without bound.
 */
public class LiveClient {

    private static final Logger LOG = LoggerFactory.getLogger(LiveClient.class);

    private final Session session;
    private final long maxPendingBytes;
    private final Meter droppedSlow;
    private final AtomicLong pendingBytes = new AtomicLong();
    private final AtomicBoolean dropped = new AtomicBoolean();
    private final Set<Subscription> subscriptions = ConcurrentHashMap.newKeySet();

    public LiveClient(Session session, long maxPendingBytes, Meter droppedSlow) {
        this.session = session;
        this.maxPendingBytes = maxPendingBytes;
        this.droppedSlow = droppedSlow;
    }

    public Set<Subscription> subscriptions() {
        return subscriptions;
    }

    public boolean isOpen() {
        return !dropped.get() && session.isOpen();
    }

    public synchronized void send(String text) {
        if (!isOpen()) {
            return;
        }
        long size = text.length();
        if (pendingBytes.addAndGet(size) > maxPendingBytes) {
            dropSlow();
            return;
        }
        session.sendText(text, Callback.from(() -> pendingBytes.addAndGet(-size), failure -> {
            pendingBytes.addAndGet(-size);
            LOG.debug("send to {} failed: {}", session.getRemoteSocketAddress(), failure.toString());
        }));
    }


    private void dropSlow() {
        if (dropped.compareAndSet(false, true)) {
            droppedSlow.mark();
            LOG.warn("dropping slow WebSocket client {}: {} bytes not yet written", session.getRemoteSocketAddress(),
                    pendingBytes.get());
            session.disconnect();
        }
    }
}
