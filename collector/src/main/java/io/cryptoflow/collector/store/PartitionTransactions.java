package io.cryptoflow.collector.store;

import io.cryptoflow.common.TradePartition;

/**
 * What every partitioned kind (raw trades, liquidation events) does before writing rows into a
 * partition: create it from its kind's DDL on first use, and never write into a dropped one (an
 * expired day never comes back).
 */
interface PartitionTransactions extends TradeDao, StateDao {

    /** A partition's state for the transaction about to write into it. */
    enum Opened { CREATED, EXISTING, DROPPED }

    /** Creates {@code p} when it never existed; DROPPED when its day has expired (write nothing). */
    default Opened openPartition(TradePartition p) {
        Integer dropped = partitionDropped(p.table());
        if (dropped != null) {
            return dropped == 1 ? Opened.DROPPED : Opened.EXISTING;
        }
        for (String ddl : p.writerDdl()) {
            getHandle().execute(ddl);
        }
        return Opened.CREATED;
    }

    /** Nothing changed: rolled back, no revision; else the busy counter saved with the revision. */
    default WriteTransactions.Commit commitIfChanged(long rev, int changed, java.util.function.LongSupplier busy) {
        if (changed == 0) {
            getHandle().rollback();
            return WriteTransactions.Commit.NOTHING;
        }
        recordBusyEvents(busy.getAsLong());
        return new WriteTransactions.Commit(rev, changed);
    }
}
