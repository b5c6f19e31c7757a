package io.cryptoflow.collector.aggregation;

import io.cryptoflow.collector.store.CandleBatch;
import io.cryptoflow.collector.store.CandleSink;
import io.cryptoflow.collector.store.DailySession;
import io.cryptoflow.collector.store.WriteMode;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Hand this to the kline workers instead of the writer: every kline page (backfill and sync) is
 * written unchanged and then cross-checked against the trades' volume ({@link KlineCrossCheck}).
 * Nothing is altered.
 */
public final class KlineCrossCheckSink implements CandleSink {

    private final CandleSink writer;
    private final KlineCrossCheck check;

    public KlineCrossCheckSink(CandleSink writer, KlineCrossCheck check) {
        this.writer = writer;
        this.check = check;
    }

    @Override
    public CompletableFuture<Void> submit(CandleBatch batch) {
        CompletableFuture<Void> written = writer.submit(batch);
        if (batch.mode() == WriteMode.KLINE || batch.mode() == WriteMode.KLINE_NO_TAKER) {
            check.check(batch.market(), batch.timeframe(), batch.candles());
        }
        return written;
    }

    @Override
    public CompletableFuture<Void> submitSessions(List<DailySession> sessions) {
        return writer.submitSessions(sessions);
    }
}
