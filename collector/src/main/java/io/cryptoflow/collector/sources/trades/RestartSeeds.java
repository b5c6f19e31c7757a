package io.cryptoflow.collector.sources.trades;

import io.cryptoflow.collector.store.TradeTail;
import io.cryptoflow.collector.store.TradeTails;
import io.cryptoflow.common.MarketSymbol;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;
import java.util.function.ToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On start, seeds each market's sequencer with the newest trade the last run stored, so the first
 * live trade triggers the same REST catch-up as after a cut: Binance from the next aggTrade id,
 * Bitget paging fills-history back to the stored time, Bybit as far as its recent trades reach
 * (the rest a recorded gap). The catch-up is bounded: a market whose newest stored trade is older
 * than its bound (the retention window, and the footprint window where one is set) is not seeded,
 * and its first live trade records the whole span as a gap, as before.
 */
final class RestartSeeds {

    private static final Logger LOG = LoggerFactory.getLogger(RestartSeeds.class);

    private RestartSeeds() {
    }

    /**
     * @param notBefore per market, the oldest stored trade time a catch-up may start from
     * @return how many sequencers were seeded
     */
    static int seed(Collection<TradeSequencer> sequencers, TradeTails tails, ToLongFunction<MarketSymbol> notBefore) {
        int seeded = 0;
        for (TradeSequencer s : sequencers) {
            long bound = notBefore.applyAsLong(s.market());
            if (bound == Long.MAX_VALUE) {
                continue; // no raw trades kept for this market: nothing stored to continue from
            }
            Optional<TradeTail> tail;
            try {
                tail = tails.tail(s.market(), bound, TradeSequencer.ID_RETENTION_MS);
            } catch (RuntimeException e) {
                LOG.warn("{}: could not read the newest stored trade ({}); trades missed while stopped stay a gap",
                        s.market(), e.toString());
                continue;
            }
            if (tail.isPresent()) {
                s.seed(tail.get());
                seeded++;
                LOG.info("{}: stored trades end at id {} ({}); fetching what was missed since over REST", s.market(),
                        tail.get().newest().id(), Instant.ofEpochMilli(tail.get().newest().time()));
            }
        }
        return seeded;
    }
}
