package io.cryptoflow.api.db;

import io.cryptoflow.api.core.TradeReads;
import io.cryptoflow.common.TradePartition;
import java.util.List;
import java.util.function.Function;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.Define;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.transaction.Transaction;

/**
 * Raw trades in api.db: the partition catalog and one partition's rows ({@link PartitionFeedDao}),
 * and the recorded gaps. {@code table} is always a name {@link TradePartition#parse} accepted from
 * the catalog (a closed pattern), never request text.
 */
public interface TradeDao extends TradeReads, PartitionFeedDao {

    /** Runs {@code work} in one read transaction: the catalog and every partition read from one WAL snapshot. */
    @Transaction(readOnly = true)
    default <R> R inOneSnapshot(Function<TradeReads, R> work) {
        return work.apply(this);
    }

    @Override
    @SqlQuery("""
            SELECT from_time, to_time FROM trade_gaps
            WHERE exchange = :exchange AND symbol = :symbol AND filled = 0 AND to_time >= :from AND from_time <= :to
            ORDER BY from_time""")
    @RegisterConstructorMapper(Gap.class)
    List<Gap> gaps(@Bind("exchange") String exchange, @Bind("symbol") String symbol, @Bind("from") long from,
                   @Bind("to") long to);

    @Override
    @SqlQuery("SELECT EXISTS (SELECT 1 FROM <table> WHERE symbol = :symbol)")
    boolean holds(@Define("table") String table, @Bind("symbol") String symbol);
}
