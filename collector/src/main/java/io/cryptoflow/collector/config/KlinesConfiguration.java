package io.cryptoflow.collector.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.cryptoflow.common.Timeframe;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code exchanges.<type>.klines}: the exchange's candles, backfilled and kept current. On by default. */
public class KlinesConfiguration {

    @JsonProperty
    private boolean enabled = true;

    /** Every accepted spelling of a timeframe (minutes or label), for the config's validation. */
    private static final String TIMEFRAME = "(?i)1|5|15|30|60|240|1440|1m|5m|15m|30m|1h|4h|1d";

    /**
     * Windows of the finer timeframes when {@code historyDaysByTimeframe} does not name them, never
     * longer than {@code historyDays}: a month of 1m (43,200 candles per symbol), a quarter of 5m, a
     * year of 30m.
     */
    static final Map<Timeframe, Integer> FINE_DEFAULT_DAYS = Map.of(Timeframe.M1, 30, Timeframe.M5, 90, Timeframe.M30, 365);

    @NotEmpty
    @JsonProperty
    private List<@NotNull @Pattern(regexp = TIMEFRAME,
            message = "must be one of " + Timeframe.ACCEPTED) String> timeframes = List.of("15m", "1h", "4h", "1d");

    @Min(1)
    @Max(36500)
    @JsonProperty
    private int historyDays = 730;

    @NotNull
    @JsonProperty
    private Map<@NotNull @Pattern(regexp = TIMEFRAME, message = "must be one of " + Timeframe.ACCEPTED) String,
            @NotNull @Min(1) @Max(36500) Integer> historyDaysByTimeframe = new LinkedHashMap<>();

    public boolean isEnabled() {
        return enabled;
    }

    public List<String> getTimeframes() {
        return timeframes;
    }

    public List<Timeframe> parsedTimeframes() {
        return timeframes.stream().map(t -> Timeframe.parse(t).orElseThrow()).distinct().toList();
    }

    /**
     * The timeframes order flow builds footprints in: 15m, 1h, 4h and 1d always, as before the finer
     * ones existed (sessions come from 1d), and 1m, 5m, 30m only where their klines are collected:
     * a footprint row is inserted forming and only a kline closes it, and a market-day of them costs
     * about 0.7 MB.
     */
    public Set<Timeframe> footprintTimeframes() {
        Set<Timeframe> tfs = EnumSet.allOf(Timeframe.class);
        tfs.removeAll(FINE_DEFAULT_DAYS.keySet());
        tfs.addAll(parsedTimeframes());
        return tfs;
    }

    public int getHistoryDays() {
        return historyDays;
    }

    public Map<String, Integer> getHistoryDaysByTimeframe() {
        return historyDaysByTimeframe;
    }

    /**
     * Days of history per timeframe other than {@code historyDays}: the ones named in
     * {@code historyDaysByTimeframe}, else the finer timeframes' defaults capped at {@code historyDays}.
     */
    public Map<Timeframe, Integer> historyDaysPerTimeframe() {
        Map<Timeframe, Integer> days = new EnumMap<>(Timeframe.class);
        FINE_DEFAULT_DAYS.forEach((tf, d) -> days.put(tf, Math.min(d, historyDays)));
        historyDaysByTimeframe.forEach((tf, d) -> days.put(Timeframe.parse(tf).orElseThrow(), d));
        return days;
    }

}
