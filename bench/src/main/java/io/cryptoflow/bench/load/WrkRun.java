package io.cryptoflow.bench.load;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One run of <a href="https://github.com/wg/wrk">wrk</a> (Debian's {@code /usr/bin/wrk}), the
 * standard HTTP load tool, beside the bench's own generator ({@link HttpLoad}): closed loop, 2
 * threads, {@code connections} keep-alive connections. A Lua {@code done()} hook prints the totals
 * on one line ({@code WRK_SUMMARY ...}), so no human-readable output is parsed; a Lua
 * {@code request()} hook may choose each request's URL (random reads).
 */
public final class WrkRun {

    /** What wrk reported: req/s over the run, latency percentiles (ms), errors (non-2xx/3xx included), bytes. */
    public record Result(long requests, double seconds, double p50Ms, double p99Ms, double maxMs, long errors, long bytes) {

        public double requestsPerSecond() {
            return seconds <= 0 ? 0 : requests / seconds;
        }

        public double kbPerAnswer() {
            return requests == 0 ? 0 : bytes / 1024.0 / requests;
        }

        static Result parse(String output) {
            for (String line : output.split("\n")) {
                if (line.startsWith("WRK_SUMMARY ")) {
                    Map<String, Long> f = new HashMap<>();
                    for (String kv : line.substring("WRK_SUMMARY ".length()).trim().split(" ")) {
                        int eq = kv.indexOf('=');
                        f.put(kv.substring(0, eq), Long.parseLong(kv.substring(eq + 1)));
                    }
                    long errors = f.get("connect") + f.get("read") + f.get("write") + f.get("status") + f.get("timeout");
                    return new Result(f.get("requests"), f.get("duration_us") / 1e6, f.get("p50") / 1000.0,
                            f.get("p99") / 1000.0, f.get("max") / 1000.0, errors, f.get("bytes"));
                }
            }
            throw new IllegalStateException("wrk printed no summary: " + output);
        }
    }

    private static final Path WRK = Path.of("/usr/bin/wrk");

    private WrkRun() {
    }

    public static boolean available() {
        return Files.isExecutable(WRK);
    }

    /**
     * @param luaScripts bench resources ({@code wrk/*.lua}) joined into one script, {@code summary.lua} always last
     * @param scriptArgs passed after {@code --} to the script's {@code init}
     */
    public static Result run(URI url, int connections, Duration duration, List<String> headers, List<String> luaScripts,
                             List<String> scriptArgs, Path scratch) throws IOException, InterruptedException {
        StringBuilder lua = new StringBuilder();
        List<String> scripts = new ArrayList<>(luaScripts);
        scripts.add("summary.lua");
        for (String s : scripts) {
            try (InputStream in = WrkRun.class.getResourceAsStream("/wrk/" + s)) {
                if (in == null) {
                    throw new IOException("no bench resource wrk/" + s);
                }
                lua.append(new String(in.readAllBytes(), StandardCharsets.UTF_8)).append('\n');
            }
        }
        Files.createDirectories(scratch);
        Path script = Files.createTempFile(scratch, "wrk-", ".lua");
        Files.writeString(script, lua);
        List<String> cmd = new ArrayList<>(List.of(WRK.toString(), "-t", Integer.toString(Math.min(2, connections)),
                "-c", Integer.toString(connections), "-d", Math.max(1, duration.toSeconds()) + "s", "--timeout", "10s", "-s",
                script.toString()));
        for (int i = 0; i + 1 < headers.size(); i += 2) {
            cmd.add("-H");
            cmd.add(headers.get(i) + ": " + headers.get(i + 1));
        }
        cmd.add(url.toString());
        if (!scriptArgs.isEmpty()) {
            cmd.add("--");
            cmd.addAll(scriptArgs);
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return Result.parse(out);
    }
}
