package io.cryptoflow.collector.store;

import io.cryptoflow.common.TradePartition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.jdbi.v3.sqlobject.SqlObject;
import org.jdbi.v3.sqlobject.transaction.Transaction;

/**
 * The writer's raw-trade transactions: a batch is one revision (partitions created on first use,
 * their catalog rows stamped in the same transaction); expiry drops whole partitions and marks them
 * dropped in {@code cf_partitions} under one revision, never deleting a row.
 */
interface TradeTransactions extends PartitionTransactions, StateDao, SqlObject {

    /** What an expiry dropped, in the revision it committed (0 = nothing to drop). */
    record Expiry(long rev, List<String> dropped) {
    }

    /**
     * Inserts the trades not stored yet; trades of a day already expired are skipped (an expired day
     * never comes back). Nothing new: rolled back, no revision ({@code Commit.NOTHING}).
     */
    @Transaction
    default WriteTransactions.Commit writeTrades(TradeBatch batch, long now, LongSupplier busy) {
        incrementRevision(now, busy.getAsLong());
        long rev = revision();
        Map<TradePartition, List<TradeRow>> byDay = new LinkedHashMap<>();
        for (TradeRow t : batch.trades()) {
            byDay.computeIfAbsent(TradePartition.of(batch.market(), t.time()), d -> new ArrayList<>()).add(t);
        }
        int changed = 0;
        for (Map.Entry<TradePartition, List<TradeRow>> e : byDay.entrySet()) {
            TradePartition p = e.getKey();
            Opened opened = openPartition(p);
            if (opened == Opened.DROPPED) {
                continue;
            }
            int inserted = 0;
            for (int c : insertTrades(p.table(), e.getValue(), rev)) {
                inserted += c;
            }
            if (inserted > 0 || opened == Opened.CREATED) {
                touchPartition(p.table(), p.exchange(), p.dayStart(), rev);
            }
            changed += inserted;
        }
        return commitIfChanged(rev, changed, busy);
    }

    /**
     * Records a range of {@code market}'s trades known missing ({@code filled == false}), or marks the
     * recorded ranges within {@code [from, to]} filled; one revision, none when nothing changed.
     */
    @Transaction
    default WriteTransactions.Commit writeTradeGap(io.cryptoflow.common.MarketSymbol market, long from, long to,
                                                   boolean filled, long now, LongSupplier busy) {
        incrementRevision(now, busy.getAsLong());
        long rev = revision();
        int changed = filled
                ? fillGaps(market.exchange(), market.symbol(), from, to, rev)
                : upsertGap(market.exchange(), market.symbol(), from, to, rev);
        return commitIfChanged(rev, changed, busy);
    }

    /**
     * Records the range from {@code market}'s newest stored trade (newest live partition holding
     * one) to {@code firstTime} as missing; nothing stored or nothing between: no revision.
     */
    @Transaction
    default WriteTransactions.Commit writeGapSinceStored(io.cryptoflow.common.MarketSymbol market, long firstTime,
                                                         long now, LongSupplier busy) {
        Long newest = null;
        List<String> live = livePartitionsBefore(market.exchange(), Long.MAX_VALUE);
        for (int i = live.size() - 1; i >= 0 && newest == null; i--) {
            TradePartition p = TradePartition.parse(live.get(i)).orElseThrow();
            if (p.holdsTrades()) {
                newest = newestTime(p.table(), market.symbol());
            }
        }
        if (newest == null || newest >= firstTime) {
            getHandle().rollback();
            return WriteTransactions.Commit.NOTHING;
        }
        return writeTradeGap(market, newest, firstTime, false, now, busy);
    }

    /** Nothing changed: rolled back, no revision; else the busy counter saved with the revision. */
    private WriteTransactions.Commit commitIfChanged(long rev, int changed, LongSupplier busy) {
        if (changed == 0) {
            getHandle().rollback();
            return WriteTransactions.Commit.NOTHING;
        }
        recordBusyEvents(busy.getAsLong());
        return new WriteTransactions.Commit(rev, changed);
    }

    /**
     * Drops {@code exchange}'s partitions of every kind (raw trades, liquidation events: one retention
     * per exchange section) of days before {@code keepFrom} (ms, 00:00 UTC of the first kept day). */
    @Transaction
    default Expiry expireTrades(String exchange, long keepFrom, long now, LongSupplier busy) {
        List<String> expired = livePartitionsBefore(exchange, keepFrom);
        if (expired.isEmpty()) {
            getHandle().rollback();
            return new Expiry(0, List.of());
        }
        incrementRevision(now, busy.getAsLong());
        long rev = revision();
        for (String name : expired) {
            TradePartition p = TradePartition.parse(name)
                    .orElseThrow(() -> new IllegalStateException("cf_partitions names a non-partition table " + name));
            dropPartition(p.table());
            markDropped(p.table(), rev);
        }
        recordBusyEvents(busy.getAsLong());
        return new Expiry(rev, List.copyOf(expired));
    }
}
