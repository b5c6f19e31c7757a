package io.cryptoflow.common;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The repository root, for tests and the bench that read shipped files (configs, jars, bin/cryptoflow):
 * {@code -Dcryptoflow.root} when set, else the nearest directory up from the working directory holding
 * both {@code pom.xml} and {@code bin/cryptoflow}. The one finder every module uses.
 */
public final class RepoRoot {

    private RepoRoot() {
    }

    public static Path find() {
        String override = System.getProperty("cryptoflow.root");
        if (override != null && !override.isBlank()) {
            return Path.of(override).toAbsolutePath();
        }
        Path start = Path.of("").toAbsolutePath();
        for (Path p = start; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("pom.xml")) && Files.isRegularFile(p.resolve("bin/cryptoflow"))) {
                return p;
            }
        }
        throw new IllegalStateException("the CryptoFlow repository (pom.xml and bin/cryptoflow) is not above " + start
                + "; run from inside it or set -Dcryptoflow.root");
    }
}
