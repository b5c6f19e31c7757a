package io.cryptoflow.api.core;

import io.cryptoflow.api.api.Symbols;
import io.cryptoflow.api.api.Symbols.Market;
import io.cryptoflow.api.api.StoredRange;
import io.cryptoflow.common.CandleSchema;
import io.cryptoflow.common.MarketSymbol;
import io.cryptoflow.common.Timeframe;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Builds {@code /api/symbols} from what api.db holds: the markets with candles and the markets the
 * collector is configured to collect ({@code configured_markets}), so a market still waiting for its
 * first replicated candle is listed (with no timeframe range yet) rather than missing.
 */
public class SymbolCatalog {

    /** Candle fields Bybit and Bitget klines do not carry. */
    static final List<String> TAKER_FIELDS = List.of("buyVolume", "sellVolume", "delta", "tradeCount");

    private final ReplicaStore db;

    public SymbolCatalog(ReplicaStore db) {
        this.db = db;
    }

    public Symbols symbols() {
        return db.catalog(dao -> {
            Map<String, Map<String, StoredRange>> byStored = new TreeMap<>();
            for (Timeframe tf : Timeframe.values()) {
                for (String stored : dao.storedSymbols(tf)) {
                    dao.timeRange(tf, stored).ifPresent(range ->
                            byStored.computeIfAbsent(stored, k -> new LinkedHashMap<>()).put(tf.label(), range));
                }
            }
            Map<String, List<String>> configured = new HashMap<>();
            for (ConfiguredMarket c : dao.configuredMarkets()) {
                configured.put(c.storedSymbol(), c.timeframes().stream().map(Timeframe::label).toList());
                byStored.computeIfAbsent(c.storedSymbol(), k -> new LinkedHashMap<>());
            }
            TreeSet<String> symbols = new TreeSet<>();
            Map<String, List<String>> exchanges = new TreeMap<>();
            List<Market> markets = new ArrayList<>();
            byStored.forEach((stored, ranges) -> {
                MarketSymbol m;
                try {
                    m = MarketSymbol.parseStored(stored);
                } catch (IllegalArgumentException e) {
                    return; // not written by the collector; never offered to clients
                }
                symbols.add(m.symbol());
                exchanges.computeIfAbsent(m.exchange().toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(m.symbol());
                markets.add(new Market(m.exchange(), m.symbol(), ranges,
                        CandleSchema.NO_TAKER_EXCHANGES.contains(m.exchange()) ? TAKER_FIELDS : List.of(),
                        configured.getOrDefault(stored, List.of())));
            });
            return new Symbols(List.copyOf(symbols), exchanges, markets);
        });
    }
}
