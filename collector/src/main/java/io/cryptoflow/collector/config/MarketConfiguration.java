package io.cryptoflow.collector.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.cryptoflow.common.MarketSymbol;
import io.cryptoflow.common.Timeframe;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.ArrayList;
import java.util.List;

/** One exchange market to collect klines from: which API, where, which symbols, how far back. */
public class MarketConfiguration {

    /** Market implementation key, e.g. {@code binance-futures}. */
    @NotEmpty
    @Pattern(regexp = "(?i)binance-futures|binance-spot|bybit-linear|bybit-spot|bitget-futures",
            message = "must be one of binance-futures, binance-spot, bybit-linear, bybit-spot, bitget-futures")
    private String type;

    @NotEmpty
    @Pattern(regexp = "https?://\\S+", message = "must start with http:// or https://")
    private String restUrl;

    @NotEmpty
    private List<@NotNull @Pattern(regexp = "[A-Za-z0-9]{2,32}",
            message = "must be 2-32 letters/digits, e.g. BTCUSDT") String> symbols = new ArrayList<>();

    @NotEmpty
    private List<@NotNull @Pattern(regexp = "(?i)15|60|240|1440|15m|1h|4h|1d",
            message = "must be one of " + Timeframe.ACCEPTED) String> timeframes = List.of("15m", "1h", "4h", "1d");

    @Min(1)
    @Max(36500)
    private int historyDays = 730;

    private boolean enabled = true;

    @JsonProperty
    public String getType() {
        return type;
    }

    @JsonProperty
    public void setType(String type) {
        this.type = type;
    }

    @JsonProperty
    public String getRestUrl() {
        return restUrl;
    }

    @JsonProperty
    public void setRestUrl(String restUrl) {
        this.restUrl = restUrl;
    }

    @JsonProperty
    public List<String> getSymbols() {
        return symbols;
    }

    @JsonProperty
    public void setSymbols(List<String> symbols) {
        this.symbols = symbols;
    }

    @JsonProperty
    public List<String> getTimeframes() {
        return timeframes;
    }

    @JsonProperty
    public void setTimeframes(List<String> timeframes) {
        this.timeframes = timeframes;
    }

    @JsonProperty
    public int getHistoryDays() {
        return historyDays;
    }

    @JsonProperty
    public void setHistoryDays(int historyDays) {
        this.historyDays = historyDays;
    }

    @JsonProperty
    public boolean isEnabled() {
        return enabled;
    }

    @JsonProperty
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public List<Timeframe> parsedTimeframes() {
        return timeframes.stream().map(t -> Timeframe.parse(t).orElseThrow()).distinct().toList();
    }

    public List<String> normalizedSymbols() {
        return symbols.stream().map(s -> MarketSymbol.of("X_X", s).symbol()).distinct().toList();
    }
}
