package io.cryptoflow.api.core;

import io.cryptoflow.common.MarketSymbol;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A read of a market's heatmap: times in [from, to] (epoch ms) down-sampled to {@code step} ms.
 * {@code from} and {@code to} are aligned down to the step, so charts panning by less than a step ask
 * the same query (and hit the answer cache). Bad input is a {@link BadParameterException} naming the
 * parameter: {@code from > to}, a step that is not {@code <n>} ms or {@code <n>s|m|h|d}, below 1 s or
 * above 1 day, or a range of more than {@value #MAX_STEPS} steps.
 */
public record DepthQuery(MarketSymbol market, long from, long to, long step) {

    public static final int MAX_STEPS = 5000;
    public static final long MIN_STEP = 1000;
    public static final long MAX_STEP = 86_400_000L;
    /** Without {@code from}: this many steps before {@code to}. */
    static final int DEFAULT_STEPS = 600;
    private static final Pattern STEP = Pattern.compile("([0-9]{1,9})(ms|s|m|h|d)?");

    public static DepthQuery parse(String exchange, String symbol, String from, String to, String step, long nowMs) {
        MarketSymbol market = RequestParams.market(exchange, symbol);
        long stepMs = step(step);
        Long start = RequestParams.epochMillis("from", from);
        Long end = RequestParams.epochMillis("to", to);
        long last = end == null ? nowMs : end;
        long first = start == null ? Math.max(0, last - DEFAULT_STEPS * stepMs) : start;
        if (first > last) {
            throw new BadParameterException("from", "must not be after to (" + first + " > " + last + ")");
        }
        long alignedFrom = first - first % stepMs;
        long alignedTo = last - last % stepMs + stepMs - 1;
        long steps = (alignedTo - alignedFrom + 1) / stepMs;
        if (steps > MAX_STEPS) {
            throw new BadParameterException("step", "the range holds " + steps + " steps of " + stepMs
                    + " ms, at most " + MAX_STEPS + " are answered: raise step or narrow from/to");
        }
        return new DepthQuery(market, alignedFrom, alignedTo, stepMs);
    }

    /** {@code <n>} ms or {@code <n>ms|s|m|h|d}; 1 s to 1 day, a whole number of seconds (the finest tier). */
    static long step(String text) {
        if (text == null || text.isBlank()) {
            return 60_000;
        }
        Matcher m = STEP.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw badStep("'" + RequestParams.printable(text) + "'");
        }
        long n = Long.parseLong(m.group(1));
        long unit = switch (m.group(2) == null ? "ms" : m.group(2)) {
            case "s" -> 1000L;
            case "m" -> 60_000L;
            case "h" -> 3_600_000L;
            case "d" -> MAX_STEP;
            default -> 1L;
        };
        long ms = n * unit;
        if (ms < MIN_STEP || ms > MAX_STEP || ms % 1000 != 0) {
            throw badStep(ms + " ms");
        }
        return ms;
    }

    private static BadParameterException badStep(String got) {
        return new BadParameterException("step", "must be a whole number of seconds from 1 s to 1 d, as milliseconds"
                + " (60000) or with a unit (1s, 5m, 1h, 1d), got " + got);
    }
}
