package io.cryptoflow.collector.store;

import java.util.List;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlBatch;

/** Funding event upserts on the writer's handle; like {@link OpenInterestDao}, a known mark price stays. */
interface FundingDao {

    record Row(String symbol, long time, double rate, Double markPrice) {
    }

    @SqlBatch("""
            INSERT INTO funding (symbol, time, rate, mark_price, rev)
            VALUES (:symbol, :time, :rate, :markPrice, :rev)
            ON CONFLICT(symbol, time) DO UPDATE SET rate = excluded.rate,
              mark_price = coalesce(excluded.mark_price, funding.mark_price), rev = excluded.rev
            WHERE funding.rate IS NOT excluded.rate
               OR (excluded.mark_price IS NOT NULL AND funding.mark_price IS NOT excluded.mark_price)""")
    int[] upsertFunding(@BindMethods List<Row> rows, @Bind("rev") long rev);
}
