package io.cryptoflow.common;

import java.util.List;
import java.util.function.Function;

/**
 * The kinds of data kept for a retention window in per-exchange, per-day partition tables
 * ({@link TradePartition}): the table-name prefix and the DDL of one partition. Every kind shares the
 * {@code cf_partitions} catalog, the writer's expiry (drop whole, one revision) and the replicator's
 * partition replay ({@code seq} is the rowid, commit order), so a kind is one constant here.
 */
public enum PartitionKind {
    TRADES("trades", TradeSchema::partitionDdl, TradeSchema::writerIndexDdl, p -> List.of(TradeSchema.idIndex(p))),
    LIQUIDATIONS("liquidations", LiquidationSchema::partitionDdl),
    /** Order-book heatmap snapshots every second (fine tier, short retention). */
    DEPTH("depth", DepthSchema::partitionDdl),
    /** Order-book heatmap per minute (coarse tier, long retention). */
    DEPTH_MINUTE("depthm", DepthSchema::partitionDdl);

    private final String prefix;
    private final Function<TradePartition, List<String>> ddl;
    private final Function<TradePartition, List<String>> writerIndexDdl;
    private final Function<TradePartition, List<String>> writerIndexNames;

    PartitionKind(String prefix, Function<TradePartition, List<String>> ddl) {
        this(prefix, ddl, p -> List.of(), p -> List.of());
    }

    PartitionKind(String prefix, Function<TradePartition, List<String>> ddl,
                  Function<TradePartition, List<String>> writerIndexDdl,
                  Function<TradePartition, List<String>> writerIndexNames) {
        this.prefix = prefix;
        this.ddl = ddl;
        this.writerIndexDdl = writerIndexDdl;
        this.writerIndexNames = writerIndexNames;
    }

    /** The table-name prefix: {@code <prefix>_<exchange>_<yyyymmdd>}. */
    public String prefix() {
        return prefix;
    }

    /** The statements creating {@code p} (a partition of this kind) on both sides: table and read indexes. */
    public List<String> ddl(TradePartition p) {
        return ddl.apply(p);
    }

    /**
     * Indexes only the collector's copy of {@code p} has (its deduplication); the replicator creates
     * partitions without them and drops them from a snapshot's copy.
     */
    public List<String> writerIndexDdl(TradePartition p) {
        return writerIndexDdl.apply(p);
    }

    /** The names of {@link #writerIndexDdl}'s indexes. */
    public List<String> writerIndexNames(TradePartition p) {
        return writerIndexNames.apply(p);
    }

    /** The kind whose table-name prefix is {@code prefix}, empty for anything else. */
    public static java.util.Optional<PartitionKind> ofPrefix(String prefix) {
        for (PartitionKind k : values()) {
            if (k.prefix.equals(prefix)) {
                return java.util.Optional.of(k);
            }
        }
        return java.util.Optional.empty();
    }

    /** SQLite GLOB matching every partition table of this kind and its indexes. */
    public String glob() {
        return prefix + "_*_[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]*";
    }
}
