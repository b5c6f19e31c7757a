package io.cryptoflow.api.core;

import io.cryptoflow.api.api.CandleContext;
import io.cryptoflow.api.api.CandlePage;
import io.cryptoflow.api.render.ClosedCandles;
import io.cryptoflow.api.render.RenderCache;
import io.cryptoflow.api.render.PackedPage;
import io.cryptoflow.api.render.RenderedCandle;
import io.cryptoflow.common.MarketSymbol;
import io.cryptoflow.common.Timeframe;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

/**
 * Reads candle pages from api.db: newest {@code limit} in range, served oldest first. In one read
 * transaction it first sums the range up in SQLite ({@link PageSummary}, from which the ETag
 * follows), answers "not modified" when the client already holds that tag, serves the page
 * cache's copy when the range did not change since it was built, and only otherwise reads the
 * rows, re-rendering just those whose revision the render cache does not hold. While one request
 * re-checks a cached page against a replica that moved, the others are answered with that page as
 * last confirmed (stale by at most that one check), so a backfill's stream of commits costs one
 * summary per page at a time instead of one per request. With a re-check executor the request that
 * noticed is answered so too and the check runs there; a page with open candles is re-checked reading
 * only those ({@link OpenTopRefresh}), the closed ones below taken from memory. Whether the replica moved is judged from
 * a reading of its stamp at most {@code stampMaxAge} old ({@link RecentReplicaStamp}), so a hot page
 * answered again costs no SQL at all. Pages that must be read go through {@code pageBuilds}, a
 * first-come first-served gate of about one build per core: 16 random pages at once on 2 cores, all
 * sharing the CPU, each took as long as 8 builds, and a slow page's time grew with it (p99 5-12× p50);
 * queued in order, each request waits for the builds ahead of it and then builds at full speed
 * (docs/benchmarks.md, "Random-read tail").
 */
public class CandleReader {

    /** A page, or only its tag when the client's copy is current ({@code page == null}). */
    public record Result(String tag, boolean closedRange, CandlePage page) {
    }

    /** How long after a candle's close its market context may still change. */
    static final Duration CONTEXT_SETTLES = Duration.ofMinutes(15);
    /** How long a request waits for another's build of the same page before reading it itself. */
    private static final Duration SHARED_BUILD_WAIT = Duration.ofSeconds(10);

    private final ReplicaStore db;
    private final RenderCache renders;
    /** Closed candles by market and timeframe: a page's candles without reading its rows. */
    private final ClosedCandles closed;
    private final PageCache pages;
    private final RecentReplicaStamp stamps;
    private final LiquidationSums liquidations = new LiquidationSums(8L << 20);
    /** Builds of pages not in the page cache, by query: concurrent requests for one page share one build. */
    private final java.util.concurrent.ConcurrentHashMap<CandleQuery, CompletableFuture<Built>> building =
            new java.util.concurrent.ConcurrentHashMap<>();

    /** A page built for its content tag. */
    private record Built(String content, CandlePage page) {
    }
    /** Context reads, and the context of candles read kept for pages from memory (half the render cache's bound). */
    private final CandleContextReader contexts;
    private final BuildGate pageBuilds;
    /** Where cached pages are re-checked (null: on the request's thread). */
    private final java.util.concurrent.Executor revalidations;
    /** Follows api.db's changes so closed candles in memory answer pages without SQL. */
    private final ReplicaChanges changes;
    /** A page's candles from memory or its rows, and what they teach {@link ClosedCandles}. */
    private final PageRows pageRows;
    /** Re-checks cached pages with open candles reading only those (and what came above them). */
    private final OpenTopRefresh openTop;
    private final java.util.concurrent.atomic.LongAdder openTopRefreshes = new java.util.concurrent.atomic.LongAdder();

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(CandleReader.class);

    /** Reads the replica stamp for every request (tests that must see each commit at once). */
    public CandleReader(ReplicaStore db, RenderCache renders, PageCache pages) {
        this(db, renders, pages, Duration.ZERO);
    }

    /** @param stampMaxAge how old a reading of the replica stamp a request may rely on ({@link RecentReplicaStamp}; 0: none) */
    public CandleReader(ReplicaStore db, RenderCache renders, PageCache pages, Duration stampMaxAge) {
        this(db, renders, pages, stampMaxAge, new BuildGate("candle page", Integer.MAX_VALUE, 0, Duration.ZERO));
    }

    /** @param pageBuilds admits the requests that read and render a page (not those answered from the page cache) */
    public CandleReader(ReplicaStore db, RenderCache renders, PageCache pages, Duration stampMaxAge,
                        BuildGate pageBuilds) {
        this(db, renders, pages, stampMaxAge, pageBuilds, null, renders.maxBytes() * 3 / 2);
    }

    /**
     * @param revalidations where cached pages are re-checked against a replica that moved, the request
     *                      that found it moved being answered with the page as last confirmed, as the
     *                      others are meanwhile (null: on that request's thread, which then waits for it)
     * @param closedBytes   bound of the closed candles kept packed ({@link ClosedCandles}); the context
     *                      fragments of derivatives markets get a third as much
     */
    public CandleReader(ReplicaStore db, RenderCache renders, PageCache pages, Duration stampMaxAge,
                        BuildGate pageBuilds, java.util.concurrent.Executor revalidations, long closedBytes) {
        this.revalidations = revalidations;
        this.pageBuilds = pageBuilds;
        this.db = db;
        this.renders = renders;
        this.closed = new ClosedCandles(closedBytes);
        this.contexts = new CandleContextReader(liquidations, closedBytes / 3);
        this.pages = pages;
        this.stamps = new RecentReplicaStamp(db::replicaStamp, stampMaxAge);
        this.changes = new ReplicaChanges(db, closed, contexts, System::currentTimeMillis);
        this.pageRows = new PageRows(renders, closed);
        this.openTop = new OpenTopRefresh(db, renders, closed, contexts, changes, pageRows);
    }

    public RenderCache renders() {
        return renders;
    }

    public ClosedCandles closedCandles() {
        return closed;
    }

    /** Reads of pages into memory ahead of requests, the same as this reader's ({@link HistoryPrefetch}). */
    public HistoryReads history() {
        return new HistoryReads(db, closed, contexts, changes, stamps, pageRows);
    }

    /** Pages of markets with context series answered from memory (tests). */
    long knownContextHits() {
        return contexts.known().hits();
    }

    /** Cached pages re-checked reading only their open rows ({@link OpenTopRefresh}; tests). */
    long openTopRefreshes() {
        return openTopRefreshes.sum();
    }

    /**
     * The whole page as of the newest replica (for WebSocket histories: the live hub sends only
     * changes after its position, so a history must not be the page as last confirmed).
     */
    public CandlePage page(CandleQuery q) {
        return read(q, true, false, tag -> false, false).page();
    }

    /**
     * @param gzip      the client takes gzip: the tag is that of the gzip representation
     * @param clientHas true for a tag the client already holds (If-None-Match); checked before any
     *                  row is read
     */
    public Result read(CandleQuery q, boolean clusters, boolean gzip, Predicate<String> clientHas) {
        return read(q, clusters, gzip, clientHas, true);
    }

    /** @param mayBeLastConfirmed whether a page another request is re-checking may be answered as is */
    private Result read(CandleQuery q, boolean clusters, boolean gzip, Predicate<String> clientHas,
                        boolean mayBeLastConfirmed) {
        PageCache.Entry cached = pages.get(q);
        if (cached == null) {
            Result known = fromMemory(q, clusters, gzip, clientHas, mayBeLastConfirmed);
            return known != null ? known : readShared(q, clusters, gzip, clientHas);
        }
        String stamp = mayBeLastConfirmed ? stamps.get() : stamps.readNow();
        if (stamp != null && stamp.equals(cached.stamp())) {
            // nothing was replicated since this page was last confirmed
            return answer(q, cached.contentTag(), cached.page(), clusters, gzip, clientHas);
        }
        if (!cached.claimRevalidation()) {
            if (!mayBeLastConfirmed) {
                return revalidate(q, cached, stamp, clusters, gzip, clientHas);
            }
            // Another request is re-checking this page against the newer replica right now: answer
            // with the page as last confirmed, as if this request had come a moment earlier. During
            // a backfill the replica moves every few milliseconds, and every request running the
            // range summary (about 0.5 ms of SQLite for 1000 rows) cut the read rate to a third.
            return answer(q, cached.contentTag(), cached.page(), clusters, gzip, clientHas);
        }
        if (mayBeLastConfirmed && inBackground(q, cached, stamp)) {
            // this request too is answered with the page as last confirmed, as the others are meanwhile
            return answer(q, cached.contentTag(), cached.page(), clusters, gzip, clientHas);
        }
        try {
            return revalidate(q, cached, stamp, clusters, gzip, clientHas);
        } finally {
            cached.revalidated();
        }
    }

    /**
     * Hands the re-check of {@code cached} (claimed by the caller) to {@link #revalidations}; false when
     * there is none (or it takes no more work): the caller re-checks it itself.
     */
    private boolean inBackground(CandleQuery q, PageCache.Entry cached, String stamp) {
        if (revalidations == null) {
            return false;
        }
        try {
            revalidations.execute(() -> {
                try {
                    revalidate(q, cached, stamp, true, false, tag -> false);
                } catch (RuntimeException e) {
                    // api.db busy or being replaced: the claim ends, the next request re-checks again
                    LOG.debug("re-check of {} failed", q, e);
                } finally {
                    cached.revalidated();
                }
            });
            return true;
        } catch (java.util.concurrent.RejectedExecutionException e) {
            return false; // shutting down
        }
    }

    /**
     * Re-checks a cached page against the replica: its open rows from api.db and its closed candles
     * from memory when memory can tell ({@link OpenTopRefresh}), else the page read as if not cached.
     */
    private Result revalidate(CandleQuery q, PageCache.Entry cached, String stamp, boolean clusters, boolean gzip,
                              Predicate<String> clientHas) {
        long started = stamps.now();
        OpenTopRefresh.Rows r = openTop.read(q, cached.page().candles(), cached.stamp(), stamp);
        if (r == null) {
            return readAndCache(q, cached, clusters, gzip, clientHas);
        }
        openTopRefreshes.increment();
        stamps.offer(r.stamp(), started);
        String content = PageTag.content(q, r.summary(), r.context().hash());
        if (cached.contentTag().equals(content)) {
            pages.confirm(q, cached, r.stamp());
            return answer(q, content, cached.page(), clusters, gzip, clientHas);
        }
        CandlePage page = cachedPage(q, content, r.stamp(), r.newestFirst(), r.summary().rows() > q.limit(),
                r.context(), false);
        return answer(q, content, page, clusters, gzip, clientHas);
    }

    /**
     * A page whose candles are all closed and known exact in memory, with their market context (none
     * for a market without series, else each candle's as {@link KnownContexts} holds it), as of the replica stamp this request relies on ({@link ReplicaChanges} has followed
     * every change up to it): answered without any SQL, byte for byte the page its rows would give
     * (the summary, hence the tag, is computed from the same rows). Null when memory cannot tell.
     */
    private Result fromMemory(CandleQuery q, boolean clusters, boolean gzip, Predicate<String> clientHas,
                              boolean mayBeLastConfirmed) {
        String stamp = mayBeLastConfirmed ? stamps.get() : stamps.readNow();
        // followed first: it also starts the tracking that lets page reads mark what they learn as known
        if (!changes.followed(stamp) || !contexts.mayKnow(q.market())) {
            return null;
        }
        ClosedCandles.Known k = closed.known(q.tf(), q.market().stored(), q.fromInclusive(), q.toExclusive(), q.limit());
        if (k == null) {
            return null;
        }
        CandleContext context = contexts.fromMemory(q, k.newestFirst());
        if (context == null) {
            return null;
        }
        PageSummary s = new PageSummary(k.rows(), k.oldest(), k.newest(), k.maxRev(), 1, k.timeSum(), k.revSum());
        String content = PageTag.content(q, s, context.hash());
        String tag = PageTag.of(content, clusters, gzip);
        if (clientHas.test(tag)) {
            return new Result(tag, q.isBounded() && settled(q, s.newest()), null);
        }
        CandlePage page = cachedPage(q, content, stamp, k.newestFirst(), s.rows() > q.limit(), context, false);
        return answer(q, content, page, clusters, gzip, clientHas);
    }

    /**
     * A page the cache does not hold (never read, evicted, or too big to cache: a 1000-candle page
     * with 30-level clusters is 1.5 MB): the first request builds it, the ones arriving meanwhile
     * wait for that build and answer with its page. Sixteen readers of one such page used to build
     * sixteen copies at once, each reading, rendering, joining and compressing 1.5 MB, which ran a
     * 96 MiB heap out of memory (bench/run compare, 2026-12-05).
     */
    private Result readShared(CandleQuery q, boolean clusters, boolean gzip, Predicate<String> clientHas) {
        CompletableFuture<Built> mine = new CompletableFuture<>();
        CompletableFuture<Built> running = building.putIfAbsent(q, mine);
        if (running != null) {
            Built b = awaitBuild(running);
            return b != null ? answer(q, b.content(), b.page(), clusters, gzip, clientHas)
                    : readAndCache(q, null, clusters, gzip, clientHas, null);
        }
        try {
            return readAndCache(q, null, clusters, gzip, clientHas, mine);
        } finally {
            mine.complete(null); // no page (the client held the tag, or the build failed): the others read
            building.remove(q, mine);
        }
    }

    private static Built awaitBuild(CompletableFuture<Built> running) {
        try {
            return running.get(SHARED_BUILD_WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            return null;
        }
    }

    private Result readAndCache(CandleQuery q, PageCache.Entry cached, boolean clusters, boolean gzip,
                                Predicate<String> clientHas) {
        return readAndCache(q, cached, clusters, gzip, clientHas, null);
    }

    /** @param built completed with the page when one is built (waiting requests share it), else left alone */
    private Result readAndCache(CandleQuery q, PageCache.Entry cached, boolean clusters, boolean gzip,
                                Predicate<String> clientHas, CompletableFuture<Built> built) {
        // waiting outside the read transaction: a queued request holds no connection
        return pageBuilds.run(() -> build(q, cached, clusters, gzip, clientHas, built));
    }

    private Result build(CandleQuery q, PageCache.Entry cached, boolean clusters, boolean gzip,
                         Predicate<String> clientHas, CompletableFuture<Built> built) {
        long started = stamps.now();
        return db.candles(reads -> {
            // The stamp first: content read after it is at least as new, so a later request seeing
            // the same stamp can rely on what is confirmed here.
            String stamp = reads.replicaStamp();
            stamps.offer(stamp, started);
            // One row beyond the limit tells whether older candles exist in the range.
            PageSummary s = reads.summary(q.tf(), q.market(), q.fromInclusive(), q.toExclusive(), q.limit() + 1);
            // an empty page: a market nobody configured is a 404, a configured one not yet backfilled says so
            boolean collecting = s.isEmpty() && EmptyPages.collecting(reads, q.market(), q.tf());
            // The context changes without any candle's rev changing: its hash is part of the content tag.
            CandleContext context = s.isEmpty() ? CandleContext.NONE : contexts.read(reads.context(), q, stamp);
            // so is "collecting", which changes while the page stays empty (first candle of another timeframe, config)
            String content = PageTag.content(q, s, collecting ? ~context.hash() : context.hash());
            if (cached != null && cached.contentTag().equals(content)) {
                pages.confirm(q, cached, stamp);
                return answer(q, content, cached.page(), clusters, gzip, clientHas);
            }
            String tag = PageTag.of(content, clusters, gzip);
            if (clientHas.test(tag)) {
                return new Result(tag, q.isBounded() && !s.isEmpty() && s.allClosed() == 1 && settled(q, s.newest()), null);
            }
            CandlePage page = cachedPage(q, content, stamp, pageRows.rendered(reads, q, s, stamp), s.rows() > q.limit(),
                    context, collecting);
            if (built != null) {
                built.complete(new Built(content, page));
            }
            return answer(q, content, page, clusters, gzip, clientHas);
        });
    }

    /** The page of {@code newestFirst} (served oldest first), put in the page cache for {@code content} at {@code stamp}. */
    private CandlePage cachedPage(CandleQuery q, String content, String stamp, List<RenderedCandle> newestFirst,
                                  boolean hasMore, CandleContext context, boolean collecting) {
        List<RenderedCandle> oldestFirst;
        if (newestFirst instanceof PackedPage packed) {
            oldestFirst = packed.reversed(); // from memory: no object per candle (render/PackedPage)
        } else {
            RenderedCandle[] ascending = new RenderedCandle[newestFirst.size()];
            for (int i = 0; i < ascending.length; i++) {
                ascending[i] = newestFirst.get(ascending.length - 1 - i);
            }
            // List.of: the page's List.copyOf keeps an immutable list as it is (an ArrayList was copied twice more)
            oldestFirst = List.of(ascending);
        }
        CandlePage page = new CandlePage(oldestFirst, q.market().exchange(), q.market().symbol(), hasMore, context,
                collecting);
        pages.put(q, content, stamp, page);
        return page;
    }

    /**
     * The context members of the one candle of {@code market} opening at {@code time}, as of the newest
     * replica (for a pushed candle: its page would carry the same).
     */
    public byte[] contextOf(MarketSymbol market, Timeframe tf, long time) {
        CandleQuery one = new CandleQuery(market, tf, 1, null, time, time);
        return db.candles(reads -> contexts.read(reads.context(), one)).fragment(time);
    }

    /**
     * The gzip body of a joinable page: compressed on the first request that wants it, then held
     * with the page and counted in the page cache's bound.
     */
    public io.cryptoflow.api.render.ByteChunks gzipped(CandleQuery q, CandlePage page, boolean clusters) {
        return page.gzip(clusters, n -> pages.charge(q, page, n));
    }

    private static Result answer(CandleQuery q, String content, CandlePage page, boolean clusters, boolean gzip,
                                 Predicate<String> clientHas) {
        String tag = PageTag.of(content, clusters, gzip);
        boolean closedRange = q.isBounded() && page.allClosed() && settled(q, page.candles().get(page.candles().size() - 1).time());
        return new Result(tag, closedRange, clientHas.test(tag) ? null : page);
    }

    /**
     * Whether the newest candle closed at least {@link #CONTEXT_SETTLES} ago: until then its market context
     * may still change (the liquidation stream's coverage passing its close, a late open interest sample),
     * so the page is not offered to HTTP caches as immutable although every candle is closed.
     */
    private static boolean settled(CandleQuery q, long newestOpen) {
        return newestOpen + q.tf().millis() + CONTEXT_SETTLES.toMillis() <= System.currentTimeMillis();
    }

    /** Forgets every rendered candle and page (api.db was rebuilt from another source). */
    public void clearCaches() {
        renders.clear();
        closed.clear();
        contexts.clear();
        pages.clear();
        liquidations.clear();
        stamps.clear();
        changes.clear();
    }
}
