package io.cryptoflow.api.core;

import io.cryptoflow.api.api.CandleContext;
import io.cryptoflow.common.MarketSymbol;
import io.cryptoflow.common.Timeframe;
import java.util.List;

/**
 * The reads behind the per-candle market context of a candle page (liquidations, open interest,
 * funding); implemented by {@code db/CandleContextReads} over {@code db/CandleContextDao} on the
 * page's read transaction, so the context and the candles come from one WAL snapshot. Each is one
 * statement over the page's span.
 */
public interface ContextReads {

    /** Which series the market has at all; a market without one gets null for its fields (spot, Bitget liquidations). */
    record Sources(boolean liquidations, boolean openInterest, boolean funding) {
        public boolean any() {
            return liquidations || openInterest || funding;
        }
    }

    /** A connected range of the liquidation stream, both ends inclusive (ms). */
    record Connected(long from, long to) {
    }

    /** The liquidations of one side in one candle ({@code open} = the candle's open time). */
    record LiquidationSum(long open, boolean longSide, double qty, double notional) {
    }

    /**
     * Per candle of the page: open interest at its close (null when no sample is fresh enough) and the
     * funding rate in force (null when none); see {@link CandleContextReader} for the rules.
     */
    record AtCandle(long open, Double openInterest, Double openInterestValue, Double fundingRate) {
    }

    Sources sources(MarketSymbol market);

    /** Connected ranges overlapping [from, to]. */
    List<Connected> connected(MarketSymbol market, long from, long to);

    /** The live liquidation partitions of the market's exchange whose day overlaps [from, toExclusive), oldest first. */
    List<String> liquidationPartitions(MarketSymbol market, long from, long toExclusive);

    /** Each partition's highest {@code seq} (0 when empty), in one statement. */
    java.util.Map<String, Long> maxSeqs(List<String> partitions);

    /**
     * Liquidation sums per candle and side of the market's events in one partition with
     * {@code afterSeq < seq <= upToSeq} (partitions are insert-only, so sums over seq ranges add up).
     */
    List<LiquidationSum> liquidationSums(String partition, MarketSymbol market, Timeframe tf, long afterSeq, long upToSeq);

    /**
     * One row per candle of the page (the newest {@code limit} candles with open time in [from, toExclusive)).
     *
     * @param oiMaxAge      a sample more than this before the candle's close is too old (ms)
     * @param fundingMaxAge a funding event more than this before the candle's open is too old (ms)
     */
    List<AtCandle> atCandles(Timeframe tf, MarketSymbol market, long from, long toExclusive, int limit,
                             long oiMaxAge, long fundingMaxAge);

    /** Funding events with time in [from, toExclusive), oldest first. */
    List<CandleContext.FundingEvent> fundingEvents(MarketSymbol market, long from, long toExclusive);
}
