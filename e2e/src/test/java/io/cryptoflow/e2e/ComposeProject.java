package io.cryptoflow.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One docker compose project of the repository's docker-compose.yml (plus override files), driven
 * through the real CLI: {@code docker compose} (v2) where installed, else {@code docker-compose}
 * (1.29). Every command is echoed with its output, so the test's log reads like the drill in
 * docs/operations.md.
 */
final class ComposeProject {

    record Output(int exitCode, String text) {
    }

    private final List<String> compose;
    private final List<String> files;
    private final Path root;
    private final Map<String, String> env;

    ComposeProject(List<String> compose, Path root, List<String> files, Map<String, String> env) {
        this.compose = List.copyOf(compose);
        this.root = root;
        this.files = List.copyOf(files);
        this.env = new LinkedHashMap<>(env);
    }

    /** {@code CRYPTOFLOW_COMPOSE} if set, else Compose v2 if the docker CLI has it, else docker-compose. */
    static Optional<List<String>> detectCompose() {
        String chosen = System.getenv("CRYPTOFLOW_COMPOSE");
        if (chosen != null && !chosen.isBlank()) {
            return Optional.of(List.of(chosen.trim().split("\\s+")));
        }
        if (quiet(List.of("docker", "compose", "version"), Duration.ofSeconds(20)).exitCode() == 0) {
            return Optional.of(List.of("docker", "compose"));
        }
        if (quiet(List.of("docker-compose", "version", "--short"), Duration.ofSeconds(20)).exitCode() == 0) {
            return Optional.of(List.of("docker-compose"));
        }
        return Optional.empty();
    }

    /**
     * Compose v2: the docker CLI plugin ({@code docker compose}) if installed, else the standalone
     * binary named by {@code CRYPTOFLOW_COMPOSE_V2} (.ci/docker-setup unpacks one), else empty.
     */
    static Optional<List<String>> detectComposeV2() {
        if (quiet(List.of("docker", "compose", "version"), Duration.ofSeconds(20)).exitCode() == 0) {
            return Optional.of(List.of("docker", "compose"));
        }
        String standalone = System.getenv("CRYPTOFLOW_COMPOSE_V2");
        if (standalone != null && Files.isExecutable(Path.of(standalone))) {
            return Optional.of(List.of(standalone));
        }
        return Optional.empty();
    }

    /** docker-compose 1.x (Debian's 1.29) if installed. */
    static Optional<List<String>> detectComposeV1() {
        Output v = quiet(List.of("docker-compose", "version", "--short"), Duration.ofSeconds(20));
        return v.exitCode() == 0 && v.text().trim().startsWith("1.") ? Optional.of(List.of("docker-compose")) : Optional.empty();
    }

    /** What a compose test runs with: the compose command, or why it is skipped (then {@code command} is empty). */
    record Choice(List<String> command, String skipReason) {
    }

    /**
     * The compose command to drive a test with, once the jars the image is built from exist; or,
     * without a Docker engine or compose, the reason the test is skipped (printed), unless
     * {@code CRYPTOFLOW_REQUIRE_DOCKER=1} (CI) makes that a failure (thrown here).
     */
    static Choice composeOrSkip(String test, Path root) {
        boolean required = "1".equals(System.getenv("CRYPTOFLOW_REQUIRE_DOCKER"));
        boolean engine = engineReachable();
        Optional<List<String>> compose = engine ? detectCompose() : Optional.empty();
        if (compose.isPresent()) {
            for (String jar : List.of("collector", "replicator", "api", "simulator")) {
                if (!Files.isRegularFile(root.resolve(jar + "/target/" + jar + ".jar"))) {
                    throw new AssertionError(jar + "/target/" + jar + ".jar is missing: built by the reactor before " + test);
                }
            }
            return new Choice(compose.get(), null);
        }
        String why = !engine ? "no Docker engine answers `docker info`"
                : "neither `docker compose` (v2) nor `docker-compose` (1.29) is installed";
        if (required) {
            throw new AssertionError("CRYPTOFLOW_REQUIRE_DOCKER=1 but " + why + " (.ci/docker-setup installs and starts one)");
        }
        String reason = "compose test skipped: " + why + "; set CRYPTOFLOW_REQUIRE_DOCKER=1 to make this a failure";
        System.out.println("[" + test + "] " + reason);
        return new Choice(List.of(), reason);
    }

    /** Whether a Docker engine answers ({@code docker info}). */
    static boolean engineReachable() {
        return quiet(List.of("docker", "info", "--format", "{{.ServerVersion}}"), Duration.ofSeconds(20)).exitCode() == 0;
    }

    List<String> composeCommand() {
        return compose;
    }

    String project() {
        return env.get("COMPOSE_PROJECT_NAME");
    }

    /** Runs a compose subcommand, echoed with the project's variables; fails the test on a non-zero exit. */
    String compose(String... args) {
        return check(echoed(composeArgs(args), Duration.ofMinutes(5), true));
    }

    /** Runs a subcommand of another compose binary on the same files and project, echoed; fails on a non-zero exit. */
    String composeWith(List<String> otherCompose, String... args) {
        List<String> command = new ArrayList<>(otherCompose);
        List<String> full = composeArgs(args);
        command.addAll(full.subList(compose.size(), full.size()));
        return check(echoed(command, Duration.ofMinutes(2), true));
    }

    /** Runs a compose subcommand without echo (polling). */
    Output composeQuiet(String... args) {
        return run(composeArgs(args), Duration.ofMinutes(1), env);
    }

    /** Runs a docker command, echoed; fails the test on a non-zero exit. */
    String docker(String... args) {
        return check(echoed(cmd(List.of("docker"), args), Duration.ofMinutes(5), false));
    }

    /** Runs a docker command without echo; the caller looks at the exit code. */
    Output dockerQuiet(String... args) {
        return run(cmd(List.of("docker"), args), Duration.ofMinutes(1), env);
    }

    /** Runs any command with the project's environment, echoing it (with those variables if asked) and its output. */
    Output echoed(List<String> command, Duration timeout, boolean showEnv) {
        StringBuilder line = new StringBuilder("$ ");
        if (showEnv) {
            env.forEach((k, v) -> line.append(k).append('=').append(v).append(' '));
        }
        for (String arg : command) {
            // Quoted as a shell would need it, so the echoed line can be pasted.
            line.append(arg.matches("[\\w./:=,@%+-]+") ? arg : "'" + arg.replace("'", "'\\''") + "'").append(' ');
        }
        System.out.println(line.toString().stripTrailing());
        Output out = run(command, timeout, env);
        out.text().lines().forEach(l -> System.out.println("  | " + l));
        if (out.exitCode() != 0) {
            System.out.println("  (exit " + out.exitCode() + ")");
        }
        return out;
    }

    /** The container of a service, found by compose's labels with the (fast) docker CLI; empty if none. */
    String containerId(String service) {
        return dockerQuiet("ps", "-aq", "--filter", "label=com.docker.compose.project=" + project(),
                "--filter", "label=com.docker.compose.service=" + service).text().trim();
    }

    /** {@code docker inspect -f FORMAT} of a service's container, trimmed; empty if it has none. */
    String inspect(String service, String format) {
        String id = containerId(service);
        if (id.isEmpty()) {
            return "";
        }
        return dockerQuiet("inspect", "-f", format, id).text().trim();
    }

    /** Service name to "state health restarts" ("-" for no health check) for every container of the project. */
    Map<String, String> states() {
        String ids = dockerQuiet("ps", "-aq", "--filter", "label=com.docker.compose.project=" + project()).text().trim();
        Map<String, String> states = new LinkedHashMap<>();
        if (ids.isEmpty()) {
            return states;
        }
        List<String> cmd = new ArrayList<>(List.of("inspect", "-f",
                "{{index .Config.Labels \"com.docker.compose.service\"}} {{.State.Status}}"
                        + " {{if .State.Health}}{{.State.Health.Status}}{{else}}-{{end}} {{.RestartCount}}"));
        cmd.addAll(List.of(ids.split("\\s+")));
        for (String line : dockerQuiet(cmd.toArray(String[]::new)).text().split("\n")) {
            int space = line.indexOf(' ');
            if (space > 0) {
                states.put(line.substring(0, space), line.substring(space + 1).trim());
            }
        }
        return states;
    }

    private List<String> composeArgs(String... args) {
        List<String> command = new ArrayList<>(compose);
        for (String f : files) {
            command.add("-f");
            command.add(f);
        }
        command.addAll(List.of(args));
        return command;
    }

    private static List<String> cmd(List<String> head, String... args) {
        List<String> command = new ArrayList<>(head);
        command.addAll(List.of(args));
        return command;
    }

    private static String check(Output out) {
        if (out.exitCode() != 0) {
            throw new AssertionError("command failed with exit " + out.exitCode() + ":\n" + out.text());
        }
        return out.text();
    }

    private static Output quiet(List<String> command, Duration timeout) {
        return runIn(null, command, timeout, Map.of());
    }

    private Output run(List<String> command, Duration timeout, Map<String, String> extraEnv) {
        return runIn(root, command, timeout, extraEnv);
    }

    private static Output runIn(Path dir, List<String> command, Duration timeout, Map<String, String> extraEnv) {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        if (dir != null) {
            pb.directory(dir.toFile());
        }
        pb.environment().putAll(extraEnv);
        try {
            Process p = pb.start();
            p.getOutputStream().close();
            byte[][] holder = new byte[1][];
            Thread reader = new Thread(() -> holder[0] = readAll(p.getInputStream()));
            reader.start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                reader.join(5_000);
                return new Output(124, "timed out after " + timeout + ": " + String.join(" ", command));
            }
            reader.join();
            return new Output(p.exitValue(), new String(holder[0], StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Output(127, "cannot run " + command.get(0) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static byte[] readAll(InputStream in) {
        try {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
