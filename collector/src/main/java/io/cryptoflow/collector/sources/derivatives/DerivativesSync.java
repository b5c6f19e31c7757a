package io.cryptoflow.collector.sources.derivatives;

import io.cryptoflow.collector.exchange.DerivativesApi;
import io.cryptoflow.collector.exchange.ExchangeUnavailableException;
import io.cryptoflow.collector.exchange.MalformedResponseException;
import io.cryptoflow.collector.exchange.OpenInterestArchive;
import io.cryptoflow.collector.store.SqliteCandleWriter;
import io.cryptoflow.collector.store.StoredDerivatives;
import io.cryptoflow.collector.store.StoredDerivatives.Series;
import io.cryptoflow.common.FundingEvent;
import io.cryptoflow.common.MarketSymbol;
import io.cryptoflow.common.OpenInterestSample;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Open interest and funding of one market symbol. Each poll repairs the series' holes: over the whole
 * window on the first poll and every {@code recheckMillis} (like the candles' gap check), else only the
 * newest end. Open interest older than the exchange's REST window comes from its daily archive (Binance
 * {@code metrics}); an exchange that only tells the current value (Bitget) has it recorded at each poll,
 * and nothing before: unknown stays absent, never 0. A failure of one series is reported and the other
 * goes on; the next poll tries again.
 */
final class DerivativesSync {

    private static final Logger LOG = LoggerFactory.getLogger(DerivativesSync.class);
    static final long FUNDING_MAX_GAP = 8 * 3_600_000L;
    private static final long DAY = 86_400_000L;

    private final MarketSymbol market;
    private final DerivativesApi api;
    private final DerivativesFetcher fetcher;
    private final String archiveBase;
    private final SqliteCandleWriter writer;
    private final StoredDerivatives stored;
    private final DerivativesProgress progress;
    private final long historyMillis;
    private final long recheckMillis;
    private final LongSupplier clock;
    private long lastFullScan = Long.MIN_VALUE / 2;
    /**
     * Per series, where the exchange's history begins as a complete scan found it: what lies before
     * it came back empty, so later rechecks do not ask for it again (until a restart; like the
     * candles' no-data ranges, without persisting them).
     */
    private final Map<Series, Long> historyBegins = new EnumMap<>(Series.class);

    DerivativesSync(MarketSymbol market, DerivativesApi api, DerivativesFetcher fetcher, String archiveBase,
                    SqliteCandleWriter writer, StoredDerivatives stored, DerivativesProgress progress,
                    long historyMillis, long recheckMillis, LongSupplier clock) {
        this.market = market;
        this.api = api;
        this.fetcher = fetcher;
        this.archiveBase = archiveBase;
        this.writer = writer;
        this.stored = stored;
        this.progress = progress;
        this.historyMillis = historyMillis;
        this.recheckMillis = recheckMillis;
        this.clock = clock;
    }

    MarketSymbol market() {
        return market;
    }

    /** One poll of both series; returns normally unless interrupted. */
    void poll() throws InterruptedException {
        long now = clock.getAsLong();
        boolean full = now - lastFullScan >= recheckMillis;
        boolean openInterest = attempt("open interest", () -> openInterest(now, full));
        boolean funding = attempt("funding", () -> funding(now, full));
        if (full && openInterest && funding) {
            lastFullScan = now;
        }
    }

    private interface Step {
        void run() throws ExchangeUnavailableException, MalformedResponseException, InterruptedException;
    }

    private boolean attempt(String series, Step step) throws InterruptedException {
        try {
            step.run();
            progress.succeeded(market.stored(), series);
            return true;
        } catch (ExchangeUnavailableException | MalformedResponseException | RuntimeException e) {
            LOG.warn("{} {}: {}", market, series, e.getMessage());
            progress.failed(market.stored(), series, e.getMessage());
            return false;
        }
    }

    private void openInterest(long now, boolean full)
            throws ExchangeUnavailableException, MalformedResponseException, InterruptedException {
        if (api.openInterestHistoryMillis() == 0) {
            Optional<OpenInterestSample> current = api.currentOpenInterest(market.symbol(), fetcher);
            if (current.isPresent()) {
                write(List.of(current.get()));
            }
            progress.backfilled(market.stored(), "open interest");
            return;
        }
        long start = now - historyMillis;
        long restFrom = api.openInterestHistoryMillis() == Long.MAX_VALUE ? Long.MIN_VALUE
                : now - api.openInterestHistoryMillis();
        for (SeriesGaps.Range hole : holes(Series.OPEN_INTEREST, start, now, full, DerivativesApi.OPEN_INTEREST_STEP)) {
            if (hole.from() < restFrom) {
                fromArchive(new SeriesGaps.Range(hole.from(), Math.min(hole.to(), restFrom - 1)));
            }
            if (hole.to() >= restFrom) {
                SeriesGaps.Range recent = new SeriesGaps.Range(Math.max(hole.from(), restFrom), hole.to());
                for (SeriesGaps.Range page : SeriesGaps.pages(recent, api.openInterestPageMillis())) {
                    write(within(api.openInterest(market.symbol(), page.from(), page.to(), fetcher), page));
                }
            }
        }
        if (full) {
            scanned(Series.OPEN_INTEREST, start);
            progress.backfilled(market.stored(), "open interest");
        }
    }

    /** After a complete scan of [start, now]: nothing exists before the oldest stored time. */
    private void scanned(Series series, long start) {
        stored.oldest(series, market, start).ifPresent(t -> historyBegins.merge(series, t, Math::min));
    }

    private void fromArchive(SeriesGaps.Range range)
            throws ExchangeUnavailableException, MalformedResponseException, InterruptedException {
        Optional<OpenInterestArchive> archive = api.archive();
        if (archive.isEmpty() || archiveBase.isBlank()) {
            return;
        }
        LocalDate day = LocalDate.ofInstant(Instant.ofEpochMilli(range.from()), ZoneOffset.UTC);
        LocalDate last = LocalDate.ofInstant(Instant.ofEpochMilli(range.to()), ZoneOffset.UTC);
        for (; !day.isAfter(last); day = day.plusDays(1)) {
            byte[] file = fetcher.archiveFile(archive.get().dayUri(archiveBase, market.symbol(), day));
            if (file != null) {
                write(within(archive.get().parse(file), range));
            }
        }
    }

    private void funding(long now, boolean full)
            throws ExchangeUnavailableException, MalformedResponseException, InterruptedException {
        long start = now - historyMillis;
        for (SeriesGaps.Range hole : holes(Series.FUNDING, start, now, full, FUNDING_MAX_GAP)) {
            for (SeriesGaps.Range page : SeriesGaps.pages(hole, api.fundingPageMillis())) {
                List<FundingEvent> events = api.funding(market.symbol(), page.from(), page.to(), fetcher).stream()
                        .filter(f -> f.time() >= page.from() && f.time() <= page.to()).toList();
                if (!events.isEmpty()) {
                    join(writer.submitFunding(market, events));
                    progress.stored(market.stored(), "funding", events.get(events.size() - 1).time(), events.size());
                }
            }
        }
        if (full) {
            scanned(Series.FUNDING, start);
            progress.backfilled(market.stored(), "funding");
        }
    }

    /** Holes of the whole window on a full scan, else after the newest stored time only. */
    private List<SeriesGaps.Range> holes(Series series, long start, long now, boolean full, long maxGap) {
        long from = Math.max(start, historyBegins.getOrDefault(series, start));
        if (!full) {
            List<Long> recent = stored.times(series, market, now - 2 * maxGap - DAY, now);
            from = recent.isEmpty() ? Math.max(from, now - 2 * maxGap - DAY) : recent.get(recent.size() - 1);
        }
        return SeriesGaps.holes(stored.times(series, market, from, now), from, now, maxGap);
    }

    private static List<OpenInterestSample> within(List<OpenInterestSample> samples, SeriesGaps.Range range) {
        return samples.stream().filter(s -> s.time() >= range.from() && s.time() <= range.to()).toList();
    }

    private void write(List<OpenInterestSample> samples) throws InterruptedException {
        if (!samples.isEmpty()) {
            join(writer.submitOpenInterest(market, samples));
            progress.stored(market.stored(), "open interest", samples.get(samples.size() - 1).time(), samples.size());
        }
    }

    private static void join(java.util.concurrent.CompletableFuture<Void> write) throws InterruptedException {
        try {
            write.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("write failed: " + e.getCause(), e.getCause());
        }
    }
}
