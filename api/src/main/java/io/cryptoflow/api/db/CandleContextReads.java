package io.cryptoflow.api.db;

import io.cryptoflow.api.api.CandleContext;
import io.cryptoflow.api.core.ContextReads;
import io.cryptoflow.common.MarketSymbol;
import io.cryptoflow.common.PartitionKind;
import io.cryptoflow.common.Timeframe;
import io.cryptoflow.common.TradePartition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@link ContextReads} on the candle page's handle (same read transaction), through
 * {@link CandleContextDao}: nothing is attached per page.
 */
final class CandleContextReads implements ContextReads {

    private final CandleContextDao page;

    CandleContextReads(CandleContextDao page) {
        this.page = page;
    }

    @Override
    public Sources sources(MarketSymbol market) {
        return page.sources(market.exchange(), market.symbol(), market.stored());
    }

    @Override
    public List<Connected> connected(MarketSymbol market, long from, long to) {
        return page.connected(market.exchange(), market.symbol(), from, to);
    }

    @Override
    public List<String> liquidationPartitions(MarketSymbol market, long from, long toExclusive) {
        return page.partitionsOverlapping(market.exchange(), from, toExclusive - 1).stream()
                .map(TradePartition::table).toList();
    }

    /** One statement however many partitions. */
    @Override
    public Map<String, Long> maxSeqs(List<String> partitions) {
        if (partitions.isEmpty()) {
            return Map.of();
        }
        List<String> selects = new ArrayList<>();
        for (String p : partitions) {
            selects.add(CandleContextDao.MAX_SEQ.formatted(closed(p)));
        }
        return page.maxSeqs(String.join(" UNION ALL ", selects));
    }

    @Override
    public List<LiquidationSum> liquidationSums(String partition, MarketSymbol market, Timeframe tf, long afterSeq,
                                                long upToSeq) {
        String table = closed(partition);
        return afterSeq == 0
                ? page.sumsAll(table, market.symbol(), afterSeq, upToSeq, tf.millis())
                : page.sumsAdded(table, market.symbol(), afterSeq, upToSeq, tf.millis());
    }

    private static String closed(String name) {
        return TradePartition.parse(name).filter(p -> p.kind() == PartitionKind.LIQUIDATIONS)
                .orElseThrow(() -> new IllegalArgumentException("not a liquidation partition: " + name)).table();
    }

    @Override
    public List<AtCandle> atCandles(Timeframe tf, MarketSymbol market, long from, long toExclusive, int limit,
                                    long oiMaxAge, long fundingMaxAge) {
        return page.atCandles(tf.table(), market.stored(), from, toExclusive, limit, tf.millis(), oiMaxAge,
                fundingMaxAge);
    }

    @Override
    public List<CandleContext.FundingEvent> fundingEvents(MarketSymbol market, long from, long toExclusive) {
        return page.fundingEvents(market.stored(), from, toExclusive);
    }
}
