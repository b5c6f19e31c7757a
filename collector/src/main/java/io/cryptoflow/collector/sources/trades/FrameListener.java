package io.cryptoflow.collector.sources.trades;

import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.IntSupplier;

/**
 * One generation of a text-frame WebSocket (trade and order-book streams): assembles partial
 * frames, counts pings and pongs as life, and reports a close or an error to its owner. Callbacks of
 * a generation the owner has moved past are ignored.
 */
public final class FrameListener implements WebSocket.Listener {

    private final int gen;
    private final IntSupplier currentGeneration;
    private final Runnable alive;
    private final Consumer<String> frames;
    private final BiConsumer<Integer, String> dropped;
    private final StringBuilder partial = new StringBuilder();

    /**
     * @param gen               the connection generation this listener belongs to
     * @param currentGeneration the owner's current generation (callbacks of an older one are ignored)
     * @param alive             any message, ping or pong arrived
     * @param frames            each whole text frame
     * @param dropped           the connection of {@code gen} closed or failed, with why
     */
    public FrameListener(int gen, IntSupplier currentGeneration, Runnable alive, Consumer<String> frames,
                         BiConsumer<Integer, String> dropped) {
        this.gen = gen;
        this.currentGeneration = currentGeneration;
        this.alive = alive;
        this.frames = frames;
        this.dropped = dropped;
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
        if (currentGeneration.getAsInt() == gen) {
            alive.run();
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                frames.accept(text);
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
        dropped.accept(gen, "closed by server: " + statusCode + " " + reason);
        return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
        dropped.accept(gen, error.toString());
    }

    private CompletionStage<?> life(WebSocket ws) {
        if (currentGeneration.getAsInt() == gen) {
            alive.run();
        }
        ws.request(1);
        return null;
    }
}
