package io.cryptoflow.collector.aggregation;

/**
 * What puts one market's trades into its aggregator, as the {@link FootprintFlusher} sees it: the
 * aggregator to drain, and whether the trades arriving are still from the past (a catch-up), in
 * which case only trades close candles, not the clock. Declared here so the stage depends on no
 * source; {@code sources.trades.TradeSequencer} implements it.
 */
public interface AggregatorFeed {

    TradeAggregator aggregator();

    /** True while trades from the past are replayed (after a reconnect, a gap or a backfill hand-over). */
    boolean isCatchingUp();
}
