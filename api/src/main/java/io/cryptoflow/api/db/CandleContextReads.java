package io.cryptoflow.api.db;

import io.cryptoflow.api.api.CandleContext;
import io.cryptoflow.api.core.ContextReads;
import io.cryptoflow.common.MarketSymbol;
import io.cryptoflow.common.Timeframe;
import io.cryptoflow.common.TradePartition;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link ContextReads} over a {@link CandleContextDao} and the liquidation catalog of
 * {@link LiquidationDao}, both attached to the candle page's handle (same read transaction).
 */
final class CandleContextReads implements ContextReads {

    private final CandleContextDao dao;
    private final LiquidationDao liquidations;

    CandleContextReads(CandleContextDao dao, LiquidationDao liquidations) {
        this.dao = dao;
        this.liquidations = liquidations;
    }

    @Override
    public Sources sources(MarketSymbol market) {
        return dao.sources(market.exchange(), market.symbol(), market.stored());
    }

    @Override
    public List<Connected> connected(MarketSymbol market, long from, long to) {
        return dao.connected(market.exchange(), market.symbol(), from, to);
    }

    /** One statement over the day partitions the span touches; none touched, no statement. */
    @Override
    public List<LiquidationSum> liquidationSums(MarketSymbol market, Timeframe tf, long from, long toExclusive) {
        List<String> selects = new ArrayList<>();
        for (TradePartition p : liquidations.partitionsOverlapping(market.exchange(), from, toExclusive - 1)) {
            selects.add(CandleContextDao.LIQUIDATION_EVENTS.formatted(p.table()));
        }
        if (selects.isEmpty()) {
            return List.of();
        }
        return dao.liquidationSums(String.join(" UNION ALL ", selects), market.symbol(), from, toExclusive, tf.millis());
    }

    @Override
    public List<AtCandle> atCandles(Timeframe tf, MarketSymbol market, long from, long toExclusive, int limit,
                                    long oiMaxAge, long fundingMaxAge) {
        return dao.atCandles(tf.table(), market.stored(), from, toExclusive, limit, tf.millis(), oiMaxAge,
                fundingMaxAge);
    }

    @Override
    public List<CandleContext.FundingEvent> fundingEvents(MarketSymbol market, long from, long toExclusive) {
        return dao.fundingEvents(market.stored(), from, toExclusive);
    }
}
