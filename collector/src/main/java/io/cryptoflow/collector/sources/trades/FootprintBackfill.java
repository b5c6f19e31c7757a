package io.cryptoflow.collector.sources.trades;

import io.cryptoflow.collector.aggregation.DayFootprint;
import io.cryptoflow.collector.aggregation.OrderFlowMetrics;
import io.cryptoflow.collector.aggregation.TickSizes;
import io.cryptoflow.collector.config.ExchangeConfiguration;
import io.cryptoflow.collector.exchange.MalformedTradeException;
import io.cryptoflow.collector.exchange.Trade;
import io.cryptoflow.collector.exchange.TradeArchive;
import io.cryptoflow.collector.exchange.ExchangeType;
import io.cryptoflow.collector.store.CandleBatch;
import io.cryptoflow.collector.store.CandleSink;
import io.cryptoflow.collector.store.FootprintLedger;
import io.cryptoflow.common.MarketSymbol;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Historical footprint from the exchanges' public trade archives, {@code footprintDays} whole UTC days
 * up to yesterday, one day file at a time (download to a temp file, verify, stream, write, next).
 *
 * <p>Binance (futures/um and spot aggTrades zips, sha256-checked): the symbols' sequencers are held
 * while it runs; afterwards each continues from the archive's last aggTrade id over REST up to the
 * live stream, so history → REST → live join without a gap or a double count. Bybit (trading csv.gz)
 * has no trade sequence and only recent trades over REST: its archive fills whole past days and the
 * live stream runs on its own from the start.
 */
public final class FootprintBackfill implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(FootprintBackfill.class);
    private static final int DOWNLOAD_ATTEMPTS = 3;

    private final ExchangeType venue;
    private final TradeArchive archive;
    private final ExchangeConfiguration config;
    private final Map<String, TradeSequencer> sequencers;
    private final ArchiveFetcher fetcher;
    private final CandleSink sink;
    private final Clock clock;
    private final OrderFlowMetrics metrics;
    private volatile FootprintLedger ledger = FootprintLedger.NONE;
    private volatile boolean cancelled;
    private volatile String progress = "not started";

    FootprintBackfill(ExchangeType venue, TradeArchive archive, ExchangeConfiguration config, Map<String, TradeSequencer> sequencers,
                      ArchiveFetcher fetcher, CandleSink sink, Clock clock, OrderFlowMetrics metrics) {
        this.venue = venue;
        this.archive = archive;
        this.config = config;
        this.sequencers = Map.copyOf(sequencers);
        this.fetcher = fetcher;
        this.sink = sink;
        this.clock = clock;
        this.metrics = metrics;
    }

    static Optional<FootprintBackfill> of(ExchangeType venue, ExchangeConfiguration config, Map<String, TradeSequencer> sequencers,
                                          HttpClient http, CandleSink sink, Clock clock, OrderFlowMetrics metrics) {
        Optional<TradeArchive> archive = venue.archive();
        if (config.getOrderFlow().getFootprintDays() <= 0 || config.getArchiveUrl() == null || config.getArchiveUrl().isBlank()
                || archive.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new FootprintBackfill(venue, archive.get(), config, sequencers,
                new ArchiveFetcher(http, Duration.ofMinutes(10)), sink, clock, metrics));
    }

    /** Whether live trades must wait for this import to say where to continue. */
    boolean handsOver() {
        return venue.contiguousIds();
    }

    public ExchangeType venue() {
        return venue;
    }

    public String progress() {
        return progress;
    }

    public void prepare() {
        if (handsOver()) {
            sequencers.values().forEach(TradeSequencer::holdForBackfill);
        }
    }

    /** Days the ledger knows are skipped, except the newest two (one of them hands over the last id). */
    public void useLedger(FootprintLedger ledger) {
        this.ledger = ledger;
    }

    public void cancel() {
        cancelled = true;
    }

    URI dayUri(String symbol, LocalDate day) {
        return archive.dayUri(config.getArchiveUrl(), symbol, day);
    }

    @Override
    public void run() {
        for (TradeSequencer s : sequencers.values()) {
            Position last = null;
            try {
                last = importSymbol(s);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.error("{}: footprint backfill failed", s.market(), e);
            } finally {
                if (handsOver() && !cancelled) {
                    if (last != null) {
                        LOG.info("{}: archive ends at aggTrade id {}; fetching the rest up to the live stream over REST",
                                s.market(), last.id());
                        s.resumeAfter(last.id(), last.time());
                    } else {
                        s.release();
                    }
                }
            }
        }
        progress = "done";
    }

    record Position(long id, long time) {
    }

    /** @return the last archived trade, or null when no day was imported */
    Position importSymbol(TradeSequencer seq) throws InterruptedException {
        MarketSymbol market = seq.market();
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        int days = config.getOrderFlow().getFootprintDays();
        Position last = null;
        for (int i = days; i >= 1 && !cancelled; i--) {
            LocalDate day = today.minusDays(i);
            progress = market + " " + day + " (" + (days - i + 1) + "/" + days + " days)";
            if (i > 2 && ledger.hasFootprint(market, day)) {
                LOG.debug("{}: footprint of {} already stored", market, day);
                continue;
            }
            Optional<DayResult> r = importDay(seq, day, last);
            if (r.isPresent()) {
                last = r.get().last() != null ? r.get().last() : last;
                LOG.info("{}: footprint backfill {} done, {} trades ({}/{} days)", market, day, r.get().trades(),
                        days - i + 1, days);
            }
        }
        return last;
    }

    record DayResult(long trades, Position last) {
    }

    Optional<DayResult> importDay(TradeSequencer seq, LocalDate day, Position before) throws InterruptedException {
        MarketSymbol market = seq.market();
        URI uri = dayUri(market.symbol(), day);
        Path file = null;
        try {
            file = downloadWithRetries(uri);
            if (file == null) {
                LOG.info("{}: no archive file for {} ({}), skipped", market, day, uri);
                return Optional.empty();
            }
            if (archive.checksummed()) {
                fetcher.verifyChecksum(uri, file);
            }
            DayReader reader = new DayReader(seq, day, before);
            long rows = archive.read(file, reader::add);
            if (reader.failure != null) {
                throw reader.failure;
            }
            if (reader.day == null) {
                return Optional.of(new DayResult(0, before));
            }
            if (reader.day.outside() > 0) {
                LOG.warn("{}: {} rows of {} lie outside {} UTC and were ignored", market, reader.day.outside(), uri, day);
            }
            write(reader.day);
            metrics.archiveFiles.inc();
            metrics.archiveTrades.mark(rows);
            return Optional.of(new DayResult(rows, reader.last));
        } catch (MalformedTradeException e) {
            metrics.archiveRejected.inc();
            LOG.error("{}: archive file {} rejected whole, nothing of it stored: {}", market, uri, e.getMessage());
            return Optional.empty();
        } catch (IOException e) {
            LOG.error("{}: archive file {} could not be read: {}", market, uri, e.toString());
            return Optional.empty();
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    LOG.warn("could not delete {}", file);
                }
            }
        }
    }

    private Path downloadWithRetries(URI uri) throws IOException, InterruptedException {
        IOException lastError = null;
        for (int attempt = 1; attempt <= DOWNLOAD_ATTEMPTS; attempt++) {
            try {
                return fetcher.download(uri).orElse(null);
            } catch (IOException e) {
                lastError = e;
                Thread.sleep(config.getOrderFlow().getMinReconnectDelay().toMilliseconds() * attempt);
            }
        }
        throw lastError;
    }

    private void write(DayFootprint day) throws InterruptedException {
        List<CompletableFuture<Void>> futures = new ArrayList<>();
        for (CandleBatch b : day.batches(venue.writeMode())) {
            futures.add(sink.submit(b));
        }
        futures.add(sink.submitSessions(List.of(day.session())));
        try {
            // waiting per day keeps the writer queue (and memory) bounded during a long import
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(10, TimeUnit.MINUTES);
        } catch (ExecutionException | TimeoutException e) {
            metrics.flushFailures.inc();
            LOG.error("writer failed a footprint backfill day: {}", e.toString());
        }
    }

    /** Checks the archive's ids as rows stream by and builds the day's footprint. */
    private final class DayReader {
        private final TradeSequencer seq;
        private final LocalDate date;
        private DayFootprint day;
        private Position last;
        private MalformedTradeException failure;

        DayReader(TradeSequencer seq, LocalDate date, Position before) {
            this.seq = seq;
            this.date = date;
            this.last = before;
        }

        void add(Trade t) {
            if (failure != null) {
                return;
            }
            if (day == null) {
                long tick = seq.aggregator().adoptTick(TickSizes.automatic(t.price()));
                day = new DayFootprint(seq.market(), date, tick);
            }
            if (venue.contiguousIds() && last != null) {
                if (t.id() <= last.id()) {
                    failure = new MalformedTradeException("aggTrade id " + t.id() + " after " + last.id()
                            + " (ids must increase)");
                    return;
                }
                if (t.id() > last.id() + 1) {
                    metrics.gaps.inc();
                    metrics.gapTradesLost.inc(t.id() - last.id() - 1);
                    LOG.warn("{}: archive aggTrade ids {}..{} missing ({})", seq.market(), last.id() + 1, t.id() - 1, date);
                }
            }
            if (day.add(t)) {
                seq.recorder().record(seq.market(), t);
            }
            last = new Position(t.id(), t.time());
        }
    }
}
