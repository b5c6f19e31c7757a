package io.cryptoflow.simulator.market;

import java.util.List;

/**
 * OHLCV plus order-flow totals of a run of consecutive trades. Every kline the simulator serves is
 * one of these, built from exactly the trades its aggTrades endpoints return.
 */
public record KlineAggregate(long open, long high, long low, long close, long volume, long takerBuyVolume,
                             long quoteVolume, long takerBuyQuoteVolume, long tradeCount, long aggCount,
                             long firstAggId, long lastAggId, long firstTime, long lastTime) {

    /** Aggregate of {@code trades} (oldest first); null when empty. */
    public static KlineAggregate of(List<SimTrade> trades) {
        if (trades.isEmpty()) {
            return null;
        }
        SimTrade first = trades.get(0);
        long high = Long.MIN_VALUE;
        long low = Long.MAX_VALUE;
        long volume = 0;
        long buyVolume = 0;
        long quote = 0;
        long buyQuote = 0;
        long raw = 0;
        for (SimTrade t : trades) {
            high = Math.max(high, t.priceUnits());
            low = Math.min(low, t.priceUnits());
            long q = t.priceUnits() * t.qtyUnits();
            volume += t.qtyUnits();
            quote += q;
            if (t.takerBuy()) {
                buyVolume += t.qtyUnits();
                buyQuote += q;
            }
            raw += t.rawCount();
        }
        SimTrade last = trades.get(trades.size() - 1);
        return new KlineAggregate(first.priceUnits(), high, low, last.priceUnits(), volume, buyVolume, quote, buyQuote,
                raw, trades.size(), first.aggId(), last.aggId(), first.time(), last.time());
    }

    public static KlineAggregate single(SimTrade t) {
        long quote = t.priceUnits() * t.qtyUnits();
        return new KlineAggregate(t.priceUnits(), t.priceUnits(), t.priceUnits(), t.priceUnits(), t.qtyUnits(),
                t.takerBuy() ? t.qtyUnits() : 0, quote, t.takerBuy() ? quote : 0, t.rawCount(), 1,
                t.aggId(), t.aggId(), t.time(), t.time());
    }

    /** Combines this aggregate with the one that directly follows it in time; null-safe. */
    public KlineAggregate then(KlineAggregate later) {
        if (later == null) {
            return this;
        }
        return new KlineAggregate(open, Math.max(high, later.high), Math.min(low, later.low), later.close,
                volume + later.volume, takerBuyVolume + later.takerBuyVolume, quoteVolume + later.quoteVolume,
                takerBuyQuoteVolume + later.takerBuyQuoteVolume, tradeCount + later.tradeCount,
                aggCount + later.aggCount, firstAggId, later.lastAggId, firstTime, later.lastTime);
    }

    public static KlineAggregate combine(KlineAggregate earlier, KlineAggregate later) {
        return earlier == null ? later : earlier.then(later);
    }
}
