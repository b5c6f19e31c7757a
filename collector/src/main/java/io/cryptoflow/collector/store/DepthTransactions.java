package io.cryptoflow.collector.store;

import io.cryptoflow.common.TradePartition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.jdbi.v3.sqlobject.transaction.Transaction;

/**
 * The writer's depth transaction: heatmap rows into their day's partition of their tier (created on
 * first use, catalogued, expired and replicated like raw trades) and the books' known-right ranges,
 * one revision.
 */
interface DepthTransactions extends PartitionTransactions, DepthDao, StateDao {

    @Transaction
    default WriteTransactions.Commit writeDepth(DepthBatch batch, long now, LongSupplier busy) {
        incrementRevision(now, busy.getAsLong());
        long rev = revision();
        Map<TradePartition, List<DepthRow>> byDay = new LinkedHashMap<>();
        for (DepthRow r : batch.rows()) {
            byDay.computeIfAbsent(new TradePartition(r.kind(), batch.exchange(), TradePartition.dayOf(r.time())),
                    d -> new ArrayList<>()).add(r);
        }
        int changed = 0;
        for (Map.Entry<TradePartition, List<DepthRow>> e : byDay.entrySet()) {
            TradePartition p = e.getKey();
            if (openPartition(p) == Opened.DROPPED) {
                continue;
            }
            changed += insertDepth(p.table(), e.getValue(), rev);
            touchPartition(p.table(), p.exchange(), p.dayStart(), rev);
        }
        for (DepthBatch.Coverage c : batch.coverage()) {
            changed += upsertDepthCoverage(batch.exchange(), c.symbol(), c.from(), c.to(), rev);
        }
        return commitIfChanged(rev, changed, busy);
    }
}
