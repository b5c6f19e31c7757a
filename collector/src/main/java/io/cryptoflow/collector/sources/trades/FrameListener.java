package io.cryptoflow.collector.sources.trades;

import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletionStage;

/**
 * One generation of a text-frame WebSocket (trade and order-book streams): assembles partial
 * frames, counts pings and pongs as life, and reports a close or an error to its owner. Callbacks of
 * a generation the owner has moved past are ignored.
 */
public final class FrameListener implements WebSocket.Listener {

    /** The stream owning the connection. */
    public interface Owner {

        /** True while {@code gen} is the owner's current connection. */
        boolean isCurrent(int gen);

        /** Any message, ping or pong arrived. */
        void alive();

        /** One whole text frame of the current connection. */
        void onFrame(String text);

        /** The connection of {@code gen} closed or failed. */
        void dropped(int gen, String why);
    }

    private final int gen;
    private final Owner owner;
    private final StringBuilder partial = new StringBuilder();

    public FrameListener(int gen, Owner owner) {
        this.gen = gen;
        this.owner = owner;
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
        if (owner.isCurrent(gen)) {
            owner.alive();
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                owner.onFrame(text);
            }
        }
        ws.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onPing(WebSocket ws, ByteBuffer message) {
        // the JDK answers with a pong by itself; a ping still proves the connection is alive
        return life(ws);
    }

    @Override
    public CompletionStage<?> onPong(WebSocket ws, ByteBuffer message) {
        return life(ws);
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
        ws.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
        owner.dropped(gen, "closed by server: " + statusCode + " " + reason);
        return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
        owner.dropped(gen, error.toString());
    }

    private CompletionStage<?> life(WebSocket ws) {
        if (owner.isCurrent(gen)) {
            owner.alive();
        }
        ws.request(1);
        return null;
    }
}
