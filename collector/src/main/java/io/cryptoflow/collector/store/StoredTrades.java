package io.cryptoflow.collector.store;

import io.cryptoflow.common.MarketSymbol;
import io.cryptoflow.common.SqliteConnections;
import io.cryptoflow.common.TradePartition;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;

/**
 * Read-only view of the raw trades collector.db holds, on its own read-only connections: read once
 * at startup (the collector is the file's only writer, so what it reads is what the last run
 * committed), to continue each market's trades right after the newest one stored.
 */
public final class StoredTrades implements TradeTails {

    private static final long DAY_MS = 86_400_000L;

    private final Jdbi jdbi;

    public StoredTrades(Path dbFile) {
        this.jdbi = Jdbi.create(() -> SqliteConnections.openReadOnly(dbFile)).installPlugin(new SqlObjectPlugin());
    }

    /**
     * The newest stored trade of {@code market} in its partitions of days from {@code notBefore} on,
     * and the stored trades of the {@code recentMs} before it; empty when none is stored there.
     */
    @Override
    public Optional<TradeTail> tail(MarketSymbol market, long notBefore, long recentMs) {
        return jdbi.withExtension(TradeTailDao.class, dao -> {
            List<TradePartition> days = new ArrayList<>();
            for (String name : dao.livePartitionsSince(market.exchange(), notBefore - Math.floorMod(notBefore, DAY_MS))) {
                TradePartition.parse(name).filter(TradePartition::holdsTrades).ifPresent(days::add);
            }
            for (int i = 0; i < days.size(); i++) {
                List<StoredTrade> newest = dao.newest(days.get(i).table(), market.symbol());
                if (newest.isEmpty()) {
                    continue;
                }
                StoredTrade last = newest.get(0);
                if (last.time() < notBefore) {
                    return Optional.<TradeTail>empty();
                }
                long from = last.time() - recentMs;
                List<StoredTrade> recent = new ArrayList<>();
                // the window may reach into the day before (newest first: older days go in front)
                for (int j = i; j < days.size() && days.get(j).dayStart() + DAY_MS > from; j++) {
                    recent.addAll(0, dao.tradesSince(days.get(j).table(), market.symbol(), from));
                }
                return Optional.of(new TradeTail(last, recent));
            }
            return Optional.<TradeTail>empty();
        });
    }
}
