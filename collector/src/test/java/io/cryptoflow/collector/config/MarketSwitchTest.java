package io.cryptoflow.collector.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.cryptoflow.collector.CollectorConfiguration;
import io.dropwizard.configuration.FileConfigurationSourceProvider;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.configuration.YamlConfigurationFactory;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.validation.Validators;
import java.util.Map;
import org.apache.commons.text.StringSubstitutor;
import org.junit.jupiter.api.Test;

/**
 * Issue 24 item 7: one variable switches a market off in the shipped configuration (klines and
 * order flow), for an exchange that refuses the user's location; the others stay on.
 */
class MarketSwitchTest {

    private static CollectorConfiguration shippedWith(Map<String, String> env) throws Exception {
        StringSubstitutor substitutor = new StringSubstitutor(env);
        substitutor.setEnableSubstitutionInVariables(true);
        return new YamlConfigurationFactory<>(CollectorConfiguration.class, Validators.newValidator(),
                Jackson.newObjectMapper(), "dw").build(new SubstitutingSourceProvider(
                new FileConfigurationSourceProvider(), substitutor), "config.yml");
    }

    @Test
    void binanceFuturesEnabledFalseSwitchesOnlyThatMarketOff() throws Exception {
        CollectorConfiguration config = shippedWith(Map.of("BINANCE_FUTURES_ENABLED", "false"));

        ExchangeConfiguration off = config.getExchanges().get("binance-futures");
        assertThat(off.getKlines().isEnabled()).isFalse();
        assertThat(off.getOrderFlow().isEnabled()).isFalse();
        for (String on : new String[] {"binance-spot", "bybit-linear", "bybit-spot", "bitget-futures"}) {
            assertThat(config.getExchanges().get(on).getKlines().isEnabled()).as(on).isTrue();
            assertThat(config.getExchanges().get(on).getOrderFlow().isEnabled()).as(on).isTrue();
        }
    }

    @Test
    void unsetEveryMarketIsOn() throws Exception {
        CollectorConfiguration config = shippedWith(Map.of());

        assertThat(config.getExchanges().values()).allSatisfy(e -> assertThat(e.getKlines().isEnabled()).isTrue());
    }
}
