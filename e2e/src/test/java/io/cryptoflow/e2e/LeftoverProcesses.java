package io.cryptoflow.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Processes still running with a given data directory in their environment, read from /proc: after
 * {@code bin/cryptoflow} stopped, none may remain (a Litestream started through a shell function once
 * outlived the launcher's stop and kept writing into the data directory).
 */
final class LeftoverProcesses {

    private LeftoverProcesses() {
    }

    /** "pid command" of every process whose environment sets CRYPTOFLOW_DATA_DIR to {@code dataDir}. */
    static List<String> using(Path dataDir) throws IOException {
        String wanted = "CRYPTOFLOW_DATA_DIR=" + dataDir;
        List<String> found = new ArrayList<>();
        Path proc = Path.of("/proc");
        if (!Files.isDirectory(proc)) {
            return found;
        }
        try (Stream<Path> pids = Files.list(proc)) {
            for (Path p : pids.filter(d -> d.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    String env = new String(Files.readAllBytes(p.resolve("environ")), StandardCharsets.UTF_8);
                    if (List.of(env.split("\0")).contains(wanted)) {
                        String cmd = new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8);
                        found.add(p.getFileName() + " " + cmd.replace('\0', ' ').trim());
                    }
                } catch (IOException gone) {
                    // ended while listed, or not ours to read
                }
            }
        }
        return found;
    }
}
