package io.cryptoflow.collector.backup;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses {@code litestream generations} (v0.3.13): a header, then one line per replica and
 * generation: {@code name generation lag start end}. The lag is how far the replica's newest WAL
 * position is behind the database's, as a Go duration ({@code 772ms}, {@code 1m2.5s}, {@code -12ms}).
 */
public final class Generations {

    private static final Pattern LINE = Pattern.compile("^(\\S+)\\s+([0-9a-f]{16})\\s+(\\S+)\\s+\\S+\\s+\\S+\\s*$");
    private static final Pattern GO_DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|us|µs|ns|h|m|s)");

    private Generations() {
    }

    /** The lag in milliseconds of each replica's newest generation (the last line printed for it). */
    public static Map<String, Long> lagMillisByReplica(String output) {
        Map<String, Long> lags = new LinkedHashMap<>();
        for (String line : output.split("\\R")) {
            Matcher m = LINE.matcher(line.strip());
            if (m.matches()) {
                parseGoDurationMillis(m.group(3)).ifPresent(lag -> lags.put(m.group(1), Math.max(0, lag)));
            }
        }
        return lags;
    }

    static Optional<Long> parseGoDurationMillis(String text) {
        boolean negative = text.startsWith("-");
        String rest = negative ? text.substring(1) : text;
        if (rest.equals("0s")) {
            return Optional.of(0L);
        }
        Matcher m = GO_DURATION_PART.matcher(rest);
        double millis = 0;
        int end = 0;
        while (m.find()) {
            if (m.start() != end) {
                return Optional.empty();
            }
            end = m.end();
            double v = Double.parseDouble(m.group(1));
            millis += switch (m.group(2)) {
                case "h" -> v * 3_600_000;
                case "m" -> v * 60_000;
                case "s" -> v * 1000;
                case "ms" -> v;
                case "us", "µs" -> v / 1000;
                default -> v / 1_000_000;
            };
        }
        if (end == 0 || end != rest.length()) {
            return Optional.empty();
        }
        long rounded = Math.round(millis);
        return Optional.of(negative ? -rounded : rounded);
    }
}
