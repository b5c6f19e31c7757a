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
 * live stream runs on its own from the start, its trade gaps held until the import is done
 * ({@link ImportAwareGaps}: none may cover a day the import stores).
 *
 * <p>Archives are late, missing or cut (binance-public-data #243, #291, #354, #375): a day without a
 * file goes to the {@link ArchiveGapRepair}, which tries it again on a schedule; on Binance the ids a
 * file lacks (a hole inside, a file cut before the day's end, a whole day when the day before is
 * known) are fetched over REST by id ({@link ArchiveHoleFiller}). Whatever neither holds is marked
 * unseen: those candles are written with their trade-derived fields unknown, and reported.
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
    private volatile Optional<ArchiveHoleFiller> filler = Optional.empty();
    private volatile ArchiveGapRepair repair;
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
        // else live trades flow from the start, but where the stored ones end is known after the import
        sequencers.values().forEach(handsOver() ? TradeSequencer::holdForBackfill : s -> s.importGaps.holdForImport());
    }

    /** Days the ledger knows are skipped, except the newest two (one of them hands over the last id). */
    public void useLedger(FootprintLedger ledger) {
        this.ledger = ledger;
    }

    /** Fills what a file lacks over REST by id (venues with contiguous ids: Binance). */
    void useFiller(ArchiveHoleFiller filler) {
        this.filler = venue.contiguousIds() ? Optional.of(filler) : Optional.empty();
    }

    /** Where days without a file (or with unseen trades) go to be tried again. */
    void useRepair(ArchiveGapRepair repair) {
        this.repair = repair;
    }

    int windowDays() {
        return config.getOrderFlow().getFootprintDays();
    }

    public void cancel() {
        cancelled = true;
    }

    URI dayUri(String symbol, LocalDate day) {
        return archive.dayUri(config.getArchiveUrl(), symbol, day);
    }

    @Override
    public void run() {
        long streamsStarted = clock.millis(); // the service starts the streams right before this import
        for (TradeSequencer s : sequencers.values()) {
            Position last = null;
            try {
                last = importSymbol(s);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                sequencers.values().forEach(other -> other.importGaps.importDone(other.recorder()));
                return;
            } catch (RuntimeException e) {
                LOG.error("{}: footprint backfill failed", s.market(), e);
            } finally {
                s.importGaps.importDone(s.recorder());
                if (repair != null && !cancelled && (!handsOver() || last == null)) {
                    // the stream starts now, mid-day: today's earlier trades are only in its archive
                    repair.add(s, streamsStarted, streamsStarted);
                }
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
            if (repair != null && (r.isEmpty() || !r.get().whole())) {
                repair.addDay(seq, day, r.map(DayResult::unseen).orElse(List.of()));
            }
            if (r.isPresent() && r.get().whole()) {
                seq.importGaps.storedWhole(day.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli(),
                        day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli());
            }
            if (r.isPresent()) {
                last = r.get().last() != null ? r.get().last() : last;
                LOG.info("{}: footprint backfill {} done, {} trades ({}/{} days)", market, day, r.get().trades(),
                        days - i + 1, days);
            }
        }
        return last;
    }

    /** @param unseen time ranges (exclusive bounds) whose trades neither the file nor REST held */
    record DayResult(long trades, Position last, List<long[]> unseen) {
        boolean whole() {
            return unseen.isEmpty();
        }
    }

    Optional<DayResult> importDay(TradeSequencer seq, LocalDate day, Position before) throws InterruptedException {
        MarketSymbol market = seq.market();
        URI uri = dayUri(market.symbol(), day);
        Path file = null;
        try {
            file = downloadWithRetries(uri);
            if (file == null) {
                if (filler.isPresent() && before != null) {
                    return Optional.of(fromRest(seq, day, before));
                }
                LOG.info("{}: no archive file for {} ({}) yet; tried again later", market, day, uri);
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
                return Optional.of(new DayResult(0, before, List.of()));
            }
            fillHoles(market, day, reader);
            if (reader.day.outside() > 0) {
                LOG.warn("{}: {} rows of {} lie outside {} UTC and were ignored", market, reader.day.outside(), uri, day);
            }
            write(reader.day);
            metrics.archiveFiles.inc();
            metrics.archiveTrades.mark(rows);
            return Optional.of(new DayResult(rows, reader.last, reader.unseen));
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

    /** Ids the file skips and, after its last row, the rest of the day (a cut file): over REST by id. */
    private void fillHoles(MarketSymbol market, LocalDate date, DayReader reader) throws InterruptedException {
        if (filler.isEmpty()) {
            return;
        }
        long dayEnd = date.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        for (long[] h : reader.holes) {
            reader.addFill(filler.get().fill(market, h[0], h[1], h[2], h[3], dayEnd));
        }
        int before = reader.fetched;
        reader.addFill(filler.get().fill(market, reader.last.id(), reader.last.time(), Long.MAX_VALUE, dayEnd, dayEnd));
        if (reader.fetched > before) {
            LOG.warn("{}: archive file of {} ends before the day; {} trades after its last row fetched over REST",
                    market, date, reader.fetched - before);
        }
        if (reader.fetched > 0) {
            metrics.archiveHolesFilled.inc();
        }
    }

    /** No file for a day whose predecessor is known: the whole day over REST by id, within the rate gate. */
    private DayResult fromRest(TradeSequencer seq, LocalDate date, Position before) throws InterruptedException {
        long dayStart = date.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        ArchiveHoleFiller.Fill fill = filler.get().fill(seq.market(), before.id(), before.time(), Long.MAX_VALUE,
                dayStart + 86_400_000L, dayStart + 86_400_000L);
        DayReader reader = new DayReader(seq, date, before);
        reader.addFill(fill);
        LOG.warn("{}: no archive file for {}; {} trades fetched over REST by id instead", seq.market(), date,
                fill.trades().size());
        metrics.archiveHolesFilled.inc();
        if (reader.day == null) {
            return new DayResult(0, before, reader.unseen);
        }
        write(reader.day);
        return new DayResult(fill.trades().size(), reader.last, reader.unseen);
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
        /** id jumps inside the file: {afterId, afterTime, beforeId, beforeTime} */
        private final List<long[]> holes = new ArrayList<>();
        private final List<long[]> unseen = new ArrayList<>();
        private int fetched;

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
                day = new DayFootprint(seq.market(), date, tick, seq.aggregator().timeframes());
            }
            if (venue.contiguousIds() && last != null) {
                if (t.id() <= last.id()) {
                    failure = new MalformedTradeException("aggTrade id " + t.id() + " after " + last.id()
                            + " (ids must increase)");
                    return;
                }
                if (t.id() > last.id() + 1) {
                    metrics.gaps.inc();
                    LOG.warn("{}: archive aggTrade ids {}..{} missing ({}){}", seq.market(), last.id() + 1, t.id() - 1,
                            date, filler.isPresent() ? "; fetching them over REST" : "");
                    holes.add(new long[] {last.id(), last.time(), t.id(), t.time()});
                    if (filler.isEmpty()) {
                        metrics.gapTradesLost.inc(t.id() - last.id() - 1);
                        markUnseen(last.time(), t.time());
                    }
                }
            }
            if (day.add(t)) {
                seq.recorder().record(seq.market(), t);
            }
            last = new Position(t.id(), t.time());
        }

        /** Trades REST served for a hole (any order is fine for the day) and what it could not. */
        void addFill(ArchiveHoleFiller.Fill fill) {
            for (Trade t : fill.trades()) {
                if (day == null) {
                    day = new DayFootprint(seq.market(), date, seq.aggregator().adoptTick(TickSizes.automatic(t.price())));
                }
                day.add(t);
                fetched++;
                if (last == null || t.id() > last.id()) {
                    last = new Position(t.id(), t.time());
                }
            }
            fill.unseen().forEach(r -> markUnseen(r[0], r[1]));
        }

        private void markUnseen(long from, long to) {
            unseen.add(new long[] {from, to});
            if (day != null) {
                day.markUnseen(from, to);
            }
        }
    }
}
