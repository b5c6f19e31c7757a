package io.cryptoflow.collector.tasks;

import io.cryptoflow.collector.sources.klines.CollectorService;
import io.cryptoflow.collector.sources.klines.MarketWorker;
import io.cryptoflow.collector.sources.klines.TimeRange;
import io.cryptoflow.common.MarketSymbol;
import io.cryptoflow.common.Timeframe;
import io.dropwizard.servlets.tasks.Task;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /admin/tasks/backfill?exchange=BINANCE&symbol=BTCUSDT&tf=1h&from=2026-01-01&to=2026-02-01}
 * re-fetches that range (stored or not) on the market's worker, between its regular work.
 * {@code from}/{@code to} are ISO dates (UTC), ISO instants or epoch milliseconds; {@code to}
 * defaults to now; {@code tf} defaults to every timeframe the market collects.
 */
public class BackfillTask extends Task {

    private final CollectorService service;

    public BackfillTask(CollectorService service) {
        super("backfill");
        this.service = service;
    }

    @Override
    public void execute(Map<String, List<String>> parameters, PrintWriter output) {
        String exchange = TaskParameters.first(parameters, "exchange").orElse("");
        Optional<MarketWorker> worker = service.worker(exchange);
        if (worker.isEmpty()) {
            output.println("error: exchange must be one of "
                    + service.workers().stream().map(MarketWorker::exchange).toList());
            return;
        }
        Optional<MarketSymbol> symbol = MarketSymbol.tryOf(worker.get().exchange(), TaskParameters.first(parameters, "symbol").orElse(null));
        if (symbol.isEmpty()) {
            output.println("error: symbol must be 2-32 letters/digits, e.g. symbol=BTCUSDT");
            return;
        }
        // only what the market collects: a window of another timeframe would never be kept current
        List<Timeframe> collected = worker.get().timeframes();
        Optional<List<Timeframe>> parsedTimeframes = TaskParameters.timeframes(parameters, collected);
        if (parsedTimeframes.isEmpty() || !collected.containsAll(parsedTimeframes.get())) {
            output.println("error: tf must be one of " + worker.get().exchange() + "'s timeframes "
                    + collected.stream().map(Timeframe::label).toList() + " (minutes or label)");
            return;
        }
        List<Timeframe> tfs = parsedTimeframes.get();
        Long from = TaskParameters.first(parameters, "from").map(BackfillTask::parseTime).orElse(null);
        long to = TaskParameters.first(parameters, "to").map(BackfillTask::parseTime).orElse(System.currentTimeMillis());
        if (from == null || from < 0 || to < from) {
            output.println("error: from is required and must be before to (ISO date, ISO instant or epoch ms)");
            return;
        }
        for (Timeframe tf : tfs) {
            TimeRange range = new TimeRange(tf.openTimeOf(from), tf.openTimeOf(Math.max(from, to)));
            worker.get().requestBackfill(symbol.get().symbol(), tf, range);
            output.printf("queued %s %s %d..%d (%d candles); progress at /progress%n", symbol.get(), tf.label(),
                    range.from(), range.to(), range.candles(tf));
        }
    }

    static Long parseTime(String text) {
        String t = text.trim();
        try {
            if (t.matches("\\d{9,}")) {
                return Long.parseLong(t);
            }
            if (t.length() == 10) {
                return LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
            }
            return Instant.parse(t).toEpochMilli();
        } catch (DateTimeParseException | NumberFormatException e) {
            return -1L;
        }
    }

}
