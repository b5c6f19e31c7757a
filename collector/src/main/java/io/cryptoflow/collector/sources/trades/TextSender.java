package io.cryptoflow.collector.sources.trades;

import java.net.http.WebSocket;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one connection's text frames (subscriptions, text pings) one after another. java.net.http
 * refuses a send while the previous one is still pending (an exceptionally completed future, easy to
 * lose), so on a slow link a subscribe frame sent beside a ping would silently subscribe nothing.
 */
public final class TextSender {

    private static final Logger LOG = LoggerFactory.getLogger(TextSender.class);

    private final WebSocket ws;
    private final String name;
    private CompletableFuture<?> last = CompletableFuture.completedFuture(null);

    public TextSender(WebSocket ws, String name) {
        this.ws = ws;
        this.name = name;
    }

    public synchronized void send(String frame) {
        last = last.handle((v, e) -> null)
                .thenCompose(v -> ws.sendText(frame, true))
                .whenComplete((v, e) -> {
                    if (e != null) {
                        LOG.warn("{}: sending {} failed: {}", name, frame, e.toString());
                    }
                });
    }
}
