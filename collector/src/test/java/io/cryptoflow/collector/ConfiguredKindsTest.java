package io.cryptoflow.collector;

import static org.assertj.core.api.Assertions.assertThat;

import io.cryptoflow.common.ConfiguredMarketSchema;
import io.cryptoflow.common.MarketSymbol;
import io.dropwizard.configuration.FileConfigurationSourceProvider;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.configuration.YamlConfigurationFactory;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.validation.Validators;
import java.util.Map;
import java.util.Set;
import org.apache.commons.text.StringSubstitutor;
import org.junit.jupiter.api.Test;

/** Which kinds {@link ConfiguredKinds} records per market of the shipped collector/config.yml. */
class ConfiguredKindsTest {

    private static Map<MarketSymbol, Set<ConfiguredMarketSchema.Kind>> shippedWith(Map<String, String> env) throws Exception {
        StringSubstitutor substitutor = new StringSubstitutor(env);
        substitutor.setEnableSubstitutionInVariables(true);
        CollectorConfiguration config = new YamlConfigurationFactory<>(CollectorConfiguration.class, Validators.newValidator(),
                Jackson.newObjectMapper(), "dw").build(new SubstitutingSourceProvider(
                new FileConfigurationSourceProvider(), substitutor), "config.yml");
        return ConfiguredKinds.of(config, config.registry().resolve(config.getExchanges()));
    }

    private static String kindsOf(Map<MarketSymbol, Set<ConfiguredMarketSchema.Kind>> kinds, String stored) {
        return ConfiguredMarketSchema.kinds(kinds.getOrDefault(MarketSymbol.parseStored(stored), Set.of()));
    }

    @Test
    void theShippedConfigurationsKindsPerMarket() throws Exception {
        Map<MarketSymbol, Set<ConfiguredMarketSchema.Kind>> kinds = shippedWith(Map.of());

        // depth listed for BTCUSDT only; liquidations where the trade connection carries them
        assertThat(kindsOf(kinds, "BINANCE:BTCUSDT")).isEqualTo("trades,liquidations,depth,open_interest,funding");
        assertThat(kindsOf(kinds, "BINANCE:ETHUSDT")).isEqualTo("trades,liquidations,open_interest,funding");
        assertThat(kindsOf(kinds, "BYBIT:BTCUSDT")).isEqualTo("trades,liquidations,depth,open_interest,funding");
        assertThat(kindsOf(kinds, "BINANCE_SPOT:BTCUSDT")).isEqualTo("trades");
        assertThat(kindsOf(kinds, "BYBIT_SPOT:SOLUSDT")).isEqualTo("trades");
        assertThat(kindsOf(kinds, "BITGET:BTCUSDT")).isEqualTo("trades,open_interest,funding");
    }

    @Test
    void orderFlowSwitchedOffLeavesTheDerivatives() throws Exception {
        Map<MarketSymbol, Set<ConfiguredMarketSchema.Kind>> kinds = shippedWith(Map.of("BINANCE_FUTURES_ENABLED", "false",
                "BINANCE_SPOT_ENABLED", "false"));

        assertThat(kindsOf(kinds, "BINANCE:ETHUSDT")).isEqualTo("open_interest,funding");
        assertThat(kindsOf(kinds, "BINANCE:BTCUSDT")).isEqualTo("depth,open_interest,funding");
        assertThat(kinds).doesNotContainKey(MarketSymbol.parseStored("BINANCE_SPOT:BTCUSDT"));
        assertThat(kindsOf(kinds, "BYBIT:ETHUSDT")).isEqualTo("trades,liquidations,open_interest,funding");
    }
}
