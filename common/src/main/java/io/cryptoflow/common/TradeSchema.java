package io.cryptoflow.common;

import java.util.List;

/**
 * Raw trades: per-day, per-exchange partition tables ({@link TradePartition}) and their catalog
 * {@value #CATALOG_TABLE}. A partition is insert-only: {@code seq} is its rowid, assigned in commit
 * order, so a replica copies a partition incrementally by {@code seq > max(seq)} of its own copy and
 * needs no index on {@code rev}. Expiry drops a whole partition and marks its catalog row
 * {@code dropped = 1} with the dropping revision, in the same transaction: the replicator replays
 * that as a DROP TABLE, never as per-row tombstones. The catalog row's {@code rev} is the newest
 * revision that created, wrote or dropped the partition, so the replicator visits only partitions
 * changed since its position.
 */
public final class TradeSchema {

    public static final String CATALOG_TABLE = "cf_partitions";
    /** The catalog's primary key (the partition's table name). */
    public static final String CATALOG_KEY = "name";
    /** Columns of {@value #CATALOG_TABLE}, in DDL order; {@code day} is the day's 00:00 UTC in ms. */
    public static final List<String> CATALOG_COLUMNS = List.of("name", "exchange", "day", "dropped", "rev");
    /** Columns of every partition table, in DDL order. {@code buyer_maker} 1 = the taker sold. */
    public static final List<String> TRADE_COLUMNS = List.of("seq", "symbol", "id", "time", "price", "qty",
            "buyer_maker", "rev");
    /** The de-duplicating key of a partition: the exchange's trade id per symbol. */
    public static final String TRADE_KEY = "symbol, id";
    /** SQLite GLOB matching every partition table and its indexes (and nothing the candle schema has). */
    public static final String PARTITION_GLOB = "trades_*_[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]*";

    /**
     * Time ranges of a market's trades the collector knows it does not hold (the exchange's REST did
     * not serve them after a disconnect); {@code filled} = 1 once an archive import filled them.
     * Rows are upserted with the writer's revision and never deleted, so they replicate like sessions.
     */
    public static final String GAP_TABLE = "trade_gaps";
    public static final String GAP_KEY = "exchange, symbol, from_time";
    public static final List<String> GAP_COLUMNS = List.of("exchange", "symbol", "from_time", "to_time", "filled", "rev");
    public static final String GAP_DDL = """
            CREATE TABLE IF NOT EXISTS trade_gaps (
              exchange TEXT NOT NULL,
              symbol TEXT NOT NULL,
              from_time INTEGER NOT NULL,
              to_time INTEGER NOT NULL,
              filled INTEGER NOT NULL DEFAULT 0,
              rev INTEGER NOT NULL,
              PRIMARY KEY (exchange, symbol, from_time)
            )""";
    public static final String GAP_REV_INDEX = "CREATE INDEX IF NOT EXISTS trade_gaps_rev ON trade_gaps(rev)";

    public static final String CATALOG_DDL = """
            CREATE TABLE IF NOT EXISTS cf_partitions (
              name TEXT PRIMARY KEY,
              exchange TEXT NOT NULL,
              day INTEGER NOT NULL,
              dropped INTEGER NOT NULL DEFAULT 0,
              rev INTEGER NOT NULL
            )""";
    public static final String CATALOG_REV_INDEX = "CREATE INDEX IF NOT EXISTS cf_partitions_rev ON cf_partitions(rev)";

    private TradeSchema() {
    }

    /**
     * The statements creating one partition on both sides. {@code symbol} is the bare exchange symbol
     * ({@code BTCUSDT}; the exchange is in the table name), {@code id} the collector's trade id
     * (Binance aggTrade id; a stable 63-bit hash of Bybit's and Bitget's id strings), {@code price}
     * and {@code qty} as the exchange printed them (doubles), {@code time} epoch ms. The index that
     * deduplicates by trade id is the writer's alone ({@link #writerIndexDdl}).
     */
    public static List<String> partitionDdl(TradePartition p) {
        String t = p.table();
        return List.of("""
                CREATE TABLE IF NOT EXISTS %s (
                  seq INTEGER PRIMARY KEY,
                  symbol TEXT NOT NULL,
                  id INTEGER NOT NULL,
                  time INTEGER NOT NULL,
                  price REAL NOT NULL,
                  qty REAL NOT NULL,
                  buyer_maker INTEGER NOT NULL,
                  rev INTEGER NOT NULL
                )""".formatted(t),
                // the read order and the cursor: (time, id) per symbol, straight from the index, no sort
                "CREATE INDEX IF NOT EXISTS %s_time ON %s(symbol, time, id)".formatted(t, t));
    }

    /**
     * The collector's deduplication by trade id (a REST/live overlap, an archive re-import): only the
     * writer needs it, so api.db's partitions do without it. Bybit's ids are hashed UUIDs, so each
     * insert lands on a random leaf of this index: in api.db it made a 5,001-trade apply cost 55-75 ms
     * of CPU instead of ~11 and wrote most of the replicator's WAL (docs/benchmarks.md "Replication
     * lag: the random-id index"). Partitions made before this was split out hold it as a
     * {@code UNIQUE} constraint on both sides, which works the same for the writer.
     */
    public static List<String> writerIndexDdl(TradePartition p) {
        return List.of("CREATE UNIQUE INDEX IF NOT EXISTS %s ON %s(symbol, id)".formatted(idIndex(p), p.table()));
    }

    /** The name of {@code p}'s writer-only id index (built from the partition's own closed-pattern name). */
    public static String idIndex(TradePartition p) {
        return p.table() + "_id";
    }

    /** The catalog's and the gap table's statements, part of {@link CandleSchema#ddl()} so both databases have it. */
    public static List<String> catalogDdl() {
        return List.of(CATALOG_DDL, CATALOG_REV_INDEX, GAP_DDL, GAP_REV_INDEX);
    }
}
