package io.cryptoflow.replicator.core;

/**
 * Turns successive {@code wal_checkpoint} answers into frames written to api.db's WAL. A WAL that
 * shrank was restarted, so everything in it is new. Approximate when a restart was followed by
 * more frames than before; good enough for a bytes-written rate.
 */
public final class WalMeter {

    private static final long FRAME_HEADER_BYTES = 24;
    private long lastFrames;

    public long bytesWritten(CheckpointResult now, long pageSize) {
        long frames = now.walFrames() >= lastFrames ? now.walFrames() - lastFrames : now.walFrames();
        lastFrames = now.truncated() ? 0 : now.walFrames();
        return frames * (pageSize + FRAME_HEADER_BYTES);
    }
}
