package io.cryptoflow.collector.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.cryptoflow.collector.CollectorConfiguration;
import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.FileConfigurationSourceProvider;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.configuration.YamlConfigurationFactory;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.validation.Validators;
import io.cryptoflow.collector.testing.Sections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A dead connection is found within the silence timeout: the stream probes a quiet connection at
 * half of it, so the timeout no longer has to outlast the exchange's own ping interval (Binance USD-M
 * pings every 3 minutes). Bitget: reconnect when no pong came within 30 s.
 */
class SilenceTimeoutTest {

    @Test
    void unsetTheTimeoutIsThirtySeconds() {
        TradesConfiguration unset = Sections.tradesOn("ws://x", "http://x", "http://x", List.of("BTCUSDT")).getOrderFlow();

        assertThat(unset.silenceTimeout().toSeconds()).isEqualTo(30);
    }

    @Test
    void everyShippedSectionFindsADeadConnectionWithinThirtySeconds() throws Exception {
        CollectorConfiguration config = new YamlConfigurationFactory<>(CollectorConfiguration.class,
                Validators.newValidator(), Jackson.newObjectMapper(), "dw").build(new SubstitutingSourceProvider(
                new FileConfigurationSourceProvider(), new EnvironmentVariableSubstitutor(false)), "config.yml");

        config.getExchanges().forEach((name, section) ->
                assertThat(section.getOrderFlow().silenceTimeout().toSeconds()).as(name).isLessThanOrEqualTo(30));
    }

    @Test
    void aConfiguredTimeoutIsKept() {
        TradesConfiguration set = Sections.tradesOn("ws://x", "http://x", "http://x", List.of("BTCUSDT"),
                "silenceTimeout: 5s").getOrderFlow();

        assertThat(set.silenceTimeout().toSeconds()).isEqualTo(5);
    }
}
