package io.cryptoflow.collector.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cryptoflow.collector.CollectorConfiguration;
import io.cryptoflow.collector.exchange.Venue;
import io.dropwizard.configuration.ConfigurationValidationException;
import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.FileConfigurationSourceProvider;
import io.dropwizard.configuration.ResourceConfigurationSourceProvider;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.configuration.YamlConfigurationFactory;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.validation.Validators;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exchanges: layout (one section per exchange market) and the old markets: + orderFlow.<venue> layout. */
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

    private CollectorConfiguration oldLayout() throws Exception {
        return factory.build(new SubstitutingSourceProvider(new ResourceConfigurationSourceProvider(),
                new EnvironmentVariableSubstitutor(false)), "collector-old-layout.yml");
    }

    private CollectorConfiguration load(String yaml) throws Exception {
        Path file = dir.resolve("c.yml");
        Files.writeString(file, yaml);
        return factory.build(new FileConfigurationSourceProvider(), file.toString());
    }

    private static List<String> describeMarkets(CollectorConfiguration c) {
        return c.getMarkets().stream().map(m -> String.join(" ", m.getType(), m.getRestUrl(),
                String.valueOf(m.getSymbols()), String.valueOf(m.getTimeframes()), String.valueOf(m.getHistoryDays()),
                String.valueOf(m.isEnabled()))).toList();
    }

    private static String describe(VenueConfiguration v) {
        return String.join(" ", String.valueOf(v.isEnabled()), v.getWsUrl(), v.getRestUrl(), v.getArchiveUrl(),
                String.valueOf(v.getSymbols()), String.valueOf(v.getFootprintDays()), String.valueOf(v.getPingInterval()),
                String.valueOf(v.getPlannedReconnect()), String.valueOf(v.getSilenceTimeout()),
                String.valueOf(v.getMinReconnectDelay()), String.valueOf(v.getMaxReconnectDelay()),
                String.valueOf(v.getRestPageInterval()));
    }

    @Test
    void shippedConfigNamesEachExchangeOnceAndMeansWhatTheOldLayoutMeant() throws Exception {
        CollectorConfiguration now = shipped();
        CollectorConfiguration before = oldLayout();

        assertThat(now.getExchanges()).containsOnlyKeys("binance-futures", "binance-spot", "bybit-linear", "bybit-spot",
                "bitget-futures");
        assertThat(now.legacyLayoutKeys()).isEmpty();
        assertThat(before.legacyLayoutKeys()).containsExactly("markets", "orderFlow.binance", "orderFlow.binanceSpot",
                "orderFlow.bitget", "orderFlow.bybit");
        assertThat(describeMarkets(now)).isEqualTo(describeMarkets(before));
        Map<Venue, VenueConfiguration> nowVenues = now.getOrderFlow().venues();
        Map<Venue, VenueConfiguration> beforeVenues = before.getOrderFlow().venues();
        assertThat(nowVenues.keySet()).isEqualTo(beforeVenues.keySet());
        for (Venue venue : Venue.values()) {
            if (venue == Venue.BYBIT_SPOT) {
                continue; // Bybit spot order flow is new: the old layout has no block for it
            }
            assertThat(describe(nowVenues.get(venue))).as(venue.name()).isEqualTo(describe(beforeVenues.get(venue)));
        }
        assertThat(describe(nowVenues.get(Venue.BYBIT_SPOT))).startsWith("true wss://stream.bybit.com/v5/public/spot"
                + " https://api.bybit.com https://public.bybit.com [BTCUSDT, ETHUSDT, SOLUSDT]");
        assertThat(now.getOrderFlow().isEnabled()).isEqualTo(before.getOrderFlow().isEnabled());
        assertThat(now.getOrderFlow().getFlushInterval()).isEqualTo(before.getOrderFlow().getFlushInterval());
        assertThat(now.getOrderFlow().getTickSizes()).isEqualTo(before.getOrderFlow().getTickSizes());
    }

    @Test
    void aSectionSwitchesKlinesAndOrderFlowAndLeavesOtherVenuesOff() throws Exception {
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

        assertThat(c.getMarkets()).singleElement().satisfies(m -> {
            assertThat(m.getType()).isEqualTo("bybit-linear");
            assertThat(m.isEnabled()).isFalse();
        });
        Map<Venue, VenueConfiguration> venues = c.getOrderFlow().venues();
        assertThat(venues.get(Venue.BYBIT).isEnabled()).isTrue();
        assertThat(venues.get(Venue.BYBIT).getWsUrl()).isEqualTo("ws://127.0.0.1:2");
        assertThat(venues.get(Venue.BYBIT).getRestUrl()).isEqualTo("http://127.0.0.1:1");
        assertThat(venues.get(Venue.BYBIT).getSilenceTimeout().toSeconds()).isEqualTo(5);
        assertThat(venues.get(Venue.BYBIT).getPingInterval().toSeconds()).isEqualTo(20);
        assertThat(venues.get(Venue.BINANCE_FUTURES).isEnabled()).isFalse();
        assertThat(venues.get(Venue.BITGET).isEnabled()).isFalse();
    }

    @Test
    void mixingTheOldLayoutWithExchangesStopsStartupNamingTheKeys() {
        assertThatThrownBy(() -> load("""
                exchanges:
                  binance-futures:
                    restUrl: http://127.0.0.1:1
                    symbols: [BTCUSDT]
                markets:
                  - type: binance-spot
                    restUrl: http://127.0.0.1:1
                    symbols: [BTCUSDT]
                """)).isInstanceOf(ConfigurationValidationException.class)
                .hasMessageContaining("move markets: entries")
                .hasMessageContaining("exchanges.<type>");
        assertThatThrownBy(() -> load("""
                exchanges:
                  binance-futures:
                    restUrl: http://127.0.0.1:1
                    symbols: [BTCUSDT]
                orderFlow:
                  bybit:
                    enabled: true
                """)).isInstanceOf(ConfigurationValidationException.class)
                .hasMessageContaining("orderFlow.binance/binanceSpot/bybit/bitget");
    }

    @Test
    void badSectionsAreNamed() {
        assertThatThrownBy(() -> load("""
                exchanges:
                  kraken:
                    restUrl: http://127.0.0.1:1
                    symbols: [BTCUSDT]
                """)).isInstanceOf(ConfigurationValidationException.class)
                .hasMessageContaining("exchanges: keys must be binance-futures");
        // every market type has order flow now, Bybit spot included
        assertThat(assertDoesNotThrow(() -> load("""
                exchanges:
                  bybit-spot:
                    restUrl: http://127.0.0.1:1
                    wsUrl: ws://127.0.0.1:2
                    symbols: [BTCUSDT]
                    orderFlow:
                      enabled: true
                """)).getOrderFlow().venues().get(Venue.BYBIT_SPOT).isEnabled()).isTrue();
        assertThatThrownBy(() -> load("""
                exchanges:
                  binance-futures:
                    restUrl: http://127.0.0.1:1
                    symbols: [BTCUSDT]
                    orderFlow:
                      enabled: true
                """)).isInstanceOf(ConfigurationValidationException.class)
                .hasMessageContaining("orderFlow.enabled needs wsUrl");
        assertThatThrownBy(() -> load("""
                exchanges:
                  binance-futures:
                    restUrl: http://127.0.0.1:1
                    symbols: [BTC/USDT]
                """)).isInstanceOf(ConfigurationValidationException.class)
                .hasMessageContaining("exchanges[binance-futures].symbols");
    }
}
