package io.cryptoflow.collector.sources.trades;

import io.cryptoflow.collector.aggregation.OrderFlowMetrics;
import io.cryptoflow.collector.exchange.MalformedTradeException;
import io.cryptoflow.collector.exchange.Trade;
import io.cryptoflow.common.MarketSymbol;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches over REST, by id, the trades an archive file lacks (Binance: aggTrade ids jump inside a
 * file, a file cut before the day's end, a day never published; binance-public-data #354: "missing
 * aggtradeids can correctly be retrieved from REST"). Pages {@code fromId} forward through the
 * exchange's rate gate ({@link RestTradeFetcher}, shared with the kline sync) and the configured page
 * interval. What REST does not serve either is returned as unseen time ranges.
 */
final class ArchiveHoleFiller {

    private static final Logger LOG = LoggerFactory.getLogger(ArchiveHoleFiller.class);
    private static final int ATTEMPTS = 5;

    private final RestTradeFetcher rest;
    private final Duration pageInterval;
    private final OrderFlowMetrics metrics;

    ArchiveHoleFiller(RestTradeFetcher rest, Duration pageInterval, OrderFlowMetrics metrics) {
        this.rest = rest;
        this.pageInterval = pageInterval;
        this.metrics = metrics;
    }

    /** Trades REST served for a hole, and the time ranges (exclusive bounds) it could not fill. */
    record Fill(List<Trade> trades, List<long[]> unseen) {
    }

    /**
     * The trades with {@code afterId < id < beforeId} and {@code time < untilTime} (a day's end), in
     * id order; {@code beforeId = Long.MAX_VALUE} when the hole runs to the day's end. A hole REST
     * itself has, or a fetch that keeps failing, is returned as unseen: from {@code afterTime} (the
     * last trade before it) to the next trade served, or to {@code holeEndTime}.
     */
    Fill fill(MarketSymbol market, long afterId, long afterTime, long beforeId, long holeEndTime, long untilTime)
            throws InterruptedException {
        List<Trade> out = new ArrayList<>();
        List<long[]> unseen = new ArrayList<>();
        long cursor = afterId;
        long cursorTime = afterTime;
        int failures = 0;
        while (true) {
            List<Trade> page;
            try {
                page = rest.fetch(market.symbol(), cursor, cursorTime);
                failures = 0;
            } catch (RestTradeFetcher.RetryLaterException e) {
                LOG.warn("{}: {}; waiting {} s before filling an archive hole", market, e.getMessage(), e.delay().toSeconds());
                Thread.sleep(e.delay().toMillis());
                continue;
            } catch (IOException | MalformedTradeException e) {
                metrics.restErrors.inc();
                if (++failures >= ATTEMPTS) {
                    LOG.warn("{}: filling an archive hole over REST failed {} times, left for the next try: {}", market,
                            failures, e.getMessage());
                    unseen.add(new long[] {cursorTime, holeEndTime});
                    return new Fill(out, unseen);
                }
                Thread.sleep(pageInterval.toMillis() * (1L << failures));
                continue;
            }
            for (Trade t : page) {
                if (t.id() <= cursor) {
                    continue;
                }
                if (t.id() >= beforeId || t.time() >= untilTime) {
                    return new Fill(out, unseen);
                }
                if (t.id() > cursor + 1) {
                    // ids the exchange's REST does not serve either: the time between is unknown for good
                    metrics.gapTradesLost.inc(t.id() - cursor - 1);
                    unseen.add(new long[] {cursorTime, t.time()});
                }
                out.add(t);
                cursor = t.id();
                cursorTime = t.time();
            }
            if (page.size() < rest.limit()) {
                // REST is at its head: nothing more exists yet up to the hole's end
                if (beforeId != Long.MAX_VALUE) {
                    unseen.add(new long[] {cursorTime, holeEndTime});
                }
                return new Fill(out, unseen);
            }
            Thread.sleep(pageInterval.toMillis());
        }
    }
}
