package io.cryptoflow.collector.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cryptoflow.collector.aggregation.TickSizes;
import io.cryptoflow.collector.exchange.Prices;
import io.cryptoflow.collector.exchange.bybit.BybitExchanges;
import io.cryptoflow.collector.sources.trades.OrderFlowService;
import io.cryptoflow.collector.testing.RecordingSink;
import io.cryptoflow.collector.testing.Sections;
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
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The top-level orderFlow: block: the settings every exchange's trade stream shares. */
class OrderFlowConfigurationTest {

    /** collector/config.yml's block. */
    static final String YAML = """
            enabled: ${CRYPTOFLOW_ORDERFLOW:-true}
            flushInterval: 2s
            tickSizes:
              BTCUSDT: 10
              ETHUSDT: 1
              SOLUSDT: 0.1
              BNBUSDT: 0.1
            klineTolerance: 0.000001
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
    void theShippedBlockParsesAndMatchesTheDefaults() throws Exception {
        OrderFlowConfiguration c = parse(YAML);
        OrderFlowConfiguration defaults = new OrderFlowConfiguration();

        if (System.getenv("CRYPTOFLOW_ORDERFLOW") == null) {
            assertThat(c.isEnabled()).isTrue();
        }
        assertThat(c.getFlushInterval()).isEqualTo(Duration.seconds(2)).isEqualTo(defaults.getFlushInterval());
        assertThat(c.getTickSizes()).containsEntry("BTCUSDT", new BigDecimal("10")).containsEntry("SOLUSDT", new BigDecimal("0.1"));
        assertThat(new TickSizes(c.getTickSizes()).configured("ETHUSDT")).contains(Prices.parse("1"));
        assertThat(c.getKlineTolerance()).isEqualTo(defaults.getKlineTolerance());
        assertThat(c.oldLayoutKeys()).isEmpty();
        assertThat(parse("bybit:\n  enabled: true\n").oldLayoutKeys()).containsExactly("orderFlow.bybit");
    }

    @Test
    void invalidValuesAreRejectedWithTheFieldNamed() {
        assertThatThrownBy(() -> parse("flushInterval: 1ms\n"))
                .isInstanceOf(ConfigurationValidationException.class)
                .hasMessageContaining("flushInterval");
    }

    @Test
    void switchedOffItStartsNoStreamEvenForASectionWithOrderFlowOn() throws Exception {
        OrderFlowConfiguration c = parse("enabled: false\n");
        OrderFlowService s = new OrderFlowService(c, Map.of(BybitExchanges.LINEAR,
                Sections.tradesOn("ws://127.0.0.1:9", "http://127.0.0.1:9", "", List.of("BTCUSDT"))),
                new RecordingSink(), new com.codahale.metrics.MetricRegistry(),
                java.net.http.HttpClient.newHttpClient(), java.time.Clock.systemUTC());
        s.start();
        assertThat(s.streams()).isEmpty();
        assertThat(new io.cryptoflow.collector.health.TradeStreamHealthCheck(s.streams()).execute().isHealthy()).isTrue();
        s.stop();
    }
}
