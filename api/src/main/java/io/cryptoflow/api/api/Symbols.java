package io.cryptoflow.api.api;

import java.util.List;
import java.util.Map;

/**
 * The {@code /api/symbols} answer.
 *
 * @param symbols   distinct symbols over all exchanges (old tool's field)
 * @param exchanges lower-case exchange to its symbols (old tool's field)
 * @param markets   every market stored or configured, with its time range per timeframe
 */
public record Symbols(List<String> symbols, Map<String, List<String>> exchanges, List<Symbols.Market> markets) {

    /**
     * One market with the first/last candle time of each timeframe it has (keyed by label), the
     * candle fields its exchange's klines lack ({@code missingFromKlines}: those are {@code null} on
     * a candle unless trades were collected for it, never 0), and the timeframes the collector is
     * configured to collect of it ({@code configured}, labels; empty when it no longer is). A
     * configured timeframe missing from {@code timeframes} has no candle replicated yet.
     */
    public record Market(String exchange, String symbol, Map<String, StoredRange> timeframes,
                         List<String> missingFromKlines, List<String> configured) {
    }
}
