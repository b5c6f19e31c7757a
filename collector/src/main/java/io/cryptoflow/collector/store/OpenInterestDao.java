package io.cryptoflow.collector.store;

import java.util.List;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlBatch;

/**
 * Open interest upserts on the writer's handle. A row changes only when a value did; a known value is
 * never replaced by "not known" (a source without {@code oi_value} keeps the one another gave).
 */
interface OpenInterestDao {

    record Row(String symbol, long time, double oi, Double value) {
    }

    @SqlBatch("""
            INSERT INTO open_interest (symbol, time, oi, oi_value, rev)
            VALUES (:symbol, :time, :oi, :value, :rev)
            ON CONFLICT(symbol, time) DO UPDATE SET oi = excluded.oi,
              oi_value = coalesce(excluded.oi_value, open_interest.oi_value), rev = excluded.rev
            WHERE open_interest.oi IS NOT excluded.oi
               OR (excluded.oi_value IS NOT NULL AND open_interest.oi_value IS NOT excluded.oi_value)""")
    int[] upsertOpenInterest(@BindMethods List<Row> rows, @Bind("rev") long rev);
}
