package io.cryptoflow.collector.store;

import io.cryptoflow.common.PartitionKind;
import io.cryptoflow.common.TradePartition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.jdbi.v3.sqlobject.transaction.Transaction;

/**
 * The writer's liquidation transaction: events into their day's partition (created on first use,
 * catalogued, expired and replicated like raw trades) and the stream's connected range, one revision.
 */
interface LiquidationTransactions extends PartitionTransactions, LiquidationDao, StateDao {

    @Transaction
    default WriteTransactions.Commit writeLiquidations(LiquidationBatch batch, long now, LongSupplier busy) {
        incrementRevision(now, busy.getAsLong());
        long rev = revision();
        Map<TradePartition, List<LiquidationRow>> byDay = new LinkedHashMap<>();
        for (LiquidationRow r : batch.events()) {
            byDay.computeIfAbsent(TradePartition.of(PartitionKind.LIQUIDATIONS, batch.market(), r.time()),
                    d -> new ArrayList<>()).add(r);
        }
        int changed = 0;
        for (Map.Entry<TradePartition, List<LiquidationRow>> e : byDay.entrySet()) {
            TradePartition p = e.getKey();
            if (openPartition(p) == Opened.DROPPED) {
                continue;
            }
            changed += insertLiquidations(p.table(), e.getValue(), rev);
            touchPartition(p.table(), p.exchange(), p.dayStart(), rev);
        }
        LiquidationBatch.Coverage c = batch.coverage();
        if (c != null) {
            changed += upsertCoverage(batch.market().exchange(), batch.market().symbol(), c.from(), c.to(), rev);
        }
        return commitIfChanged(rev, changed, busy);
    }
}
