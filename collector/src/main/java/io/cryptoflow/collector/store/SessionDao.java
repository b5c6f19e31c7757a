package io.cryptoflow.collector.store;

import java.util.List;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlBatch;

/** Daily session upserts on the writer's handle; a row only changes when one of its values did. */
interface SessionDao {

    @SqlBatch("""
            INSERT INTO sessions (symbol, date, poc, vwap, vah, val, volume, rev)
            VALUES (:symbol, :date, :poc, :vwap, :vah, :val, :volume, :rev)
            ON CONFLICT(symbol, date) DO UPDATE SET poc = excluded.poc, vwap = excluded.vwap,
              vah = excluded.vah, val = excluded.val, volume = excluded.volume, rev = excluded.rev
            WHERE sessions.poc IS NOT excluded.poc OR sessions.vwap IS NOT excluded.vwap
               OR sessions.vah IS NOT excluded.vah OR sessions.val IS NOT excluded.val
               OR sessions.volume IS NOT excluded.volume""")
    int[] upsert(@BindMethods List<DailySession> sessions, @Bind("rev") long rev);
}
