package io.cryptoflow.replicator.strategy;

import io.cryptoflow.replicator.core.CheckpointResult;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Turns successive {@code wal_checkpoint} answers into bytes written to api.db's WAL. The frame
 * count alone is ambiguous after a WAL restart (a copy of the same size restarts at frame 0 and
 * ends at the same count), so the WAL header's checkpoint sequence and salt tell whether the
 * WAL was restarted since the last observation.
 */
public final class WalMeter {

    private static final long FRAME_HEADER_BYTES = 24;
    private final Path walFile;
    private long lastFrames;
    private long lastHeaderId = Long.MIN_VALUE;

    public WalMeter(Path databaseFile) {
        this.walFile = databaseFile.resolveSibling(databaseFile.getFileName() + "-wal");
    }

    /** Synchronized: the writer (after snapshots) and the checkpointer thread both report here. */
    public synchronized long bytesWritten(CheckpointResult now, long pageSize) {
        long headerId = headerId();
        boolean restarted = headerId != lastHeaderId || now.walFrames() < lastFrames;
        long frames = restarted ? now.walFrames() : now.walFrames() - lastFrames;
        lastFrames = now.truncated() ? 0 : now.walFrames();
        lastHeaderId = now.truncated() ? Long.MIN_VALUE : headerId;
        return frames * (pageSize + FRAME_HEADER_BYTES);
    }

    /** Checkpoint sequence (bytes 12-15) and salt-1 (16-19) of the WAL header; both change on a restart. */
    private long headerId() {
        if (!Files.exists(walFile)) {
            return Long.MIN_VALUE;
        }
        try (FileChannel ch = FileChannel.open(walFile, StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.allocate(8);
            if (ch.read(b, 12) < 8) {
                return Long.MIN_VALUE;
            }
            return b.flip().getLong();
        } catch (IOException e) {
            return Long.MIN_VALUE;
        }
    }
}
