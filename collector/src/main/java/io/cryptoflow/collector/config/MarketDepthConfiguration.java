package io.cryptoflow.collector.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code exchanges.<type>.depth}: the symbols of this market whose order book is kept and sampled
 * into the heatmap (none unless listed; collector/config.yml lists BTCUSDT on binance-futures and
 * bybit-linear). Only market types with a depth protocol accept symbols (binance-futures, bybit-linear,
 * bitget-futures; any other stops startup).
 */
public class MarketDepthConfiguration {

    @JsonProperty
    private List<@NotNull @Pattern(regexp = "[A-Za-z0-9]{2,32}", message = "must be an exchange symbol") String> symbols =
            new ArrayList<>();

    /** Upper case, each once. */
    public List<String> normalizedSymbols() {
        return symbols.stream().map(s -> s.toUpperCase(Locale.ROOT)).distinct().toList();
    }

    public boolean isEnabled() {
        return !symbols.isEmpty();
    }
}
