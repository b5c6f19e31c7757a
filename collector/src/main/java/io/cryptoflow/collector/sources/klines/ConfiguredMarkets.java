package io.cryptoflow.collector.sources.klines;

import io.cryptoflow.collector.store.ConfiguredMarket;
import io.cryptoflow.collector.store.SqliteCandleWriter;
import io.cryptoflow.common.ConfiguredMarketSchema;
import io.cryptoflow.common.ConfiguredMarketSchema.Kind;
import io.cryptoflow.common.MarketSymbol;
import io.dropwizard.lifecycle.Managed;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records at start-up which markets and timeframes this configuration collects candles of, and which
 * other data kinds (trades, liquidations, depth, open interest, funding) it collects of each, in
 * collector.db's {@code configured_markets} (replicated to api.db like the candles): the API answers
 * a configured market that has no data yet with an empty answer instead of a 404, and a kind switched
 * off with a 409. Managed right after the writer, so the writer runs when {@link #start} submits.
 */
public final class ConfiguredMarkets implements Managed {

    private static final Logger LOG = LoggerFactory.getLogger(ConfiguredMarkets.class);

    private final SqliteCandleWriter writer;
    private final List<MarketWorker> workers;
    private final Map<MarketSymbol, Set<Kind>> kinds;

    /** @param kinds the data kinds besides candles collected of each market (a market not in it: none) */
    public ConfiguredMarkets(SqliteCandleWriter writer, List<MarketWorker> workers, Map<MarketSymbol, Set<Kind>> kinds) {
        this.writer = writer;
        this.workers = List.copyOf(workers);
        this.kinds = Map.copyOf(kinds);
    }

    /** Every kline worker's market by stored name, with its timeframes and kinds as {@code configured_markets} stores them. */
    static List<ConfiguredMarket> of(List<MarketWorker> workers, Map<MarketSymbol, Set<Kind>> kinds) {
        Map<String, ConfiguredMarket> markets = new TreeMap<>();
        for (MarketWorker w : workers) {
            String timeframes = ConfiguredMarketSchema.timeframes(w.timeframes());
            for (String symbol : w.symbols()) {
                MarketSymbol.tryOf(w.exchange(), symbol).ifPresent(m -> markets.put(m.stored(), new ConfiguredMarket(m.stored(),
                        timeframes, ConfiguredMarketSchema.kinds(kinds.getOrDefault(m, Set.of())))));
            }
        }
        return List.copyOf(markets.values());
    }

    /**
     * Queued ahead of any candle (the writer is the first managed object, this the second), not waited
     * for: a writer held by a storage outage must not stop the start-up, and the row is retried at the
     * next start. Until it is written the API answers such a market 404 as before.
     */
    @Override
    public void start() {
        List<ConfiguredMarket> markets = of(workers, kinds);
        writer.submitConfiguredMarkets(markets).whenComplete((v, e) -> {
            if (e != null) {
                LOG.warn("could not record the {} configured markets in configured_markets: {}", markets.size(), e.toString());
            }
        });
    }
}
