package io.cryptoflow.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/** What every scenario gets: the repo root, options, a scratch dir and a progress printer. */
public record BenchContext(Path repoRoot, BenchOptions options, Path workDir, Instant startedAt) {

    public Path scratch(String name) throws java.io.IOException {
        Path dir = workDir.resolve(name);
        Files.createDirectories(dir);
        return dir;
    }

    /** Progress of long work, on stderr so stdout stays the tables. */
    public void progress(String format, Object... args) {
        System.err.printf("[bench %tT] %s%n", System.currentTimeMillis(), String.format(format, args));
    }
}
