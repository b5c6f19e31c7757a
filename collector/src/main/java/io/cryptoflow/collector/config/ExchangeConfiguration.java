package io.cryptoflow.collector.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.cryptoflow.common.MarketSymbol;
import io.dropwizard.validation.ValidationMethod;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.ArrayList;
import java.util.List;

/**
 * One exchange market under {@code exchanges.<type>} (type as in {@code binance-futures}, see
 * {@code ExchangeRegistry}): its addresses and symbols once, and what is collected from it:
 * {@code klines} (on by default), {@code orderFlow} (live trades and archive footprints, off by
 * default) and {@code derivatives} (open interest and funding, off by default). The URLs have no defaults here: collector/config.yml gives each with its environment
 * variable.
 */
public class ExchangeConfiguration {

    @NotEmpty
    @Pattern(regexp = "https?://\\S+", message = "must start with http:// or https://")
    @JsonProperty
    private String restUrl;

    /** WebSocket base of the trade stream; required when orderFlow is enabled. */
    @JsonProperty
    private String wsUrl;

    /** Public trade archive base (Binance data.binance.vision, Bybit public.bybit.com); empty = none. */
    @JsonProperty
    private String archiveUrl = "";

    @NotEmpty
    @JsonProperty
    private List<@NotNull @Pattern(regexp = "[A-Za-z0-9]{2,32}",
            message = "must be 2-32 letters/digits, e.g. BTCUSDT") String> symbols = new ArrayList<>();

    @Valid
    @NotNull
    @JsonProperty
    private KlinesConfiguration klines = new KlinesConfiguration();

    @Valid
    @NotNull
    @JsonProperty
    private TradesConfiguration orderFlow = new TradesConfiguration();

    @Valid
    @NotNull
    @JsonProperty
    private DerivativesConfiguration derivatives = new DerivativesConfiguration();

    @Valid
    @NotNull
    @JsonProperty
    private MarketDepthConfiguration depth = new MarketDepthConfiguration();

    @ValidationMethod(message = "orderFlow.enabled needs wsUrl (the exchange's WebSocket base)")
    public boolean isWsUrlSetWhenTradesAreOn() {
        return orderFlow == null || !orderFlow.isEnabled() || (wsUrl != null && !wsUrl.isBlank());
    }

    /** The symbols as stored (upper case, each once). */
    public List<String> normalizedSymbols() {
        return symbols.stream().map(s -> MarketSymbol.of("X_X", s).symbol()).distinct().toList();
    }

    public String getRestUrl() {
        return restUrl;
    }

    public String getWsUrl() {
        return wsUrl;
    }

    public String getArchiveUrl() {
        return archiveUrl == null ? "" : archiveUrl;
    }

    public List<String> getSymbols() {
        return symbols;
    }

    public KlinesConfiguration getKlines() {
        return klines;
    }

    public TradesConfiguration getOrderFlow() {
        return orderFlow;
    }

    public DerivativesConfiguration getDerivatives() {
        return derivatives;
    }

    public MarketDepthConfiguration getDepth() {
        return depth;
    }
}
