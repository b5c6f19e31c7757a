package io.cryptoflow.replicator.litestream;

import io.cryptoflow.common.RepoRoot;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds the real Litestream binary: {@code LITESTREAM_BIN}, then {@code <repo>/.tools/litestream/litestream},
 * then {@code PATH}. Tests skip only when it is absent and {@code CRYPTOFLOW_REQUIRE_LITESTREAM} is unset.
 */
final class LitestreamBinary {

    private LitestreamBinary() {
    }

    static Path repoRoot() {
        return RepoRoot.find();
    }

    static Optional<Path> find() {
        String env = System.getenv("LITESTREAM_BIN");
        if (env != null && !env.isBlank()) {
            return Optional.of(Path.of(env)).filter(Files::isExecutable);
        }
        Path tools = repoRoot().resolve(".tools/litestream/litestream");
        if (Files.isExecutable(tools)) {
            return Optional.of(tools);
        }
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                Path candidate = Path.of(dir, "litestream");
                if (Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    static boolean required() {
        String v = System.getenv("CRYPTOFLOW_REQUIRE_LITESTREAM");
        return v != null && !v.isBlank() && !v.equals("0") && !v.equalsIgnoreCase("false");
    }
}
