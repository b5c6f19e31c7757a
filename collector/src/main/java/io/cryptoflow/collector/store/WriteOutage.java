package io.cryptoflow.collector.store;

import java.nio.file.Path;

/**
 * collector.db refusing writes (disk full, file-size limit, I/O errors) since {@code sinceMs}:
 * the writer holds the batch it could not commit and retries it until the disk accepts it.
 */
public record WriteOutage(Path file, long sinceMs, long attempts, String lastError) {
}
