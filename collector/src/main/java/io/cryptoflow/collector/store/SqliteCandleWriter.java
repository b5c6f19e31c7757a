package io.cryptoflow.collector.store;

import com.codahale.metrics.MetricRegistry;
import io.cryptoflow.common.FundingEvent;
import io.cryptoflow.common.MarketSymbol;
import io.cryptoflow.common.OpenInterestSample;
import io.cryptoflow.common.PartitionKind;
import io.cryptoflow.common.SqliteErrors;
import io.cryptoflow.common.ThreadPools;
import io.cryptoflow.common.Timeframe;
import io.dropwizard.lifecycle.Managed;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only writer of collector.db: a {@link SingleWriterExecutor} whose thread owns the only write
 * connection and runs each submission as one of the {@link WriteTransactions}. Every replicated
 * change bumps {@code cf_state.rev} and stamps its rows with the new revision; a batch that changes
 * nothing is rolled back and costs no revision.
 *
 * <p>Deletions ({@link #submitPurge}) go through the same queue: one transaction with its own
 * revision that writes a {@code cf_tombstones} row per deleted row. Tombstones older than the
 * retention are pruned between batches, and {@code cf_state.tombstones_pruned_rev} records the
 * highest pruned revision so a replica behind it knows it cannot follow the chain.
 *
 * <p>A batch the storage refuses is held and retried until it commits ({@link StorageOutageHold}),
 * so producers wait instead of losing data; {@link #outage()} reports it.
 */
public final class SqliteCandleWriter implements CandleSink, TradeSink, LiquidationSink, DepthSink, Managed {

    private static final Logger LOG = LoggerFactory.getLogger(SqliteCandleWriter.class);
    private static final long CHECKPOINT_EVERY_MS = 10_000;

    private final Path dbFile;
    private final LongSupplier clock;
    private final TombstoneRetention retention;
    private final WriterMetrics metrics;
    private final SingleWriterExecutor executor;
    private final AtomicLong prunedRev = new AtomicLong();
    private final AtomicLong lastRev = new AtomicLong();
    private final AtomicLong lastCommitAt = new AtomicLong();

    private Handle handle;
    private WriteTransactions db;
    private long lastCheckpoint;
    private long lastPrune;

    public SqliteCandleWriter(Path dbFile, int queueCapacity, MetricRegistry metrics) {
        this(dbFile, queueCapacity, metrics, System::currentTimeMillis);
    }

    public SqliteCandleWriter(Path dbFile, int queueCapacity, MetricRegistry metrics, LongSupplier clock) {
        this(dbFile, queueCapacity, metrics, clock, TombstoneRetention.DEFAULT);
    }

    public SqliteCandleWriter(Path dbFile, int queueCapacity, MetricRegistry metrics, LongSupplier clock,
                              TombstoneRetention retention) {
        this(dbFile, queueCapacity, metrics, clock, retention, ThreadPools.standalone());
    }

    /** @param pools gives the writer its one thread (the lifecycle's pool in the application) */
    public SqliteCandleWriter(Path dbFile, int queueCapacity, MetricRegistry metrics, LongSupplier clock,
                              TombstoneRetention retention, ThreadPools pools) {
        this.dbFile = dbFile;
        this.retention = retention;
        this.clock = clock;
        this.metrics = new WriterMetrics(metrics);
        this.executor = new SingleWriterExecutor("collector-db-writer", pools, queueCapacity, this.metrics, dbFile, clock);
        WriterMetrics.registerGauges(metrics, prunedRev::get, executor::queued, lastRev::get,
                executor.hold()::outageMillis);
    }

    @Override
    public synchronized void start() throws Exception {
        if (executor.started()) {
            return;
        }
        handle = WriterConnection.open(dbFile, metrics.busyEvents);
        db = handle.attach(WriteTransactions.class);
        WriteTransactions.WriterState state = db.state();
        lastRev.set(state.rev());
        lastCommitAt.set(state.committedAt());
        metrics.busyEvents.inc(Math.max(0, state.busyEvents() - metrics.busyEvents.getCount()));
        prunedRev.set(state.tombstonesPrunedRev());
        lastCheckpoint = clock.getAsLong();
        // Due at the first idle moment, so a collector restarted more often than the interval still prunes.
        lastPrune = Long.MIN_VALUE / 2;
        executor.start(new Housekeeping());
        LOG.info("writer started on {} at rev {}", dbFile.toAbsolutePath(), lastRev.get());
    }

    /** Stops accepting, drains every queued batch, checkpoints passively and closes. */
    @Override
    public void stop() throws Exception {
        if (!executor.started()) {
            return;
        }
        executor.stop();
        LOG.info("writer stopped at rev {}", lastRev.get());
    }

    @Override
    public CompletableFuture<Void> submit(CandleBatch batch) {
        return executor.enqueue(job(() -> writeCandles(batch, false), describe(batch)));
    }

    /**
     * Inserts the candles whose (symbol, time) is not stored yet and keeps every stored row;
     * completes with the number of rows inserted. For importing another database.
     */
    public CompletableFuture<Integer> submitInsertOnly(CandleBatch batch) {
        SingleWriterExecutor.Job job = job(() -> writeCandles(batch, true), describe(batch) + " insert-only");
        return executor.enqueue(job).thenApply(v -> job.changed);
    }

    @Override
    public CompletableFuture<Void> submitSessions(List<DailySession> sessions) {
        List<DailySession> copy = List.copyOf(sessions);
        return executor.enqueue(job(() -> committed(db.writeSessions(copy, clock.getAsLong(), metrics.busyEvents::getCount),
                copy.size()), copy.size() + " sessions"));
    }

    /** Raw trades of one market: one transaction, one revision; duplicates and expired days skipped. */
    @Override
    public CompletableFuture<Void> submitTrades(TradeBatch batch) {
        return executor.enqueue(job(() -> committed(db.writeTrades(batch, clock.getAsLong(), metrics.busyEvents::getCount),
                batch.trades().size()), batch.market() + " " + batch.trades().size() + " trades"));
    }

    /** Liquidation events and the stream's connected range of one market: one transaction, one revision. */
    @Override
    public CompletableFuture<Void> submitLiquidations(LiquidationBatch batch) {
        return executor.enqueue(job(() -> committed(db.writeLiquidations(batch, clock.getAsLong(), metrics.busyEvents::getCount),
                batch.events().size()), batch.market() + " " + batch.events().size() + " liquidations"));
    }

    /** Records a range of {@code market}'s trades known missing, or ({@code filled}) marks those within it filled. */
    @Override
    public CompletableFuture<Void> submitTradeGap(MarketSymbol market, long from, long to, boolean filled) {
        return executor.enqueue(job(() -> committed(db.writeTradeGap(market, from, to, filled, clock.getAsLong(),
                metrics.busyEvents::getCount), 1), "trade gap " + market + " " + from + ".." + to + (filled ? " filled" : "")));
    }

    @Override
    public CompletableFuture<Void> submitGapSinceStored(MarketSymbol market, long firstTime, long storedWholeUntil) {
        return executor.enqueue(job(() -> committed(db.writeGapSinceStored(market, firstTime, storedWholeUntil,
                clock.getAsLong(), metrics.busyEvents::getCount), 1), "trade gap since the stored trades of " + market));
    }

    /**
     * Drops {@code exchange}'s raw-trade and liquidation partitions of days before {@code keepFrom}
     * (00:00 UTC, ms) whole, under one revision; completes with the dropped table names.
     */
    @Override
    public CompletableFuture<List<String>> submitTradeExpiry(String exchange, long keepFrom) {
        return expire(exchange, EnumSet.of(PartitionKind.TRADES, PartitionKind.LIQUIDATIONS), keepFrom);
    }

    /** Heatmap rows and depth coverage of one exchange: one transaction, one revision. */
    @Override
    public CompletableFuture<Void> submitDepth(DepthBatch batch) {
        return executor.enqueue(job(() -> committed(db.writeDepth(batch, clock.getAsLong(), metrics.busyEvents::getCount),
                batch.rows().size()), batch.exchange() + " " + batch.rows().size() + " depth rows"));
    }

    /** Drops {@code exchange}'s partitions of one {@code kind} of days before {@code keepFrom} whole, one revision. */
    @Override
    public CompletableFuture<List<String>> submitPartitionExpiry(String exchange, PartitionKind kind, long keepFrom) {
        return expire(exchange, EnumSet.of(kind), keepFrom);
    }

    private CompletableFuture<List<String>> expire(String exchange, Set<PartitionKind> kinds, long keepFrom) {
        AtomicReference<List<String>> dropped = new AtomicReference<>(List.of());
        SingleWriterExecutor.Job job = job(() -> {
            TradeTransactions.Expiry e = db.expirePartitions(exchange, kinds, keepFrom, clock.getAsLong(),
                    metrics.busyEvents::getCount);
            if (e.rev() > 0) {
                committed(new WriteTransactions.Commit(e.rev(), e.dropped().size()), e.dropped().size());
                LOG.info("retention dropped {} at rev {}", e.dropped(), e.rev());
            }
            dropped.set(e.dropped());
            return e.dropped().size();
        }, kinds + " expiry " + exchange + " before " + keepFrom);
        return executor.enqueue(job).thenApply(v -> dropped.get());
    }

    /** Upserts open interest samples of one market in one transaction (one revision when anything changed). */
    public CompletableFuture<Void> submitOpenInterest(MarketSymbol market, List<OpenInterestSample> samples) {
        List<OpenInterestSample> copy = List.copyOf(samples);
        return executor.enqueue(job(() -> committed(db.writeOpenInterest(market.stored(), copy, clock.getAsLong(),
                metrics.busyEvents::getCount), copy.size()), copy.size() + " open interest " + market));
    }

    /** Upserts funding events of one market in one transaction. */
    public CompletableFuture<Void> submitFunding(MarketSymbol market, List<FundingEvent> events) {
        List<FundingEvent> copy = List.copyOf(events);
        return executor.enqueue(job(() -> committed(db.writeFunding(market.stored(), copy, clock.getAsLong(),
                metrics.busyEvents::getCount), copy.size()), copy.size() + " funding " + market));
    }

    /** Records the configured markets with their timeframes and kinds in {@code configured_markets}; see WriteTransactions. */
    public CompletableFuture<Void> submitConfiguredMarkets(List<ConfiguredMarket> markets) {
        List<ConfiguredMarket> rows = List.copyOf(markets);
        return executor.enqueue(job(() -> committed(db.writeConfiguredMarkets(rows, clock.getAsLong(),
                metrics.busyEvents::getCount), rows.size()), rows.size() + " configured markets"));
    }

    /** Records (or with {@code market == null} clears) collector-only no-data ranges; no revision bump. */
    public CompletableFuture<Void> submitNoData(MarketSymbol market, Timeframe tf, long from, long to) {
        return executor.enqueue(job(() -> {
            db.writeNoData(market == null ? null : market.stored(), tf == null ? 0 : tf.minutes(), from, to);
            return 1;
        }, "no-data range " + market + " " + (market == null ? "" : from + ".." + to)));
    }

    /**
     * Deletes a symbol's candles (and sessions) in one transaction with its own revision, writing one
     * tombstone per deleted row, and forgets the symbol's no-data ranges of those timeframes.
     * Nothing stored for it: rolled back, no revision, result with zero counts.
     */
    public CompletableFuture<PurgeResult> submitPurge(PurgeRequest request) {
        AtomicReference<PurgeResult> result = new AtomicReference<>();
        SingleWriterExecutor.Job job = job(() -> {
            PurgeResult r = db.purge(request, clock.getAsLong(), metrics.busyEvents::getCount);
            if (r.rev() > 0) {
                committed(new WriteTransactions.Commit(r.rev(), r.deletedRows()), r.deletedRows());
                metrics.tombstonesWritten.mark(r.deletedRows());
                LOG.info("purged {} at rev {}: {} candles {}, {} sessions, {} no-data ranges forgotten", request.market(),
                        r.rev(), r.candleRows(), r.candles(), r.sessions(), r.noDataRanges());
            }
            result.set(r);
            return r.deletedRows();
        }, "purge " + request);
        return executor.enqueue(job).thenApply(v -> result.get());
    }

    /** Prunes tombstones older than the retention now instead of at the next periodic prune; completes with the count. */
    public CompletableFuture<Integer> submitTombstonePrune() {
        SingleWriterExecutor.Job job = job(() -> pruneTombstones(clock.getAsLong() - retention.retention().toMillis()),
                "tombstone prune");
        return executor.enqueue(job).thenApply(v -> job.changed);
    }

    /** The highest revision whose tombstones were pruned (0 = never). */
    public long tombstonesPrunedRevision() {
        return prunedRev.get();
    }

    public boolean isRunning() {
        return executor.isRunning();
    }

    public long lastRevision() {
        return lastRev.get();
    }

    public long lastCommitAt() {
        return lastCommitAt.get();
    }

    public int queued() {
        return executor.queued();
    }

    public long busyEvents() {
        return metrics.busyEvents.getCount();
    }

    /** Present while collector.db refuses writes and a batch waits to be retried. */
    public Optional<WriteOutage> outage() {
        return executor.hold().outage();
    }

    private int writeCandles(CandleBatch batch, boolean insertOnly) {
        WriteTransactions.Commit c = db.writeCandles(batch, insertOnly, clock.getAsLong(), metrics.busyEvents::getCount);
        return committed(c, batch.candles().size());
    }

    /** Metrics and the writer's position after a transaction of {@code total} rows. */
    private int committed(WriteTransactions.Commit commit, int total) {
        metrics.rowsUnchanged.mark(total - commit.changed());
        if (commit.changed() > 0) {
            metrics.rowsChanged.mark(commit.changed());
            lastRev.set(commit.rev());
            lastCommitAt.set(clock.getAsLong());
        }
        return commit.changed();
    }

    /**
     * Deletes the tombstones up to the newest revision whose deletion committed before {@code cutoff}
     * (a prefix of revisions, so everything above tombstones_pruned_rev is still there) and records it.
     */
    private int pruneTombstones(long cutoff) {
        Long upTo = db.newestRevisionDeletedBefore(cutoff);
        if (upTo == null) {
            return 0;
        }
        int pruned = db.pruneTombstonesUpTo(upTo);
        prunedRev.accumulateAndGet(upTo, Math::max);
        metrics.tombstonesPruned.mark(pruned);
        LOG.info("pruned {} tombstones up to rev {} (deleted before {} ms, retention {})", pruned, upTo, cutoff,
                retention.retention());
        return pruned;
    }

    private static SingleWriterExecutor.Job job(SingleWriterExecutor.Work work, String description) {
        return new SingleWriterExecutor.Job(work, description);
    }

    private static String describe(CandleBatch batch) {
        return batch.market() + " " + batch.timeframe().label() + " " + batch.mode()
                + " (" + batch.candles().size() + " candles)";
    }

    /** Checkpoints and tombstone pruning between jobs, on the writer thread. */
    private final class Housekeeping implements SingleWriterExecutor.Housekeeping {

        @Override
        public void written(int changed) {
            if (changed > 0) {
                checkpointIfDue();
            }
        }

        @Override
        public void idle() {
            checkpointIfDue();
        }

        @Override
        public void periodic() {
            long now = clock.getAsLong();
            if (now - lastPrune < retention.pruneInterval().toMillis()) {
                return;
            }
            lastPrune = now;
            try {
                pruneTombstones(now - retention.retention().toMillis());
            } catch (RuntimeException e) {
                rollback();
                SQLException sql = SingleWriterExecutor.sqlCause(e);
                if (sql != null && SqliteErrors.isBusyOrLocked(sql)) {
                    metrics.busyEvents.inc();
                }
                LOG.warn("tombstone prune failed, retried at the next interval: {}", e.getMessage());
            }
        }

        @Override
        public void rollback() {
            handle.rollback();
        }

        @Override
        public void shutdown() {
            checkpoint();
            try {
                handle.getConnection().close();
            } catch (SQLException e) {
                LOG.warn("closing collector.db failed", e);
            }
        }

        private void checkpointIfDue() {
            if (clock.getAsLong() - lastCheckpoint >= CHECKPOINT_EVERY_MS) {
                checkpoint();
            }
        }

        /** PASSIVE only: Litestream owns TRUNCATE/RESTART checkpoints of collector.db. */
        private void checkpoint() {
            lastCheckpoint = clock.getAsLong();
            try {
                if (db.passiveCheckpoint() != 0) {
                    metrics.busyEvents.inc();
                }
            } catch (RuntimeException e) {
                SQLException sql = SingleWriterExecutor.sqlCause(e);
                if (sql != null && SqliteErrors.isBusyOrLocked(sql)) {
                    metrics.busyEvents.inc();
                }
                LOG.warn("passive checkpoint failed: {}", e.getMessage());
            }
        }
    }
}
