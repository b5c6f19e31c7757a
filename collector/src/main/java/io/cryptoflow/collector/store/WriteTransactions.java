package io.cryptoflow.collector.store;

import io.cryptoflow.common.CandleSchema;
import io.cryptoflow.common.Candle;
import io.cryptoflow.common.FundingEvent;
import io.cryptoflow.common.OpenInterestSample;
import io.cryptoflow.common.Timeframe;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.jdbi.v3.sqlobject.SqlObject;
import org.jdbi.v3.sqlobject.transaction.Transaction;

/**
 * Every transaction the writer commits, composed from the table DAOs. Each replicated change bumps
 * {@code cf_state.rev} first and stamps its rows with the new revision; a transaction that changes
 * nothing rolls back and costs no revision. {@code busy} is the writer's lock counter, saved in
 * {@code cf_state.busy_events} (locks met while the transaction waited included).
 */
interface WriteTransactions extends CandleDao, SessionDao, OpenInterestDao, FundingDao, NoDataDao, TombstoneDao, StateDao,
        ConfiguredMarketDao,
        TradeTransactions, LiquidationTransactions, DepthTransactions, SqlObject {

    /** What a transaction committed: its revision and the rows it changed (both 0 when rolled back). */
    record Commit(long rev, int changed) {
        static final Commit NOTHING = new Commit(0, 0);
    }

    @Transaction
    default Commit writeCandles(CandleBatch batch, boolean insertOnly, long now, LongSupplier busy) {
        long rev = beginRevision(now, busy);
        Timeframe tf = batch.timeframe();
        boolean noTaker = batch.mode() == WriteMode.KLINE_NO_TAKER;
        List<CandleRow> rows = new ArrayList<>(batch.candles().size());
        String symbol = batch.market().stored(); // once: it concatenates
        for (Candle c : batch.candles()) {
            if (!tf.isAligned(c.time())) {
                throw new IllegalArgumentException("candle time " + c.time() + " is not aligned to " + tf.label());
            }
            rows.add(CandleRow.of(symbol, c, noTaker));
        }
        if (rows.isEmpty()) {
            return finish(rev, 0, busy);
        }
        CandleUpsert sql = CandleUpsert.of(tf, batch.mode());
        int[] counts = insertOnly
                ? insertMissing(sql.table(), rows, rev)
                : upsert(sql, rows, rev);
        return finish(rev, sum(counts), busy);
    }

    @Transaction
    default Commit writeSessions(List<DailySession> sessions, long now, LongSupplier busy) {
        long rev = beginRevision(now, busy);
        return finish(rev, sessions.isEmpty() ? 0 : sum(upsert(sessions, rev)), busy);
    }

    @Transaction
    default Commit writeOpenInterest(String symbol, List<OpenInterestSample> samples, long now, LongSupplier busy) {
        long rev = beginRevision(now, busy);
        List<OpenInterestDao.Row> rows = samples.stream()
                .map(o -> new OpenInterestDao.Row(symbol, o.time(), o.oi(), o.value())).toList();
        return finish(rev, rows.isEmpty() ? 0 : sum(upsertOpenInterest(rows, rev)), busy);
    }

    @Transaction
    default Commit writeFunding(String symbol, List<FundingEvent> events, long now, LongSupplier busy) {
        long rev = beginRevision(now, busy);
        List<FundingDao.Row> rows = events.stream()
                .map(f -> new FundingDao.Row(symbol, f.time(), f.rate(), f.markPrice())).toList();
        return finish(rev, rows.isEmpty() ? 0 : sum(upsertFunding(rows, rev)), busy);
    }

    /**
     * Makes {@code configured_markets} name exactly {@code markets} as active (others stay, inactive):
     * one revision when anything changed, none for a restart with the same configuration.
     */
    @Transaction
    default Commit writeConfiguredMarkets(List<ConfiguredMarket> markets, long now, LongSupplier busy) {
        long rev = beginRevision(now, busy);
        int changed = markets.isEmpty() ? 0 : sum(upsertConfigured(markets, now, rev));
        List<String> gone = new ArrayList<>(activeConfigured());
        gone.removeAll(markets.stream().map(ConfiguredMarket::symbol).toList());
        changed += gone.isEmpty() ? 0 : sum(deactivateConfigured(gone, rev));
        return finish(rev, changed, busy);
    }

    /** Records a no-data range, or with {@code symbol == null} forgets them all. No revision. */
    @Transaction
    default void writeNoData(String symbol, int minutes, long from, long to) {
        if (symbol == null) {
            deleteAllNoData();
        } else {
            insertNoData(symbol, minutes, from, to);
        }
    }

    /**
     * Deletes the request's rows with one tombstone each under one new revision, and forgets the
     * symbol's no-data ranges of those timeframes. Nothing to delete: no revision ({@code rev} 0).
     */
    @Transaction
    default PurgeResult purge(PurgeRequest request, long now, LongSupplier busy) {
        String symbol = request.market().stored();
        int noData = 0;
        for (Timeframe tf : request.timeframes()) {
            noData += deleteNoData(symbol, tf.minutes());
        }
        Map<Timeframe, Integer> candles = new EnumMap<>(Timeframe.class);
        int total = 0;
        for (Timeframe tf : request.timeframes()) {
            int n = countCandles(tf.table(), symbol, request.before());
            candles.put(tf, n);
            total += n;
        }
        int sessions = request.sessions() ? countSessions(symbol, request.before()) : 0;
        total += sessions;
        if (total == 0) {
            if (noData == 0) {
                getHandle().rollback();
            }
            return new PurgeResult(0, candles, 0, noData);
        }
        incrementRevision(now, busy.getAsLong());
        long rev = revision();
        for (Timeframe tf : request.timeframes()) {
            if (candles.get(tf) > 0) {
                int tombstones = tombstoneCandles(tf.table(), symbol, request.before(), rev, now);
                int deleted = deleteCandles(tf.table(), symbol, request.before());
                requireEqual(tf.table(), tombstones, deleted, candles.get(tf));
            }
        }
        if (sessions > 0) {
            int tombstones = tombstoneSessions(symbol, request.before(), rev, now);
            int deleted = deleteSessions(symbol, request.before());
            requireEqual(CandleSchema.SESSION_TABLE, tombstones, deleted, sessions);
        }
        recordBusyEvents(busy.getAsLong());
        return new PurgeResult(rev, candles, sessions, noData);
    }

    /** Deletes the tombstones of revisions up to {@code upTo} and records it as pruned; returns the count. */
    @Transaction
    default int pruneTombstonesUpTo(long upTo) {
        int pruned = deleteTombstonesUpTo(upTo);
        recordPrunedRevision(upTo);
        return pruned;
    }

    private long beginRevision(long now, LongSupplier busy) {
        incrementRevision(now, busy.getAsLong());
        return revision();
    }

    private Commit finish(long rev, int changed, LongSupplier busy) {
        if (changed == 0) {
            getHandle().rollback();
            return Commit.NOTHING;
        }
        recordBusyEvents(busy.getAsLong());
        return new Commit(rev, changed);
    }

    private static int sum(int[] counts) {
        int n = 0;
        for (int c : counts) {
            n += c;
        }
        return n;
    }

    private static void requireEqual(String table, int tombstones, int deleted, int counted) {
        if (tombstones != deleted || deleted != counted) {
            throw new IllegalStateException("purge of " + table + " counted " + counted + " rows, wrote " + tombstones
                    + " tombstones, deleted " + deleted + ": rolled back");
        }
    }
}
