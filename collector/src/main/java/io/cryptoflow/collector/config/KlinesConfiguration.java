package io.cryptoflow.collector.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.cryptoflow.common.Timeframe;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.List;

/** {@code exchanges.<type>.klines}: the exchange's candles, backfilled and kept current. On by default. */
public class KlinesConfiguration {

    @JsonProperty
    private boolean enabled = true;

    @NotEmpty
    @JsonProperty
    private List<@NotNull @Pattern(regexp = "(?i)15|60|240|1440|15m|1h|4h|1d",
            message = "must be one of " + Timeframe.ACCEPTED) String> timeframes = List.of("15m", "1h", "4h", "1d");

    @Min(1)
    @Max(36500)
    @JsonProperty
    private int historyDays = 730;

    public boolean isEnabled() {
        return enabled;
    }

    public List<String> getTimeframes() {
        return timeframes;
    }

    public List<Timeframe> parsedTimeframes() {
        return timeframes.stream().map(t -> Timeframe.parse(t).orElseThrow()).distinct().toList();
    }

    public int getHistoryDays() {
        return historyDays;
    }

}
