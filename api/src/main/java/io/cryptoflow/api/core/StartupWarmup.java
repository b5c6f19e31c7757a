package io.cryptoflow.api.core;

import io.cryptoflow.api.api.CandlePage;
import io.cryptoflow.api.api.Symbols;
import io.cryptoflow.common.MarketSymbol;
import io.cryptoflow.common.Timeframe;
import io.dropwizard.lifecycle.Managed;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Before the API takes its first request, sends the requests users send for the newest page of
 * every market and timeframe through a {@link Target} (in the application: {@link HttpWarmup}, real
 * HTTP through the whole Jetty/Jersey stack on a loopback connector, {@link WarmupConnector}) and
 * keeps repeating them until the JIT has compiled the hot path ({@link JitQuiet}: the compilers
 * have been idle for two seconds), at most for its budget.
 *
 * <p>Why: a chart is opened as soon as the API answers, and a fresh JVM served the first minute's
 * pages at several times the warm p99 (docs/benchmarks.md, issue 23); warming only the read path
 * ({@link #throughReader}) left the HTTP stack's JIT to the first users. {@link #start} waits for
 * the warm-up: {@code budget} from when the pages are known, plus at most 2 s for the requests in
 * flight; it is started after the handlers and before the public connectors (ApiApplication), so
 * those requests meet a warm process. When api.db is not there yet (first start, the replicator's
 * first copy still running) the wait ends after 2 s and the warm-up
 * runs when the replica appears; {@link #warm()} says which (the health check "warm-up").
 */
public final class StartupWarmup implements Managed {

    private static final Logger LOG = LoggerFactory.getLogger(StartupWarmup.class);
    /** How long to look for a replica before warming it; one is normally there (any restart). */
    private static final Duration REPLICA_WAIT = Duration.ofMinutes(10);
    /** How long start waits for a replica to show before the API starts cold. */
    private static final Duration NO_REPLICA = Duration.ofSeconds(2);
    /** How long start waits past the budget for the requests still in flight. */
    private static final Duration GRACE = Duration.ofSeconds(2);
    /**
     * Requests before a quiet JIT may end the warm-up: C2 compiles a method after about 5,000 calls
     * (HotSpot's Tier4InvocationThreshold), and a path taken by one request in four (identity, gzip,
     * 304, no clusters) needs four times that many requests; until then a quiet compiler only means
     * the counters are still climbing.
     */
    static final long MIN_REQUESTS = 20_000;
    /**
     * The longest a late warm-up runs (api.db appeared after the public port opened: a first start
     * whose collector is backfilling). Its rounds then compete with the first users' requests and the
     * backfill for the cores, so they stop where the earlier fixed warm-up stopped; the users' own
     * requests finish the JIT's work.
     */
    static final Duration LATE_BUDGET = Duration.ofSeconds(8);

    /** One round of requests for the newest pages; closed once after the warm-up (or when it is off). */
    public interface Target extends AutoCloseable {
        /**
         * Reads the pages; may stop early at {@code deadline} ({@link System#nanoTime()}), the end of the
         * budget. Returns how many requests (or page reads) it made.
         */
        long read(List<CandleQuery> pages, long deadline) throws Exception;

        @Override
        default void close() {
        }
    }

    private final Target target;
    private final SymbolCatalog catalog;
    private final Duration budget;
    private final JitQuiet jit;
    private final ExecutorService thread;
    private final CountDownLatch done = new CountDownLatch(1);
    private volatile boolean replicaSeen;
    /** A catalog read found no api.db (as opposed to one still running: a cold JVM's first read can take seconds). */
    private volatile boolean replicaMissing;
    /** When the rounds end ({@link System#nanoTime()}), 0 until the pages are known. */
    private volatile long roundsEnd;
    /** start returned before the warm-up (no replica yet): the rounds run beside public traffic. */
    private volatile boolean late;
    /** Every market and timeframe's stored range, for the pages of history each round adds. */
    private volatile List<History> history = List.of();

    /** Candles a page of history asks for: what a chart scrolling back asks (the bench's random reads too). */
    static final int HISTORY_LIMIT = 500;

    /** One market and timeframe's stored candles, from its first to its last open time. */
    record History(MarketSymbol market, Timeframe tf, long first, long last) {
    }

    /** A warm-up that always runs its whole budget (no JIT to watch). */
    public StartupWarmup(Target target, SymbolCatalog catalog, Duration budget, ExecutorService thread) {
        this(target, catalog, budget, JitQuiet.never(), thread);
    }

    /**
     * @param budget the longest the rounds go on; 0 turns the warm-up off
     * @param jit    ends the rounds before the budget once the JIT has nothing left to compile
     */
    public StartupWarmup(Target target, SymbolCatalog catalog, Duration budget, JitQuiet jit, ExecutorService thread) {
        this.target = target;
        this.catalog = catalog;
        this.budget = budget;
        this.jit = jit;
        this.thread = thread;
        if (budget.isZero() || budget.isNegative()) {
            done.countDown();
        }
    }

    /**
     * Reads the pages as CandleServlet answers them, straight through the reader (no HTTP): the joined
     * body, then the gzip one; a round always reads every page (a few ms each once rendered).
     */
    public static Target throughReader(CandleReader reader) {
        return (pages, deadline) -> {
            long reads = 0;
            for (CandleQuery q : pages) {
                reads += 2;
                CandlePage page = reader.read(q, true, false, tag -> false).page();
                if (page != null && page.joinable(true)) {
                    page.bytes(true);
                    reader.gzipped(q, reader.read(q, true, true, tag -> false).page(), true);
                }
            }
            return reads;
        };
    }

    /** True once the warm-up ended (or was off). */
    public boolean warm() {
        return done.getCount() == 0;
    }

    @Override
    public void start() throws InterruptedException {
        if (warm()) {
            target.close();
            return;
        }
        thread.execute(this::run);
        // The budget counts from when the pages are known (a cold JVM's first catalog read can take a
        // second or more on a busy machine); when a read found no replica and none showed within
        // NO_REPLICA the API starts cold (a read still running is not "no replica").
        long noReplicaBy = System.nanoTime() + NO_REPLICA.toNanos();
        while (!done.await(100, TimeUnit.MILLISECONDS)) {
            long end = roundsEnd;
            if (end == 0 && replicaMissing && !replicaSeen && System.nanoTime() > noReplicaBy) {
                LOG.info("warm-up: no replica yet; the API starts cold and warms up (at most {}) when api.db appears",
                        LATE_BUDGET);
                late = true;
                return;
            }
            if (end != 0 && System.nanoTime() > end + GRACE.toNanos()) {
                LOG.info("warm-up: its last requests are still running at the end of the budget; the API opens");
                return;
            }
        }
    }

    private void run() {
        try {
            List<CandleQuery> pages = waitForPages();
            if (pages.isEmpty()) {
                return;
            }
            long started = System.nanoTime();
            long end = started + (late ? Math.min(budget.toNanos(), LATE_BUDGET.toNanos()) : budget.toNanos());
            roundsEnd = end;
            long rounds = 0;
            long requests = 0;
            boolean quiet;
            do {
                requests += target.read(withHistory(pages, rounds), end);
                rounds++;
                quiet = jit.quiet() && requests >= MIN_REQUESTS;
            } while (!quiet && System.nanoTime() < end && !Thread.currentThread().isInterrupted());
            LOG.info("warm-up: the newest pages of {} markets × timeframes, {} rounds, {} requests in {} ms, {}; compilers busy per second (% of a thread): {}",
                    pages.size(), rounds, requests, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started),
                    quiet ? "ended when the JIT was quiet" : "ended at its budget", jit.sharesPercent());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("warm-up stopped early: {}", e.toString());
        } finally {
            target.close();
            done.countDown();
        }
    }

    /**
     * {@code pages} plus, per market and timeframe, one page of its history at a place that differs
     * from round to round: a chart scrolling back (or a bot reading old ranges) asks for pages no cache
     * holds yet, served from closed candles in memory or read from their rows. Warming only the newest
     * pages, which the page cache answers after the first round, left that path to the JIT under the
     * first users' load (random reads ran at 1/3 of their warm rate for the first 20 s).
     */
    List<CandleQuery> withHistory(List<CandleQuery> pages, long round) {
        List<CandleQuery> out = new ArrayList<>(pages);
        int i = 0;
        for (History h : history) {
            double place = ((round + 1) * 0.6180339887498949 + i++ * 0.41421356) % 1.0;
            long before = h.first() + (long) (place * (h.last() - h.first())) + h.tf().millis();
            out.add(new CandleQuery(h.market(), h.tf(), HISTORY_LIMIT, before, null, null));
        }
        return out;
    }

    /** The newest page of every market and timeframe api.db holds, once it holds any. */
    private List<CandleQuery> waitForPages() {
        long giveUp = System.nanoTime() + REPLICA_WAIT.toNanos();
        while (System.nanoTime() < giveUp && !Thread.currentThread().isInterrupted()) {
            try {
                Symbols symbols = catalog.symbols();
                replicaSeen = true;
                List<CandleQuery> pages = new ArrayList<>();
                List<History> ranges = new ArrayList<>();
                for (Symbols.Market m : symbols.markets()) {
                    MarketSymbol market = MarketSymbol.tryOf(m.exchange(), m.symbol()).orElse(null);
                    for (Timeframe tf : Timeframe.values()) {
                        if (market != null && m.timeframes().containsKey(tf.label())) {
                            pages.add(CandleQuery.latest(market, tf, CandleQuery.DEFAULT_LIMIT));
                            var range = m.timeframes().get(tf.label());
                            if (range != null) {
                                ranges.add(new History(market, tf, range.first(), range.last()));
                            }
                        }
                    }
                }
                history = List.copyOf(ranges);
                return pages;
            } catch (ReplicaNotReadyException e) {
                replicaMissing = true;
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        return List.of();
    }
}
