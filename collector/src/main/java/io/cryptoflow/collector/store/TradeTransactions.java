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

    /** One UTC day in ms: a trade's partition is the day of its time. */
    long DAY_MS = 86_400_000L;

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
        // by day number first, one partition per day: a partition per trade (a name checked against its
        // pattern, a LocalDate) was a measurable share of an archive import's CPU
        Map<Long, List<TradeRow>> byDay = new LinkedHashMap<>();
        for (TradeRow t : batch.trades()) {
            byDay.computeIfAbsent(Math.floorDiv(t.time(), DAY_MS), d -> new ArrayList<>()).add(t);
        }
        int changed = 0;
        for (Map.Entry<Long, List<TradeRow>> e : byDay.entrySet()) {
            TradePartition p = TradePartition.of(batch.market(), e.getKey() * DAY_MS);
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
     * A gap reaching past {@code [from, to]} (an outage across midnight, filled one archive day at a
     * time) keeps only its parts outside the range unfilled, so that it is filled once every day it
     * spans was imported.
     */
    @Transaction
    default WriteTransactions.Commit writeTradeGap(io.cryptoflow.common.MarketSymbol market, long from, long to,
                                                   boolean filled, long now, LongSupplier busy) {
        incrementRevision(now, busy.getAsLong());
        long rev = revision();
        int changed = filled
                ? fillGaps(market.exchange(), market.symbol(), from, to, rev) + fillStraddling(market, from, to, rev)
                : upsertGap(market.exchange(), market.symbol(), from, to, rev);
        return commitIfChanged(rev, changed, busy);
    }

    /**
     * Cuts {@code [from, to]} (both inclusive, as an archive day's) out of the unfilled gaps that reach
     * past it. A gap's key is its start, which never changes (the replica updates rows by key): the row
     * keeps the part before {@code from} (or, when nothing lies before, is marked filled), and the part
     * after {@code to} becomes a new unfilled row starting at {@code to + 1}.
     */
    default int fillStraddling(io.cryptoflow.common.MarketSymbol market, long from, long to, long rev) {
        int changed = 0;
        for (TradeDao.GapRow g : gapsStraddling(market.exchange(), market.symbol(), from, to)) {
            boolean before = g.fromTime() < from;
            changed += reshapeGap(market.exchange(), market.symbol(), g.fromTime(), before ? from - 1 : g.toTime(), !before, rev);
            if (g.toTime() > to) {
                changed += upsertGap(market.exchange(), market.symbol(), to + 1, g.toTime(), rev);
            }
        }
        return changed;
    }

    /**
     * Records the range of {@code market}'s trades before {@code firstTime} that is neither stored nor
     * fetched as missing: from the newest trade stored before {@code firstTime}, but not before
     * {@code storedWholeUntil} (an archive import stored every trade before it: the time between its
     * last trade and that bound held none). With nothing stored the range starts at 00:00 UTC of
     * {@code firstTime}'s day: the window served begins there (a day's partition). Nothing between:
     * no revision.
     *
     * @param storedWholeUntil {@code Long.MIN_VALUE} when no import vouches for whole days
     */
    @Transaction
    default WriteTransactions.Commit writeGapSinceStored(io.cryptoflow.common.MarketSymbol market, long firstTime,
                                                         long storedWholeUntil, long now, LongSupplier busy) {
        Long newest = null;
        List<String> live = livePartitionsBefore(market.exchange(), firstTime);
        for (int i = live.size() - 1; i >= 0 && newest == null; i--) {
            TradePartition p = TradePartition.parse(live.get(i)).orElseThrow();
            if (p.holdsTrades()) {
                newest = newestTimeBefore(p.table(), market.symbol(), firstTime);
            }
        }
        long day = 86_400_000L;
        long from = Math.max(newest != null ? newest : Math.floorDiv(firstTime, day) * day, storedWholeUntil);
        if (from >= firstTime) {
            getHandle().rollback();
            return WriteTransactions.Commit.NOTHING;
        }
        return writeTradeGap(market, from, firstTime, false, now, busy);
    }

    /**
     * Drops {@code exchange}'s partitions of the given kinds (each kind has its own retention: raw
     * trades and liquidation events share the section's {@code tradeRetentionDays}, each depth tier its
     * own) of days before {@code keepFrom} (ms, 00:00 UTC of the first kept day), under one revision.
     */
    @Transaction
    default Expiry expirePartitions(String exchange, java.util.Set<io.cryptoflow.common.PartitionKind> kinds,
                                    long keepFrom, long now, LongSupplier busy) {
        List<TradePartition> expired = new ArrayList<>();
        for (String name : livePartitionsBefore(exchange, keepFrom)) {
            TradePartition p = TradePartition.parse(name)
                    .orElseThrow(() -> new IllegalStateException("cf_partitions names a non-partition table " + name));
            if (kinds.contains(p.kind())) {
                expired.add(p);
            }
        }
        if (expired.isEmpty()) {
            getHandle().rollback();
            return new Expiry(0, List.of());
        }
        incrementRevision(now, busy.getAsLong());
        long rev = revision();
        for (TradePartition p : expired) {
            dropPartition(p.table());
            markDropped(p.table(), rev);
        }
        recordBusyEvents(busy.getAsLong());
        return new Expiry(rev, expired.stream().map(TradePartition::table).toList());
    }
}
