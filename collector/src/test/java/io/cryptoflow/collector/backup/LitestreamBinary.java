package io.cryptoflow.collector.backup;

import static org.assertj.core.api.Assertions.fail;

import io.cryptoflow.common.RepoRoot;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * The real Litestream binary for the backup tests (here and in e2e): LITESTREAM_BIN, then
 * {@code <repo>/.tools/litestream/litestream}, then PATH.
 */
public final class LitestreamBinary {

    private LitestreamBinary() {
    }

    /** The binary; aborts (skips) the test when absent, fails it when CRYPTOFLOW_REQUIRE_LITESTREAM is set. */
    public static Path required() {
        List<Path> candidates = new ArrayList<>();
        Optional.ofNullable(System.getenv("LITESTREAM_BIN")).filter(s -> !s.isBlank()).map(Path::of).ifPresent(candidates::add);
        candidates.add(RepoRoot.find().resolve(".tools/litestream/litestream"));
        for (String d : Optional.ofNullable(System.getenv("PATH")).orElse("").split(File.pathSeparator)) {
            candidates.add(Path.of(d, "litestream"));
        }
        Optional<Path> found = candidates.stream().filter(Files::isExecutable).findFirst();
        if (found.isEmpty()) {
            String required = Optional.ofNullable(System.getenv("CRYPTOFLOW_REQUIRE_LITESTREAM")).orElse("");
            if (!required.isBlank() && !required.equals("0") && !required.equalsIgnoreCase("false")) {
                fail("CRYPTOFLOW_REQUIRE_LITESTREAM is set but no litestream binary was found");
            }
            Assumptions.abort("litestream binary not found; set CRYPTOFLOW_REQUIRE_LITESTREAM=1 to make this a failure");
        }
        return found.get();
    }
}
