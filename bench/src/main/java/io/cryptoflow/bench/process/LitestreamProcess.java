package io.cryptoflow.bench.process;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** {@code litestream replicate -config FILE} as a process, with the environment the config expands. */
public final class LitestreamProcess implements AutoCloseable {

    private final Process process;

    private LitestreamProcess(Process process) {
        this.process = process;
    }

    /** LITESTREAM_BIN, then {@code <repo>/.tools/litestream/litestream} (.ci/run installs it there), then PATH. */
    public static Path binary(Path repoRoot) {
        List<Path> candidates = new ArrayList<>();
        Optional.ofNullable(System.getenv("LITESTREAM_BIN")).filter(s -> !s.isBlank()).map(Path::of).ifPresent(candidates::add);
        candidates.add(repoRoot.resolve(".tools/litestream/litestream"));
        for (String d : Optional.ofNullable(System.getenv("PATH")).orElse("").split(File.pathSeparator)) {
            candidates.add(Path.of(d, "litestream"));
        }
        return candidates.stream().filter(Files::isExecutable).findFirst().orElseThrow(() -> new IllegalStateException(
                "no litestream binary (LITESTREAM_BIN, .tools/litestream/litestream or PATH); .ci/run shows how to install v0.3.13"));
    }

    public static LitestreamProcess replicate(Path binary, Path config, Map<String, String> env, Path log) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(binary.toString(), "replicate", "-config", config.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().clear();
        pb.environment().putAll(env);
        Process p = pb.start();
        Thread.sleep(500);
        if (!p.isAlive()) {
            throw new IllegalStateException("litestream replicate exited with " + p.exitValue() + ", see " + log);
        }
        return new LitestreamProcess(p);
    }

    /** SIGTERM: Litestream syncs once more, then exits. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
