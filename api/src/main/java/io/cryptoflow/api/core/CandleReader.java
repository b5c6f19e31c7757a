package io.cryptoflow.api.core;

import io.cryptoflow.api.db.ApiDatabase;
import io.cryptoflow.api.db.CandleDao;
import io.cryptoflow.common.Candle;
import io.cryptoflow.common.MarketSymbol;
import io.cryptoflow.common.Timeframe;
import java.util.ArrayList;
import java.util.List;

/** Reads candle pages from api.db: newest {@code limit} in range, served oldest first. */
public class CandleReader {

    private final ApiDatabase db;

    public CandleReader(ApiDatabase db) {
        this.db = db;
    }

    public CandlePage page(CandleQuery q) {
        // One row beyond the limit tells whether older candles exist in the range.
        List<Candle> newestFirst = db.read(CandleDao.class,
                dao -> dao.newestFirst(q.tf(), q.market(), q.fromInclusive(), q.toExclusive(), q.limit() + 1));
        if (newestFirst.isEmpty() && !knows(q.market())) {
            throw new UnknownSymbolException(q.market());
        }
        boolean hasMore = newestFirst.size() > q.limit();
        int n = Math.min(newestFirst.size(), q.limit());
        List<CandleJson> ascending = new ArrayList<>(n);
        for (int i = n - 1; i >= 0; i--) {
            ascending.add(CandleJson.of(newestFirst.get(i)));
        }
        Long oldest = ascending.isEmpty() ? null : ascending.get(0).time();
        return new CandlePage(ascending, q.market().exchange(), q.market().symbol(), oldest, hasMore);
    }

    /** True when any timeframe holds a candle of this market. */
    public boolean knows(MarketSymbol market) {
        return db.read(CandleDao.class, dao -> {
            for (Timeframe tf : Timeframe.values()) {
                if (dao.hasAny(tf, market)) {
                    return true;
                }
            }
            return false;
        });
    }
}
