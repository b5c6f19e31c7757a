package io.cryptoflow.replicator.core;

/**
 * The row {@code PRAGMA wal_checkpoint} answers (busy flag, frames in the WAL, frames
 * checkpointed), and whether a TRUNCATE afterwards emptied the WAL file.
 */
public record CheckpointResult(String mode, boolean busy, long walFrames, long checkpointedFrames, boolean truncated) {

    public boolean complete() {
        return !busy && walFrames == checkpointedFrames;
    }
}
