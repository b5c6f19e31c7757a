package io.cryptoflow.collector.sources.trades;

import io.cryptoflow.collector.aggregation.OrderFlowMetrics;
import io.cryptoflow.collector.exchange.MalformedTradeException;
import io.cryptoflow.collector.exchange.Trade;
import io.cryptoflow.common.MarketSymbol;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Recovers a whole trade gap from an exchange whose trade history pages backwards (Bitget
 * fills-history with {@code idLessThan}, newest first): starting from the newest page, asks for the
 * trades older than the oldest one seen until the gap's start is reached. How far back the exchange
 * answers is its own to say (Bitget: 90 days on its main page, 7 on a mirror), so no span is guessed:
 * the gap's range is asked for first; if the exchange refuses it (HTTP 400, Bitget {@code 43111}) the
 * walk goes on by id alone, and it stops at the exchange's refusal or its first empty page. What lies
 * before the oldest trade served is counted, logged and reported as not recovered.
 */
final class BackwardTradePager {

    private static final Logger LOG = LoggerFactory.getLogger(BackwardTradePager.class);

    private BackwardTradePager() {
    }

    /**
     * The gap is longer than one page and the exchange pages backwards (Bitget fills-history): walks
     * older pages by id until it reaches {@code afterTime}, and returns the whole gap, ascending.
     */
    static List<Trade> walk(MarketSymbol market, RestTradeFetcher rest, OrderFlowMetrics metrics,
                            GapListener gapListener, long afterTime, List<Trade> newest,
                            Duration pageInterval, Duration minRetry, Duration maxRetry) throws InterruptedException {
        ArrayDeque<List<Trade>> pages = new ArrayDeque<>();
        pages.addFirst(newest);
        long toTime = newest.get(newest.size() - 1).time();
        long fromTime = afterTime; // becomes -1 (by id alone) once the exchange refuses the range
        long beforeId = newest.get(0).id();
        long oldest = newest.get(0).time();
        long retry = minRetry.toMillis();
        boolean exhausted = false;
        while (oldest > afterTime) {
            List<Trade> older;
            try {
                older = rest.fetchBefore(market.symbol(), fromTime, toTime, beforeId);
                retry = minRetry.toMillis();
            } catch (RestTradeFetcher.RetryLaterException e) {
                LOG.warn("{}: {}; waiting {} s before paging back further", market, e.getMessage(), e.delay().toSeconds());
                Thread.sleep(Math.max(e.delay().toMillis(), retry));
                continue;
            } catch (RestTradeFetcher.RefusedException e) {
                if (fromTime >= 0) {
                    LOG.info("{}: the exchange refuses the gap's time range ({}); paging back by id alone", market,
                            e.getMessage());
                    fromTime = -1;
                    continue;
                }
                LOG.warn("{}: the exchange refuses to page back further: {}", market, e.getMessage());
                exhausted = true;
                break;
            } catch (IOException | MalformedTradeException e) {
                (e instanceof MalformedTradeException ? metrics.messagesRejected : metrics.restErrors).inc();
                LOG.warn("{}: paging back through missed trades failed, retrying in {} ms: {}", market, retry, e.getMessage());
                Thread.sleep(retry);
                retry = Math.min(retry * 2, maxRetry.toMillis());
                continue;
            }
            if (older.isEmpty()) {
                exhausted = true;
                break;
            }
            pages.addFirst(older);
            beforeId = older.get(0).id();
            oldest = older.get(0).time();
            if (pages.size() % 50 == 0) {
                LOG.info("{}: paging back through missed trades, {} pages, now at {}", market, pages.size(),
                        Instant.ofEpochMilli(oldest));
            }
            if (older.size() < rest.limit()) {
                // a short page within the asked range is its start; asked by id alone, the exchange's end
                exhausted = fromTime < 0;
                break;
            }
            Thread.sleep(pageInterval.toMillis());
        }
        if (exhausted && oldest > afterTime) {
            metrics.gaps.inc();
            LOG.error("{}: trades from {} to {} are older than the exchange's trade history serves; not recovered",
                    market, Instant.ofEpochMilli(afterTime), Instant.ofEpochMilli(oldest));
            gapListener.unrecovered(afterTime, oldest);
        }
        List<Trade> all = new ArrayList<>();
        pages.forEach(all::addAll);
        LOG.info("{}: recovered the gap since {} from {} fills-history pages ({} trades)", market,
                Instant.ofEpochMilli(afterTime), pages.size(), all.size());
        return all;
    }

}
