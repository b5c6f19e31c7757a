package io.cryptoflow.bench;

import java.nio.file.Files;
import java.nio.file.Path;

/** The repository root: the nearest directory up from the working dir holding bench/ and pom.xml. */
final class RepoRoot {

    private RepoRoot() {
    }

    static Path find() {
        String override = System.getProperty("cryptoflow.root");
        if (override != null) {
            return Path.of(override).toAbsolutePath();
        }
        Path p = Path.of("").toAbsolutePath();
        while (p != null) {
            if (Files.isRegularFile(p.resolve("pom.xml")) && Files.isDirectory(p.resolve("bench"))) {
                return p;
            }
            p = p.getParent();
        }
        throw new IllegalStateException("run from inside the CryptoFlow repository (no pom.xml + bench/ found)");
    }
}
