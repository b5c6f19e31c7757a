package io.cryptoflow.collector.store;

import io.cryptoflow.common.Candle;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * One candle as the upserts bind it ({@code :symbol}, {@code :time}, ...). A batch without taker
 * volumes binds NULL for them (not known, never 0); the mode's upsert never lets them replace
 * stored values.
 */
public record CandleRow(String symbol, long time, double open, double high, double low, double close,
                        double volume, Double buyVolume, Double sellVolume, Double delta, Long tradeCount,
                        String clusters, int closed) {

    static CandleRow of(String symbol, Candle c, boolean noTaker) {
        return new CandleRow(symbol, c.time(), c.open(), c.high(), c.low(), c.close(), c.volume(),
                noTaker ? null : c.buyVolume(), noTaker ? null : c.sellVolume(), noTaker ? null : c.delta(),
                noTaker ? null : c.tradeCount(), c.clusters(), c.closed() ? 1 : 0);
    }

    /**
     * Binds this row to the next positions of {@link CandleDao}'s statements: the 12 columns from
     * symbol to clusters, {@code closed} when the statement inserts the batch's, the revision, and
     * {@code closed} again for an upsert's guard.
     */
    PreparedBatch bindTo(PreparedBatch b, boolean closedInValues, long rev, boolean closedInGuard) {
        int i = 0;
        b.bind(i++, symbol).bind(i++, time).bind(i++, open).bind(i++, high).bind(i++, low).bind(i++, close)
                .bind(i++, volume).bind(i++, buyVolume).bind(i++, sellVolume).bind(i++, delta).bind(i++, tradeCount)
                .bind(i++, clusters);
        if (closedInValues) {
            b.bind(i++, closed);
        }
        b.bind(i++, rev);
        if (closedInGuard) {
            b.bind(i, closed);
        }
        return b;
    }
}
