package io.cryptoflow.e2e;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the repository root (the directory holding bin/cryptoflow) from the test's working dir. */
final class RepoRoot {

    private RepoRoot() {
    }

    static Path find() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("bin/cryptoflow"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("repository root (bin/cryptoflow) not found above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }
}
