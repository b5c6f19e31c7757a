package io.cryptoflow.replicator.core;

/** The row {@code PRAGMA wal_checkpoint} answers: busy flag, frames in the WAL, frames checkpointed. */
public record CheckpointResult(String mode, boolean busy, long walFrames, long checkpointedFrames) {

    public boolean complete() {
        return !busy && walFrames == checkpointedFrames;
    }
}
