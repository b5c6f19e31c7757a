package io.cryptoflow.collector;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.cryptoflow.common.MarketSymbol;
import io.cryptoflow.common.Timeframe;
import io.dropwizard.validation.ValidationMethod;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.util.ArrayList;
import java.util.List;

/** One exchange market to collect klines from: which API, where, which symbols, how far back. */
public class MarketConfiguration {

    /** Market implementation key, e.g. {@code binance-futures}. */
    @NotEmpty
    private String type;

    @NotEmpty
    private String restUrl;

    @NotEmpty
    private List<String> symbols = new ArrayList<>();

    @NotEmpty
    private List<String> timeframes = List.of("15m", "1h", "4h", "1d");

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

    @ValidationMethod(message = "timeframes must each be one of " + Timeframe.ACCEPTED)
    public boolean isTimeframesValid() {
        return timeframes != null && timeframes.stream().allMatch(t -> Timeframe.parse(t).isPresent());
    }

    @ValidationMethod(message = "symbols must be 2-32 letters/digits, e.g. BTCUSDT")
    public boolean isSymbolsValid() {
        return symbols != null && symbols.stream().allMatch(s -> MarketSymbol.tryOf("X_X", s).isPresent());
    }

    @ValidationMethod(message = "restUrl must start with http:// or https://")
    public boolean isRestUrlValid() {
        return restUrl == null || restUrl.startsWith("http://") || restUrl.startsWith("https://");
    }

    public List<Timeframe> parsedTimeframes() {
        return timeframes.stream().map(t -> Timeframe.parse(t).orElseThrow()).distinct().toList();
    }

    public List<String> normalizedSymbols() {
        return symbols.stream().map(s -> MarketSymbol.of("X_X", s).symbol()).distinct().toList();
    }
}
