package io.cryptoflow.collector.store;

import io.cryptoflow.common.MarketSymbol;
import io.cryptoflow.common.SqliteConnections;
import io.cryptoflow.common.Timeframe;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;

/** Read-only view of what collector.db already holds, on its own read-only connections. */
public final class StoredCandles {

    private final Jdbi jdbi;

    public StoredCandles(Path dbFile) {
        this.jdbi = Jdbi.create(() -> SqliteConnections.openReadOnly(dbFile)).installPlugin(new SqlObjectPlugin());
    }

    public OptionalLong newestTime(MarketSymbol market, Timeframe tf) {
        Long t = jdbi.withExtension(CandleReadDao.class, dao -> dao.newestTime(tf.table(), market.stored()));
        return t == null ? OptionalLong.empty() : OptionalLong.of(t);
    }

    public List<Long> times(MarketSymbol market, Timeframe tf, long from, long to) {
        return jdbi.withExtension(CandleReadDao.class, dao -> dao.times(tf.table(), market.stored(), from, to));
    }

    public long count(MarketSymbol market, Timeframe tf, long from, long to) {
        return jdbi.withExtension(CandleReadDao.class, dao -> dao.count(tf.table(), market.stored(), from, to));
    }
}
