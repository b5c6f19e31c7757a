package io.cryptoflow.api.core;

import io.cryptoflow.api.db.ApiDatabase;
import io.cryptoflow.api.db.CatalogDao;
import io.cryptoflow.common.CandleSchema;
import io.cryptoflow.common.MarketSymbol;
import io.cryptoflow.common.Timeframe;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/** Builds {@code /api/symbols} from what api.db actually holds. */
public class SymbolCatalog {

    /**
     * One market with the first/last candle time of each timeframe it has (keyed by label), and the
     * candle fields its exchange's klines lack ({@code missingFromKlines}): those are {@code null} on
     * a candle unless trades were collected for it, never 0.
     */
    public record Market(String exchange, String symbol, Map<String, TimeRange> timeframes,
                         List<String> missingFromKlines) {
    }

    /** Candle fields Bybit and Bitget klines do not carry. */
    static final List<String> TAKER_FIELDS = List.of("buyVolume", "sellVolume", "delta", "tradeCount");

    /**
     * @param symbols   distinct symbols over all exchanges (old tool's field)
     * @param exchanges lower-case exchange to its symbols (old tool's field)
     * @param markets   every market with its time range per timeframe
     */
    public record Symbols(List<String> symbols, Map<String, List<String>> exchanges, List<Market> markets) {
    }

    private final ApiDatabase db;

    public SymbolCatalog(ApiDatabase db) {
        this.db = db;
    }

    public Symbols symbols() {
        return db.read(CatalogDao.class, dao -> {
            Map<String, Map<String, TimeRange>> byStored = new TreeMap<>();
            for (Timeframe tf : Timeframe.values()) {
                for (String stored : dao.storedSymbols(tf)) {
                    dao.timeRange(tf, stored).ifPresent(range ->
                            byStored.computeIfAbsent(stored, k -> new LinkedHashMap<>()).put(tf.label(), range));
                }
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
                        CandleSchema.NO_TAKER_EXCHANGES.contains(m.exchange()) ? TAKER_FIELDS : List.of()));
            });
            return new Symbols(List.copyOf(symbols), exchanges, markets);
        });
    }
}
