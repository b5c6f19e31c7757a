package io.cryptoflow.bench.scenarios;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An unrelated process keeping one core busy: {@code sh -c 'while :; do :; done'} at the default
 * priority (nice 0), as a bot or a build on the same small box would. The loop is the shell's own
 * builtin, so stopping the shell stops it.
 */
final class BusyCore implements AutoCloseable {

    static final String COMMAND = "while :; do :; done";

    private final Process process;

    private BusyCore(Process process) {
        this.process = process;
    }

    static BusyCore start() throws IOException {
        Process p = new ProcessBuilder(List.of("sh", "-c", COMMAND)).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        // If the bench is interrupted, the loop does not outlive it.
        Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly, "bench-stop-busy-core"));
        return new BusyCore(p);
    }

    long pid() {
        return process.pid();
    }

    /** Stops the loop (idempotent). */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
