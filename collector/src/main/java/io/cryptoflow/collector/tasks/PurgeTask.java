package io.cryptoflow.collector.tasks;

import io.cryptoflow.collector.store.PurgeRequest;
import io.cryptoflow.collector.store.PurgeResult;
import io.cryptoflow.collector.store.SqliteCandleWriter;
import io.cryptoflow.common.MarketSymbol;
import io.cryptoflow.common.Timeframe;
import io.dropwizard.servlets.tasks.Task;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * {@code POST /admin/tasks/purge?symbol=BINANCE:XYZUSDT[&tf=15][&before=<ms or ISO>][&force=true]}
 * deletes a symbol's candles (every timeframe, or one) and, without {@code tf}, its daily sessions,
 * optionally only those older than {@code before}, through the single writer: one transaction,
 * one revision, one tombstone per deleted row. The symbol's remembered no-data ranges are
 * forgotten. A symbol the configuration still collects is refused unless {@code force=true}: it
 * would be backfilled again at the next gap check.
 */
public class PurgeTask extends Task {

    private final SqliteCandleWriter writer;
    private final Set<MarketSymbol> collected;
    private final Duration timeout;

    public PurgeTask(SqliteCandleWriter writer, Set<MarketSymbol> collected, Duration timeout) {
        super("purge");
        this.writer = writer;
        this.collected = Set.copyOf(collected);
        this.timeout = timeout;
    }

    @Override
    public void execute(Map<String, List<String>> parameters, PrintWriter output) throws Exception {
        Optional<MarketSymbol> market = TaskParameters.first(parameters, "symbol").flatMap(PurgeTask::parseSymbol);
        if (market.isEmpty()) {
            output.println("error: symbol must be EXCHANGE:SYMBOL as stored, e.g. symbol=BINANCE:BTCUSDT");
            return;
        }
        Optional<List<Timeframe>> parsedTimeframes = TaskParameters.timeframes(parameters, Timeframe.all());
        if (parsedTimeframes.isEmpty()) {
            output.println("error: tf must be one of " + Timeframe.ACCEPTED);
            return;
        }
        List<Timeframe> timeframes = parsedTimeframes.get();
        long before = PurgeRequest.EVERYTHING;
        Optional<String> beforeText = TaskParameters.first(parameters, "before");
        if (beforeText.isPresent()) {
            before = BackfillTask.parseTime(beforeText.get());
            if (before <= 0) {
                output.println("error: before must be epoch milliseconds, an ISO date or an ISO instant after 1970");
                return;
            }
        }
        boolean force = TaskParameters.first(parameters, "force").map("true"::equalsIgnoreCase).orElse(false);
        if (collected.contains(market.get()) && !force) {
            output.println("error: " + market.get() + " is still collected by this configuration and would be"
                    + " backfilled again; remove it from the config first, or add force=true");
            return;
        }
        // Sessions are daily and belong to no timeframe: only a purge of every timeframe removes them.
        PurgeRequest request = new PurgeRequest(market.get(), timeframes, before,
                TaskParameters.first(parameters, "tf").isEmpty());
        PurgeResult result;
        try {
            result = writer.submitPurge(request).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            output.println("error: purge failed, nothing deleted: " + e.getCause().getMessage());
            return;
        } catch (TimeoutException e) {
            output.println("error: the writer did not finish the purge within " + timeout
                    + "; it stays queued and commits or rolls back as one transaction");
            return;
        }
        if (result.deletedRows() == 0 && result.noDataRanges() == 0) {
            output.println("error: nothing stored for " + market.get() + describe(request) + "; nothing changed");
            return;
        }
        String counts = result.candles().entrySet().stream()
                .map(e -> e.getKey().table() + "=" + e.getValue()).collect(Collectors.joining(" "));
        output.printf("purged %s%s at rev %d: %s sessions=%d tombstones=%d no-data-ranges=%d%n", market.get(),
                describe(request), result.rev(), counts, result.sessions(), result.deletedRows(), result.noDataRanges());
    }

    private static String describe(PurgeRequest request) {
        String tfs = request.timeframes().size() == 1 ? " " + request.timeframes().get(0).label() : "";
        return request.before() == PurgeRequest.EVERYTHING ? tfs : tfs + " before " + request.before();
    }

    /** {@code EXCHANGE:SYMBOL}, case-insensitive, each part validated by {@link MarketSymbol}. */
    static Optional<MarketSymbol> parseSymbol(String text) {
        int colon = text.indexOf(':');
        if (colon <= 0 || colon != text.lastIndexOf(':')) {
            return Optional.empty();
        }
        return MarketSymbol.tryOf(text.substring(0, colon), text.substring(colon + 1));
    }

}
