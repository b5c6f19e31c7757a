package io.cryptoflow.collector.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cryptoflow.collector.aggregation.TickSizes;
import io.cryptoflow.collector.exchange.Prices;
import io.cryptoflow.collector.exchange.Venue;
import io.cryptoflow.collector.sources.trades.OrderFlowService;
import io.cryptoflow.collector.testing.RecordingSink;
import io.dropwizard.configuration.ConfigurationValidationException;
import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.configuration.YamlConfigurationFactory;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.validation.Validators;
import io.dropwizard.util.Duration;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class OrderFlowConfigurationTest {

    /** The block handed to the integrator for collector/config.yml (under {@code orderFlow:}). */
    static final String YAML = """
            enabled: ${CRYPTOFLOW_ORDERFLOW:-true}
            flushInterval: 2s
            tickSizes:
              BTCUSDT: 10
              ETHUSDT: 1
              SOLUSDT: 0.1
              BNBUSDT: 0.1
            klineTolerance: 0.000001
            binance:
              enabled: true
              wsUrl: ${BINANCE_FUTURES_WS_URL:-wss://fstream.binance.com/market}
              restUrl: ${BINANCE_FUTURES_REST_URL:-https://fapi.binance.com}
              archiveUrl: ${BINANCE_ARCHIVE_URL:-https://data.binance.vision}
              symbols: [BTCUSDT, ETHUSDT, SOLUSDT, BNBUSDT]
              footprintDays: 30
              plannedReconnect: 23h
              restPageInterval: 1s
            binanceSpot:
              enabled: false
              wsUrl: ${BINANCE_SPOT_WS_URL:-wss://stream.binance.com:9443}
              restUrl: ${BINANCE_SPOT_REST_URL:-https://api.binance.com}
              archiveUrl: ${BINANCE_ARCHIVE_URL:-https://data.binance.vision}
              symbols: [BTCUSDT, ETHUSDT, SOLUSDT, BNBUSDT]
              footprintDays: 30
              pingInterval: 20s
            bybit:
              enabled: false
              wsUrl: ${BYBIT_WS_URL:-wss://stream.bybit.com/v5/public/linear}
              restUrl: ${BYBIT_REST_URL:-https://api.bybit.com}
              archiveUrl: ${BYBIT_ARCHIVE_URL:-https://public.bybit.com}
              symbols: [BTCUSDT, ETHUSDT, SOLUSDT, BNBUSDT]
              footprintDays: 30
              pingInterval: 20s
            bitget:
              enabled: false
              wsUrl: ${BITGET_WS_URL:-wss://ws.bitget.com/v2/ws/public}
              restUrl: ${BITGET_REST_URL:-https://api.bitget.com}
              symbols: [BTCUSDT, ETHUSDT, SOLUSDT, BNBUSDT]
              pingInterval: 20s
            """;

    private static OrderFlowConfiguration parse(String yaml) throws Exception {
        var factory = new YamlConfigurationFactory<>(OrderFlowConfiguration.class, Validators.newValidator(),
                Jackson.newObjectMapper(), "dw");
        var provider = new SubstitutingSourceProvider(
                path -> new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)),
                new EnvironmentVariableSubstitutor(false));
        return factory.build(provider, "orderflow.yml");
    }

    @Test
    void theDocumentedYamlBlockParsesValidatesAndMatchesTheDefaults() throws Exception {
        OrderFlowConfiguration c = parse(YAML);
        OrderFlowConfiguration defaults = new OrderFlowConfiguration();

        assertThat(c.isEnabled()).isTrue();
        assertThat(c.getFlushInterval()).isEqualTo(Duration.seconds(2));
        assertThat(c.getTickSizes()).containsEntry("BTCUSDT", new BigDecimal("10")).containsEntry("SOLUSDT", new BigDecimal("0.1"));
        assertThat(new TickSizes(c.getTickSizes()).configured("ETHUSDT")).contains(Prices.parse("1"));
        assertThat(c.getBinance().isEnabled()).isTrue();
        assertThat(c.getBinance().getSymbols()).containsExactly("BTCUSDT", "ETHUSDT", "SOLUSDT", "BNBUSDT");
        assertThat(c.getBinance().getFootprintDays()).isEqualTo(30);
        assertThat(c.getBybit().getPingInterval()).isEqualTo(Duration.seconds(20));
        assertThat(c.getBitget().getPingInterval()).isEqualTo(Duration.seconds(20));
        for (var venue : Venue.values()) {
            VenueConfiguration y = c.venues().get(venue);
            VenueConfiguration d = defaults.venues().get(venue);
            assertThat(y.getWsUrl()).as("%s wsUrl", venue).isEqualTo(d.getWsUrl());
            assertThat(y.getRestUrl()).as("%s restUrl", venue).isEqualTo(d.getRestUrl());
            assertThat(y.isEnabled()).as("%s enabled", venue).isEqualTo(d.isEnabled());
        }
        if (System.getenv("BINANCE_FUTURES_WS_URL") == null) {
            assertThat(c.getBinance().getWsUrl()).isEqualTo("wss://fstream.binance.com/market");
            assertThat(c.getBinance().getArchiveUrl()).isEqualTo("https://data.binance.vision");
        }
    }

    @Test
    void aPartialVenueBlockKeepsTheVenuesOtherDefaults() throws Exception {
        OrderFlowConfiguration c = parse("bybit:\n  enabled: true\n  symbols: [XRPUSDT]\n");
        assertThat(c.getBybit().isEnabled()).isTrue();
        assertThat(c.getBybit().getSymbols()).containsExactly("XRPUSDT");
        assertThat(c.getBybit().getWsUrl()).isEqualTo(new OrderFlowConfiguration().getBybit().getWsUrl());
        assertThat(c.getBybit().getPingInterval()).isEqualTo(Duration.seconds(20));
    }

    @Test
    void invalidValuesAreRejectedWithTheFieldNamed() {
        assertThatThrownBy(() -> parse("binance:\n  wsUrl: ''\n  restUrl: x\n  footprintDays: -1\n"))
                .isInstanceOf(ConfigurationValidationException.class)
                .hasMessageContaining("binance.footprintDays")
                .hasMessageContaining("binance.wsUrl");
        assertThatThrownBy(() -> parse("flushInterval: 1ms\n"))
                .isInstanceOf(ConfigurationValidationException.class)
                .hasMessageContaining("flushInterval");
        assertThatThrownBy(() -> parse("binance:\n  wsUrl: a\n  restUrl: b\n  symbols: ['BTC/USDT']\n"))
                .isInstanceOf(ConfigurationValidationException.class)
                .hasMessageContaining("symbols");
    }

    @Test
    void disabledVenuesAndAnEmptyConfigStartNothing() throws Exception {
        OrderFlowConfiguration c = parse("enabled: false\n");
        OrderFlowService s = new OrderFlowService(c, new RecordingSink(), new com.codahale.metrics.MetricRegistry(),
                java.net.http.HttpClient.newHttpClient(), java.time.Clock.systemUTC());
        s.start();
        assertThat(s.streams()).isEmpty();
        assertThat(new io.cryptoflow.collector.health.TradeStreamHealthCheck(s.streams()).execute().isHealthy()).isTrue();
        s.stop();
        assertThat(List.of(Venue.values())).extracting(Venue::exchange)
                .containsExactly("BINANCE", "BINANCE_SPOT", "BYBIT", "BYBIT_SPOT", "BITGET");
    }
}
