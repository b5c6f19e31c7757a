package io.cryptoflow.collector.sources.klines;

import io.cryptoflow.collector.store.SqliteCandleWriter;
import io.cryptoflow.common.ConfiguredMarketSchema;
import io.cryptoflow.common.MarketSymbol;
import io.dropwizard.lifecycle.Managed;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Records at start-up which markets and timeframes this configuration collects candles of, in
 * collector.db's {@code configured_markets} (replicated to api.db like the candles): the API answers
 * a configured market that has no candle yet with an empty page instead of a 404. Managed after the
 * writer, so the writer runs when {@link #start} submits.
 */
public final class ConfiguredMarkets implements Managed {

    /** Long enough for a writer busy with a restart's first batches; a failure stops the start-up. */
    private static final long WRITE_TIMEOUT_SECONDS = 60;

    private final SqliteCandleWriter writer;
    private final List<MarketWorker> workers;

    public ConfiguredMarkets(SqliteCandleWriter writer, List<MarketWorker> workers) {
        this.writer = writer;
        this.workers = List.copyOf(workers);
    }

    /** Stored market name → its kline timeframes as {@code configured_markets} stores them. */
    static Map<String, String> of(List<MarketWorker> workers) {
        Map<String, String> markets = new TreeMap<>();
        for (MarketWorker w : workers) {
            String timeframes = ConfiguredMarketSchema.timeframes(w.timeframes());
            for (String symbol : w.symbols()) {
                MarketSymbol.tryOf(w.exchange(), symbol).ifPresent(m -> markets.put(m.stored(), timeframes));
            }
        }
        return markets;
    }

    @Override
    public void start() throws Exception {
        writer.submitConfiguredMarkets(of(workers)).get(WRITE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }
}
