package io.cryptoflow.collector.sources.trades;

import io.cryptoflow.collector.exchange.Trade;
import io.cryptoflow.common.MarketSymbol;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How one sequencer's REST catch-up is going: the trades it recovered (for the log) and whether, by
 * contiguous ids (Binance), it is gaining on the live stream at all. REST pages at the exchange's
 * weight budget (at best ~1,000 trades a second per market, less when the budget is shared); a market
 * trading faster than that for minutes (a burst of thousands of trades a second) moves the live head
 * away faster than REST follows, so the catch-up would never end and the market's live trades would
 * never be stored. Judged over {@link #PAGES} pages: when the distance from REST's position to the
 * newest live id has not shrunk over them, REST cannot win.
 */
final class CatchUpProgress {

    private static final Logger LOG = LoggerFactory.getLogger(TradeSequencer.class);
    /** Pages per judgement: at least {@code PAGES × restPageInterval} (30 s at Binance's default 1 s). */
    static final int PAGES = 30;
    private static final int LOG_EVERY_PAGES = 50;

    private volatile long liveHead = -1;
    private long distanceAtStart = -1;
    private int pagesJudged;
    private long pages;
    private int recovered;
    private long firstRecovered = -1;

    /** A live trade arrived (buffered or applied). */
    void live(long id) {
        if (id > liveHead) {
            liveHead = id;
        }
    }

    /** A catch-up starts: judged and counted from its own first page. */
    void restart() {
        distanceAtStart = -1;
        pagesJudged = 0;
        pages = 0;
        recovered = 0;
        firstRecovered = -1;
    }

    /** A REST page was applied ({@code applied} of its trades new); REST is now at {@code restAt}. */
    void page(MarketSymbol market, int applied, List<Trade> page, long restAt) {
        if (applied > 0) {
            if (firstRecovered < 0) {
                firstRecovered = page.get(0).id();
            }
            recovered += applied;
        }
        if (++pages % LOG_EVERY_PAGES == 0 && !page.isEmpty()) {
            LOG.info("{}: catching up over REST, {} trades so far, now at id {} ({})", market, recovered, restAt,
                    Instant.ofEpochMilli(page.get(page.size() - 1).time()));
        }
    }

    /** After a full REST page that ended at {@code restAt}: true when REST lost ground over the last {@link #PAGES} pages. */
    boolean losing(long restAt) {
        long head = liveHead;
        if (head < 0) {
            return false;
        }
        long distance = head - restAt;
        if (distanceAtStart < 0) {
            distanceAtStart = distance;
            pagesJudged = 0;
            return false;
        }
        if (++pagesJudged < PAGES) {
            return false;
        }
        boolean losing = distance >= distanceAtStart;
        distanceAtStart = distance;
        pagesJudged = 0;
        return losing;
    }

    void logRecovered(MarketSymbol market, boolean contiguous) {
        if (recovered > 0 && contiguous) {
            LOG.info("{}: filled missed aggTrade ids {}..{} ({} trades) over REST", market, firstRecovered,
                    firstRecovered + recovered - 1, recovered);
        } else if (recovered > 0) {
            LOG.info("{}: fetched {} missed trades over REST", market, recovered);
        }
    }
}
