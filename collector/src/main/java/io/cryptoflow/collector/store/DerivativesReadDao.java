package io.cryptoflow.collector.store;

import java.util.List;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.Define;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/** What collector.db holds of a derivatives series; {@code table} from {@code DerivativesSchema} only. */
interface DerivativesReadDao {

    @SqlQuery("SELECT time FROM <table> WHERE symbol = :symbol AND time BETWEEN :from AND :to ORDER BY time")
    List<Long> times(@Define("table") String table, @Bind("symbol") String symbol, @Bind("from") long from,
                     @Bind("to") long to);

    @SqlQuery("SELECT min(time) FROM <table> WHERE symbol = :symbol AND time >= :from")
    Long oldest(@Define("table") String table, @Bind("symbol") String symbol, @Bind("from") long from);
}
