package io.cryptoflow.collector.store;

import io.cryptoflow.common.MarketSymbol;
import io.cryptoflow.common.SqliteConnections;
import io.cryptoflow.common.Timeframe;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;

/** The no-data ranges in collector.db: read on read-only connections, written by the single writer. */
public final class SqliteNoDataLedger implements NoDataLedger {

    private final SqliteCandleWriter writer;
    private final Jdbi reader;

    public SqliteNoDataLedger(SqliteCandleWriter writer, Path dbFile) {
        this.writer = writer;
        this.reader = Jdbi.create(() -> SqliteConnections.openReadOnly(dbFile)).installPlugin(new SqlObjectPlugin());
    }

    @Override
    public List<long[]> known(MarketSymbol market, Timeframe tf) {
        return reader.withExtension(NoDataDao.class, dao -> dao.ranges(market.stored(), tf.minutes())).stream()
                .map(r -> new long[] {r.fromTime(), r.toTime()})
                .toList();
    }

    @Override
    public void remember(MarketSymbol market, Timeframe tf, long from, long to) throws InterruptedException {
        await(writer.submitNoData(market, tf, from, to));
    }

    @Override
    public void forgetAll() throws InterruptedException {
        await(writer.submitNoData(null, null, 0, 0));
    }

    private static void await(java.util.concurrent.CompletableFuture<Void> f) throws InterruptedException {
        try {
            f.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not record no-data range", e.getCause());
        }
    }
}
