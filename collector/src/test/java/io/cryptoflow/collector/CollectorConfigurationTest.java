package io.cryptoflow.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cryptoflow.collector.config.MarketConfiguration;
import io.dropwizard.configuration.ConfigurationValidationException;
import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.FileConfigurationSourceProvider;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.configuration.YamlConfigurationFactory;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.validation.Validators;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CollectorConfigurationTest {

    @TempDir
    Path dir;

    private final ObjectMapper mapper = Jackson.newObjectMapper();
    private final YamlConfigurationFactory<CollectorConfiguration> factory =
            new YamlConfigurationFactory<>(CollectorConfiguration.class, Validators.newValidator(), mapper, "dw");

    private CollectorConfiguration load(String yaml) throws Exception {
        Path file = dir.resolve("c.yml");
        Files.writeString(file, yaml);
        return factory.build(new SubstitutingSourceProvider(new FileConfigurationSourceProvider(),
                new EnvironmentVariableSubstitutor(false)), file.toString());
    }

    private static String market(String type, String symbols, String timeframes, int days) {
        return """
                markets:
                  - type: %s
                    restUrl: http://127.0.0.1:1
                    symbols: %s
                    timeframes: %s
                    historyDays: %d
                """.formatted(type, symbols, timeframes, days);
    }

    @Test
    void shippedConfigLoadsWithEveryMarketAndDefaults() throws Exception {
        CollectorConfiguration c = factory.build(new SubstitutingSourceProvider(new FileConfigurationSourceProvider(),
                new EnvironmentVariableSubstitutor(false)), "config.yml");

        assertThat(c.getMarkets()).extracting(MarketConfiguration::getType)
                .containsExactly("binance-futures", "binance-spot", "bybit-linear", "bybit-spot", "bitget-futures");
        assertThat(c.getMarkets().get(0).normalizedSymbols()).containsExactly("BTCUSDT", "ETHUSDT", "SOLUSDT", "BNBUSDT");
        assertThat(c.getMarkets().get(4).getHistoryDays()).isEqualTo(90);
        assertThat(c.getSyncInterval().toSeconds()).isEqualTo(10);
        assertThat(c.tombstoneRetentionSettings().retention()).isEqualTo(java.time.Duration.ofDays(7));
        assertThat(c.tombstoneRetentionSettings().pruneInterval()).isEqualTo(java.time.Duration.ofHours(1));
        assertThat(c.getBackfillYield().getMaxWait().toSeconds()).isEqualTo(5);
        if (System.getenv("CRYPTOFLOW_BACKFILL_YIELD_ABOVE") == null) {
            assertThat(c.getBackfillYield().getOthersCpuAbove()).isEqualTo(0.5);
        }
        if (System.getenv("CRYPTOFLOW_HISTORY_DAYS") == null) {
            assertThat(c.getHistoryDaysOverride()).isNull();
            assertThat(c.historyDaysOf(c.getMarkets().get(4))).isEqualTo(90);
        }
    }

    @Test
    void historyDaysOverrideReplacesEveryMarketsWindow() throws Exception {
        CollectorConfiguration c = load("historyDaysOverride: 7\n" + market("bitget-futures", "[BTCUSDT]", "[1h]", 90));

        assertThat(c.historyDaysOf(c.getMarkets().get(0))).isEqualTo(7);
    }

    @Test
    void unknownExchangeTypeIsNamed() {
        assertThatThrownBy(() -> load(market("kraken", "[BTCUSDT]", "[1h]", 10)))
                .isInstanceOf(ConfigurationValidationException.class)
                .hasMessageContaining("markets[0].type must be one of");
    }

    @Test
    void malformedSymbolIsNamed() {
        assertThatThrownBy(() -> load(market("binance-futures", "[BTC-USDT]", "[1h]", 10)))
                .isInstanceOf(ConfigurationValidationException.class)
                .hasMessageContaining("markets[0].symbols[0]").hasMessageContaining("must be 2-32 letters/digits");
    }

    @Test
    void unsupportedTimeframeIsNamed() {
        assertThatThrownBy(() -> load(market("binance-futures", "[BTCUSDT]", "[5m]", 10)))
                .isInstanceOf(ConfigurationValidationException.class)
                .hasMessageContaining("markets[0].timeframes[0]").hasMessageContaining("must be one of 15, 60");
    }

    @Test
    void sameMarketTypeTwiceIsRejected() {
        assertThatThrownBy(() -> load(market("binance-futures", "[BTCUSDT]", "[1h]", 10)
                + market("binance-futures", "[ETHUSDT]", "[1h]", 10).replace("markets:\n", "")))
                .isInstanceOf(ConfigurationValidationException.class)
                .hasMessageContaining("markets must not list the same type twice");
    }

    @Test
    void negativeDaysAreNamed() {
        assertThatThrownBy(() -> load(market("binance-futures", "[BTCUSDT]", "[1h]", -5)))
                .isInstanceOf(ConfigurationValidationException.class)
                .hasMessageContaining("markets[0].historyDays");
    }

    @Test
    void tombstoneRetentionIsReadAsADurationAndTooShortOneIsNamed() throws Exception {
        CollectorConfiguration c = load("tombstoneRetention: 3 days\ntombstonePruneInterval: 10m\n"
                + market("binance-futures", "[BTCUSDT]", "[1h]", 10));
        assertThat(c.tombstoneRetentionSettings().retention()).isEqualTo(java.time.Duration.ofDays(3));
        assertThat(c.tombstoneRetentionSettings().pruneInterval()).isEqualTo(java.time.Duration.ofMinutes(10));

        assertThatThrownBy(() -> load("tombstoneRetention: 5s\n" + market("binance-futures", "[BTCUSDT]", "[1h]", 10)))
                .isInstanceOf(ConfigurationValidationException.class)
                .hasMessageContaining("tombstoneRetention");
    }
}
