package io.cryptoflow.collector.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cryptoflow.collector.CollectorConfiguration;
import io.cryptoflow.collector.ExchangeRegistry;
import io.cryptoflow.collector.exchange.ExchangeType;
import io.dropwizard.configuration.ConfigurationValidationException;
import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.FileConfigurationSourceProvider;
import io.dropwizard.configuration.ResourceConfigurationSourceProvider;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.configuration.YamlConfigurationFactory;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.validation.Validators;
import io.dropwizard.util.Duration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one configuration layout (one exchanges.<type> section per exchange market) and what an old file gets. */
class ExchangeLayoutTest {

    @TempDir
    Path dir;

    private final YamlConfigurationFactory<CollectorConfiguration> factory =
            new YamlConfigurationFactory<>(CollectorConfiguration.class, Validators.newValidator(),
                    Jackson.newObjectMapper(), "dw");

    private CollectorConfiguration shipped() throws Exception {
        return factory.build(new SubstitutingSourceProvider(new FileConfigurationSourceProvider(),
                new EnvironmentVariableSubstitutor(false)), "config.yml");
    }

    private CollectorConfiguration load(String yaml) throws Exception {
        Path file = dir.resolve("c.yml");
        Files.writeString(file, yaml);
        return factory.build(new FileConfigurationSourceProvider(), file.toString());
    }

    /** A file with one binance-futures section (REST on port 1) and these lines appended to it. */
    private CollectorConfiguration binanceFutures(String symbols, String more) throws Exception {
        return load("""
                exchanges:
                  binance-futures:
                    restUrl: http://127.0.0.1:1
                    symbols: %s
                """.formatted(symbols) + more);
    }

    @Test
    void shippedConfigNamesEveryRegisteredExchangeOnceWithItsStoredName() throws Exception {
        CollectorConfiguration c = shipped();
        Map<ExchangeType, ExchangeConfiguration> exchanges = ExchangeRegistry.BUILT_IN.resolve(c.getExchanges());

        assertThat(exchanges.keySet()).extracting(ExchangeType::name)
                .containsExactlyElementsOf(ExchangeRegistry.BUILT_IN.names())
                .containsExactly("binance-futures", "binance-spot", "bybit-linear", "bybit-spot", "bitget-futures");
        assertThat(exchanges.keySet()).extracting(ExchangeType::exchange)
                .containsExactly("BINANCE", "BINANCE_SPOT", "BYBIT", "BYBIT_SPOT", "BITGET");
        assertThat(exchanges.values()).allSatisfy(e -> assertThat(e.getOrderFlow().isEnabled()).isTrue());
        ExchangeConfiguration binance = c.getExchanges().get("binance-futures");
        assertThat(binance.getOrderFlow().getPingInterval()).as("unset: Binance's own keep-alive").isNull();
        assertThat(exchanges.keySet().iterator().next().pingInterval()).isEqualTo(Duration.minutes(3));
        assertThat(c.getExchanges().get("bitget-futures").getKlines().getHistoryDays()).isEqualTo(90);
        if (System.getenv("BINANCE_FUTURES_WS_URL") == null) {
            assertThat(binance.getWsUrl()).isEqualTo("wss://fstream.binance.com/market");
        }
        // built once by Jackson: every caller sees the same objects
        assertThat(c.getExchanges()).isSameAs(c.getExchanges());
        assertThat(c.getOrderFlow()).isSameAs(c.getOrderFlow());
    }

    @Test
    void anOldLayoutFileStopsStartupSayingWhereEachKeyGoes() {
        assertThatThrownBy(() -> factory.build(new SubstitutingSourceProvider(new ResourceConfigurationSourceProvider(),
                new EnvironmentVariableSubstitutor(false)), "collector-old-layout.yml"))
                .isInstanceOf(ConfigurationValidationException.class)
                .hasMessageContaining("uses the old layout (markets: and orderFlow.binance/binanceSpot/bybit/bitget)")
                .hasMessageContaining("markets[] with type: T -> exchanges.T")
                .hasMessageContaining("orderFlow.binance -> exchanges.binance-futures")
                .hasMessageContaining("orderFlow.bitget -> exchanges.bitget-futures");
        assertThatThrownBy(() -> binanceFutures("[BTCUSDT]", """
                orderFlow:
                  bybit:
                    enabled: true
                """)).isInstanceOf(ConfigurationValidationException.class)
                .hasMessageContaining("uses the old layout");
    }

    @Test
    void aSectionSwitchesKlinesAndOrderFlow() throws Exception {
        CollectorConfiguration c = load("""
                exchanges:
                  bybit-linear:
                    restUrl: http://127.0.0.1:1
                    wsUrl: ws://127.0.0.1:2
                    symbols: [BTCUSDT]
                    klines:
                      enabled: false
                    orderFlow:
                      enabled: true
                      silenceTimeout: 5s
                """);

        ExchangeConfiguration bybit = c.getExchanges().get("bybit-linear");
        assertThat(bybit.getKlines().isEnabled()).isFalse();
        assertThat(bybit.getOrderFlow().isEnabled()).isTrue();
        assertThat(bybit.getOrderFlow().getSilenceTimeout().toSeconds()).isEqualTo(5);
        assertThat(bybit.getOrderFlow().getFootprintDays()).isEqualTo(30);
        assertThat(ExchangeRegistry.BUILT_IN.resolve(c.getExchanges()).keySet()).singleElement()
                .satisfies(t -> assertThat(t.pingInterval()).isEqualTo(Duration.seconds(20)));
    }

    @Test
    void badSectionsAreNamed() throws Exception {
        String kraken = """
                exchanges:
                  kraken:
                    restUrl: http://127.0.0.1:1
                    symbols: [BTCUSDT]
                """;
        assertThatThrownBy(() -> load(kraken)).isInstanceOf(ConfigurationValidationException.class)
                .hasMessageContaining("exchanges: keys must be registered exchange types: binance-futures");
        Path file = dir.resolve("kraken.yml");
        Files.writeString(file, kraken);
        CollectorConfiguration unchecked = new YamlConfigurationFactory<>(CollectorConfiguration.class, null,
                Jackson.newObjectMapper(), "dw").build(new FileConfigurationSourceProvider(), file.toString());
        assertThatThrownBy(() -> ExchangeRegistry.BUILT_IN.resolve(unchecked.getExchanges()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown exchange type(s) [kraken]; known: [binance-futures, binance-spot");
        assertThatThrownBy(() -> binanceFutures("[BTCUSDT]", """
                    orderFlow:
                      enabled: true
                """)).isInstanceOf(ConfigurationValidationException.class)
                .hasMessageContaining("orderFlow.enabled needs wsUrl");
        assertThatThrownBy(() -> binanceFutures("[BTC/USDT]", "")).isInstanceOf(ConfigurationValidationException.class)
                .hasMessageContaining("exchanges[binance-futures].symbols");
        assertThatThrownBy(() -> binanceFutures("[BTCUSDT]", """
                    klines:
                      timeframes: [2h]
                      historyDays: -5
                """)).isInstanceOf(ConfigurationValidationException.class)
                .hasMessageContaining("exchanges[binance-futures].klines.timeframes[0]")
                .hasMessageContaining("exchanges[binance-futures].klines.historyDays");
    }
}
