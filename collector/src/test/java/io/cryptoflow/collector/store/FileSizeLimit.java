package io.cryptoflow.collector.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A real "disk full" for this JVM: util-linux {@code prlimit} lowers the soft RLIMIT_FSIZE of the
 * test process, so a write past the limit fails with EFBIG (HotSpot ignores SIGXFSZ), exactly
 * what SQLite meets on a full disk. Only the soft limit moves, so it can always be raised again.
 */
final class FileSizeLimit implements AutoCloseable {

    private static final Path PRLIMIT = Path.of("/usr/bin/prlimit");

    private FileSizeLimit() {
    }

    static boolean available() {
        return Files.isExecutable(PRLIMIT);
    }

    /** Limits this process's files to {@code bytes} until {@link #close()}. */
    static FileSizeLimit of(long bytes) throws IOException, InterruptedException {
        prlimit(bytes + ":");
        return new FileSizeLimit();
    }

    @Override
    public void close() throws IOException, InterruptedException {
        prlimit("unlimited:");
    }

    private static void prlimit(String soft) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(PRLIMIT.toString(), "--pid", Long.toString(ProcessHandle.current().pid()),
                "--fsize=" + soft).redirectErrorStream(true).start();
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("prlimit --fsize=" + soft + " failed: " + new String(p.getInputStream().readAllBytes()));
        }
    }
}
