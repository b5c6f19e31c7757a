package io.cryptoflow.api.core;

import io.cryptoflow.api.api.CandlePage;
import io.cryptoflow.api.db.ApiDatabase;
import io.cryptoflow.api.db.CandleDao;
import io.cryptoflow.api.db.RenderingRowMapper;
import io.cryptoflow.api.render.RenderCache;
import io.cryptoflow.api.render.RenderedCandle;
import io.cryptoflow.common.MarketSymbol;
import io.cryptoflow.common.Timeframe;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.jdbi.v3.core.Handle;

/**
 * Reads candle pages from api.db: newest {@code limit} in range, served oldest first. In one read
 * transaction it first sums the range up in SQLite ({@link PageSummary}, from which the ETag
 * follows), answers "not modified" when the client already holds that tag, serves the page
 * cache's copy when the range did not change since it was built, and only otherwise reads the
 * rows, re-rendering just those whose revision the render cache does not hold.
 */
public class CandleReader {

    /** A page, or only its tag when the client's copy is current ({@code page == null}). */
    public record Result(String tag, boolean closedRange, CandlePage page) {
    }

    private final ApiDatabase db;
    private final RenderCache renders;
    private final PageCache pages;

    public CandleReader(ApiDatabase db, RenderCache renders, PageCache pages) {
        this.db = db;
        this.renders = renders;
        this.pages = pages;
    }

    public RenderCache renders() {
        return renders;
    }

    /** The whole page (for WebSocket histories). */
    public CandlePage page(CandleQuery q) {
        return read(q, true, tag -> false).page();
    }

    /**
     * @param clientHas true for a tag the client already holds (If-None-Match); checked before any
     *                  row is read
     */
    public Result read(CandleQuery q, boolean clusters, Predicate<String> clientHas) {
        return db.readInTransaction(h -> {
            CandleDao dao = h.attach(CandleDao.class);
            String stamp = replicaStamp(dao);
            PageCache.Entry cached = pages.get(q);
            if (cached != null && stamp != null && stamp.equals(cached.stamp())) {
                // nothing was replicated since this page was last confirmed
                return answer(q, cached.contentTag(), cached.page(), clusters, clientHas);
            }
            // One row beyond the limit tells whether older candles exist in the range.
            PageSummary s = dao.summary(q.tf(), q.market(), q.fromInclusive(), q.toExclusive(), q.limit() + 1);
            if (s.isEmpty() && !knows(dao, q.market())) {
                throw new UnknownSymbolException(q.market());
            }
            String content = PageTag.content(q, s);
            if (cached != null && cached.contentTag().equals(content)) {
                pages.confirm(q, cached, stamp);
                return answer(q, content, cached.page(), clusters, clientHas);
            }
            boolean closedRange = closedRange(q, s);
            String tag = PageTag.of(content, clusters);
            if (clientHas.test(tag)) {
                return new Result(tag, closedRange, null);
            }
            CandlePage page = build(h, q, s.rows() > q.limit());
            pages.put(q, content, stamp, page);
            return new Result(tag, closedRange, page);
        });
    }

    private static Result answer(CandleQuery q, String content, CandlePage page, boolean clusters,
                                 Predicate<String> clientHas) {
        String tag = PageTag.of(content, clusters);
        boolean closedRange = q.isBounded() && page.allClosed();
        return new Result(tag, closedRange, clientHas.test(tag) ? null : page);
    }

    private static boolean closedRange(CandleQuery q, PageSummary s) {
        return q.isBounded() && !s.isEmpty() && s.allClosed() == 1;
    }

    /** cf_replica's source_rev and applied_at: changes with every apply or snapshot; null when absent. */
    private static String replicaStamp(CandleDao dao) {
        try {
            return dao.replicaStamp().orElse(null);
        } catch (org.jdbi.v3.core.JdbiException e) {
            return null; // between a snapshot and its stamp: take the summary path
        }
    }

    private CandlePage build(Handle h, CandleQuery q, boolean hasMore) {
        h.registerRowMapper(RenderedCandle.class, new RenderingRowMapper(renders, q.tf(), q.market().stored()));
        List<RenderedCandle> newestFirst = h.attach(CandleDao.class)
                .rendered(q.tf(), q.market(), q.fromInclusive(), q.toExclusive(), q.limit());
        List<RenderedCandle> ascending = new ArrayList<>(newestFirst.size());
        for (int i = newestFirst.size() - 1; i >= 0; i--) {
            ascending.add(newestFirst.get(i));
        }
        return new CandlePage(List.copyOf(ascending), q.market().exchange(), q.market().symbol(), hasMore);
    }

    /** True when any timeframe holds a candle of this market. */
    public boolean knows(MarketSymbol market) {
        return db.read(CandleDao.class, dao -> knows(dao, market));
    }

    private static boolean knows(CandleDao dao, MarketSymbol market) {
        for (Timeframe tf : Timeframe.values()) {
            if (dao.hasAny(tf, market)) {
                return true;
            }
        }
        return false;
    }

    /** Forgets every rendered candle and page (api.db was rebuilt from another source). */
    public void clearCaches() {
        renders.clear();
        pages.clear();
    }
}
