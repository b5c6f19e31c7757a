package io.cryptoflow.api.db;

import io.cryptoflow.api.core.CandleReads;
import io.cryptoflow.api.core.ContextReads;
import io.cryptoflow.api.core.PageSummary;
import io.cryptoflow.api.core.ReplicaChanges;
import io.cryptoflow.api.render.RenderCache;
import io.cryptoflow.api.render.RenderedCandle;
import io.cryptoflow.common.ConfiguredMarketSchema;
import io.cryptoflow.common.MarketSymbol;
import io.cryptoflow.common.PartitionKind;
import io.cryptoflow.common.TradePartition;
import io.cryptoflow.common.Timeframe;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.statement.StatementException;

/**
 * {@link CandleReads} over one read's handle ({@link CandleDao}, and {@link CandleContextDao} when
 * the page has context): turns a {@link Timeframe} into its table name and a market into its stored
 * name.
 */
final class CandlePageReads implements CandleReads {

    private final org.jdbi.v3.core.Handle handle;
    private final CandleDao dao;
    private ContextReads context;

    /** @param handle in the read transaction every statement of the page shares */
    CandlePageReads(org.jdbi.v3.core.Handle handle) {
        this.handle = handle;
        this.dao = new CandleDao(handle);
    }

    @Override
    public String replicaStamp() {
        try {
            return dao.replicaStamp().orElse(null);
        } catch (StatementException e) {
            return null; // no cf_replica (between a snapshot and its stamp): the summary path decides
        }
    }

    @Override
    public PageSummary summary(Timeframe tf, MarketSymbol market, long fromInclusive, long toExclusive, int limit) {
        return dao.summaryIn(tf.table(), market.stored(), fromInclusive, toExclusive, limit);
    }

    @Override
    public List<RenderedCandle> rendered(Timeframe tf, MarketSymbol market, long fromInclusive, long toExclusive,
                                         int limit, RenderCache cache) {
        String symbol = market.stored();
        List<RenderedCandle> out = new ArrayList<>(Math.min(limit, 5000));
        // forEach walks Jdbi's iterator straight into a list sized for the page (no stream collector)
        dao.rowsIn(tf.table(), new CachedRenderer(cache, tf, symbol), symbol, fromInclusive, toExclusive, limit)
                .forEach(out::add);
        return out;
    }

    @Override
    public ContextReads context() {
        if (context == null) {
            context = new CandleContextReads(new CandleContextDao(handle));
        }
        return context;
    }

    @Override
    public ReplicaChanges.ChangeSet changesSince(long after) {
        List<ReplicaChanges.SeriesChange> candles = new ArrayList<>();
        for (Timeframe tf : Timeframe.values()) {
            for (CandleDao.Changed c : dao.changedIn(tf.table(), after)) {
                candles.add(new ReplicaChanges.SeriesChange(tf, c.symbol(), c.minTime(), c.maxTime(), c.maxRev()));
            }
        }
        java.util.Set<String> context = new java.util.HashSet<>(dao.contextChanged(after));
        for (CandleDao.Changed c : dao.deleted(after)) {
            if ("open_interest".equals(c.tbl()) || "funding".equals(c.tbl())) {
                context.add(c.symbol());
            }
            for (Timeframe tf : Timeframe.values()) {
                if (tf.table().equals(c.tbl())) {
                    candles.add(new ReplicaChanges.SeriesChange(tf, c.symbol(), c.minTime(), c.maxTime(), c.maxRev()));
                }
            }
        }
        return new ReplicaChanges.ChangeSet(candles, context);
    }

    @Override
    public List<ReplicaChanges.ContextChange> contextChangesSince(long after) {
        List<ReplicaChanges.ContextChange> out = new ArrayList<>();
        if (after >= 0) {
            for (CandleDao.Changed c : dao.changedIn("open_interest", after)) {
                out.add(new ReplicaChanges.ContextChange(ReplicaChanges.ContextKind.OPEN_INTEREST, c.symbol(),
                        c.minTime(), c.maxTime(), false));
            }
            for (CandleDao.Changed c : dao.changedIn("funding", after)) {
                out.add(new ReplicaChanges.ContextChange(ReplicaChanges.ContextKind.FUNDING, c.symbol(),
                        c.minTime(), c.maxTime(), false));
            }
            for (CandleDao.Changed c : dao.deleted(after)) {
                ReplicaChanges.ContextKind kind = "open_interest".equals(c.tbl()) ? ReplicaChanges.ContextKind.OPEN_INTEREST
                        : "funding".equals(c.tbl()) ? ReplicaChanges.ContextKind.FUNDING : null;
                if (kind != null) {
                    out.add(new ReplicaChanges.ContextChange(kind, c.symbol(), c.minTime(), c.maxTime(), true));
                }
            }
        }
        for (CandleDao.Changed c : dao.coverageChanged(after)) {
            out.add(new ReplicaChanges.ContextChange(ReplicaChanges.ContextKind.COVERAGE, c.symbol(),
                    c.minTime(), c.maxTime(), false));
        }
        return out;
    }

    @Override
    public java.util.Map<String, Long> liquidationSeqs() {
        List<String> partitions = new ArrayList<>();
        for (String name : dao.livePartitions()) {
            TradePartition.parse(name).filter(p -> p.kind() == PartitionKind.LIQUIDATIONS)
                    .ifPresent(p -> partitions.add(p.table()));
        }
        return context().maxSeqs(partitions);
    }

    @Override
    public List<ReplicaChanges.ContextChange> liquidationsAfter(String partition, long afterSeq) {
        TradePartition p = TradePartition.parse(partition).filter(t -> t.kind() == PartitionKind.LIQUIDATIONS)
                .orElseThrow(() -> new IllegalArgumentException("not a liquidation partition: " + partition));
        List<ReplicaChanges.ContextChange> out = new ArrayList<>();
        for (CandleDao.Changed c : dao.eventsAfter(p.table(), afterSeq)) {
            out.add(new ReplicaChanges.ContextChange(ReplicaChanges.ContextKind.LIQUIDATIONS,
                    p.exchange() + ":" + c.symbol(), c.minTime(), c.maxTime(), false));
        }
        return out;
    }

    @Override
    public boolean hasAny(Timeframe tf, MarketSymbol market) {
        return dao.hasAnyIn(tf.table(), market.stored());
    }

    @Override
    public java.util.Optional<List<Timeframe>> configuredTimeframes(MarketSymbol market) {
        try {
            return dao.configuredTimeframesOf(market.stored()).map(ConfiguredMarketSchema::parseTimeframes);
        } catch (StatementException e) {
            if (MissingTable.is(e, ConfiguredMarketSchema.TABLE)) {
                return java.util.Optional.empty(); // a replica from before schema 6: nothing known configured
            }
            throw e;
        }
    }
}
