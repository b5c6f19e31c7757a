package io.cryptoflow.api.db;

import io.cryptoflow.api.core.PartitionFeedReads;
import io.cryptoflow.common.PartitionKind;
import java.util.function.Function;
import org.jdbi.v3.sqlobject.transaction.Transaction;

/**
 * Liquidation partitions as the {@code /ws} liquidations channel follows them: rows in (time, seq)
 * order (seq orders the events of one millisecond, as in {@code /api/liquidations}' cursor), and the
 * rows added since a position. The SQL is {@link PartitionFeedDao}'s with the liquidation columns.
 */
public interface LiquidationFeedDao extends PartitionFeedDao {

    @Override
    default PartitionKind kind() {
        return PartitionKind.LIQUIDATIONS;
    }

    /** Runs {@code work} in one read transaction: the catalog and every partition read from one WAL snapshot. */
    @Transaction(readOnly = true)
    default <R> R inOneSnapshot(Function<PartitionFeedReads, R> work) {
        return work.apply(this);
    }
}
