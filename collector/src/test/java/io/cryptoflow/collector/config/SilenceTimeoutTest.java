package io.cryptoflow.collector.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.cryptoflow.collector.CollectorConfiguration;
import io.cryptoflow.collector.exchange.binance.BinanceTradeProtocol;
import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.FileConfigurationSourceProvider;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.configuration.YamlConfigurationFactory;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.validation.Validators;
import io.cryptoflow.collector.exchange.bybit.BybitTradeProtocol;
import io.cryptoflow.collector.testing.Sections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 24 item 5: Binance USD-M pings every 3 minutes, so a quiet symbol's connection carries
 * nothing else for 3 minutes; the silence timeout must not be shorter, or the stream reconnects
 * (with a REST catch-up) between two pings. The shipped configuration and the default agree.
 */
class SilenceTimeoutTest {

    @Test
    void unsetTheTimeoutOutlastsTheServersDocumentedPingInterval() {
        TradesConfiguration unset = Sections.tradesOn("ws://x", "http://x", "http://x", List.of("BTCUSDT")).getOrderFlow();

        assertThat(unset.silenceTimeoutFor(BinanceTradeProtocol.futures().serverPingInterval()).toSeconds())
                .isGreaterThan(180);
        assertThat(unset.silenceTimeoutFor(BinanceTradeProtocol.spot().serverPingInterval()).toSeconds())
                .isGreaterThan(20);
        assertThat(unset.silenceTimeoutFor(new BybitTradeProtocol().serverPingInterval()).toMinutes()).isEqualTo(2);
    }

    @Test
    void theShippedBinanceFuturesSectionOutlastsThreeMinutesOfPings() throws Exception {
        CollectorConfiguration config = new YamlConfigurationFactory<>(CollectorConfiguration.class,
                Validators.newValidator(), Jackson.newObjectMapper(), "dw").build(new SubstitutingSourceProvider(
                new FileConfigurationSourceProvider(), new EnvironmentVariableSubstitutor(false)), "config.yml");
        TradesConfiguration shipped = config.getExchanges().get("binance-futures").getOrderFlow();

        assertThat(shipped.silenceTimeoutFor(BinanceTradeProtocol.futures().serverPingInterval()).toSeconds())
                .isGreaterThan(180);
    }

    @Test
    void aConfiguredTimeoutIsKept() {
        TradesConfiguration set = Sections.tradesOn("ws://x", "http://x", "http://x", List.of("BTCUSDT"),
                "silenceTimeout: 5s").getOrderFlow();

        assertThat(set.silenceTimeoutFor(BinanceTradeProtocol.futures().serverPingInterval()).toSeconds()).isEqualTo(5);
    }
}
