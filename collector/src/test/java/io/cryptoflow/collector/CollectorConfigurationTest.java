package io.cryptoflow.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cryptoflow.collector.sources.klines.HistoryWindows;
import io.cryptoflow.common.Timeframe;
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
                exchanges:
                  %s:
                    restUrl: http://127.0.0.1:1
                    symbols: %s
                    klines:
                      timeframes: %s
                      historyDays: %d
                """.formatted(type, symbols, timeframes, days);
    }

    @Test
    void shippedConfigLoadsWithEveryMarketAndDefaults() throws Exception {
        CollectorConfiguration c = factory.build(new SubstitutingSourceProvider(new FileConfigurationSourceProvider(),
                new EnvironmentVariableSubstitutor(false)), "config.yml");

        assertThat(c.getExchanges()).containsOnlyKeys(ExchangeRegistry.BUILT_IN.names());
        assertThat(c.getExchanges().get("binance-futures").normalizedSymbols())
                .containsExactly("BTCUSDT", "ETHUSDT", "SOLUSDT", "BNBUSDT");
        assertThat(c.getExchanges().get("bitget-futures").getKlines().getHistoryDays()).isEqualTo(90);
        assertThat(c.getSyncInterval().toSeconds()).isEqualTo(10);
        assertThat(c.tombstoneRetentionSettings().retention()).isEqualTo(java.time.Duration.ofDays(7));
        assertThat(c.tombstoneRetentionSettings().pruneInterval()).isEqualTo(java.time.Duration.ofHours(1));
        assertThat(c.getBackfillYield().getMaxWait().toSeconds()).isEqualTo(5);
        assertThat(c.getBackfillYield().getMaxYieldShare()).isEqualTo(0.3);
        assertThat(c.getBackfillYield().getReadersAbove()).isEqualTo(0.25);
        assertThat(c.getBackfillYield().getReadersFull()).isEqualTo(4);
        assertThat(c.getBackfillYield().getReadersTimeout().toMilliseconds()).isEqualTo(500);
        if (System.getenv("CRYPTOFLOW_BACKFILL_YIELD_ABOVE") == null) {
            assertThat(c.getBackfillYield().getOthersCpuAbove()).isEqualTo(0.5);
        }
        if (System.getenv("CRYPTOFLOW_HISTORY_DAYS") == null) {
            assertThat(c.getHistoryDaysOverride()).isNull();
            HistoryWindows bitget = c.historyDaysOf(c.getExchanges().get("bitget-futures"));
            assertThat(bitget.days(Timeframe.H1)).isEqualTo(90);
            // the finer timeframes' defaults, capped at the section's historyDays
            assertThat(bitget.days(Timeframe.M1)).isEqualTo(30);
            assertThat(bitget.days(Timeframe.M5)).isEqualTo(90);
            assertThat(bitget.days(Timeframe.M30)).isEqualTo(90);
            HistoryWindows binance = c.historyDaysOf(c.getExchanges().get("binance-futures"));
            assertThat(binance.days(Timeframe.M30)).isEqualTo(365);
            assertThat(binance.days(Timeframe.M15)).isEqualTo(binance.defaultDays());
        }
    }

    @Test
    void historyDaysOverrideReplacesEveryMarketsWindow() throws Exception {
        CollectorConfiguration c = load("historyDaysOverride: 7\n" + market("bitget-futures", "[BTCUSDT]", "[1h]", 90));

        assertThat(c.historyDaysOf(c.getExchanges().get("bitget-futures")).days(Timeframe.H1)).isEqualTo(7);
        assertThat(c.historyDaysOf(c.getExchanges().get("bitget-futures")).days(Timeframe.M30)).isEqualTo(7);
    }

    @Test
    void historyDaysOverrideShortensTheFootprintWindowsNeverLengthensThem() throws Exception {
        String orderFlow = """
                    orderFlow:
                      footprintDays: %d
                """;
        CollectorConfiguration shorter = load("historyDaysOverride: 7\n"
                + market("binance-futures", "[BTCUSDT]", "[1m, 1h]", 90) + orderFlow.formatted(30));
        CollectorConfiguration longer = load("historyDaysOverride: 90\n"
                + market("binance-futures", "[BTCUSDT]", "[1m, 1h]", 90) + orderFlow.formatted(30));
        CollectorConfiguration none = load(market("binance-futures", "[BTCUSDT]", "[1m, 1h]", 7) + orderFlow.formatted(30));

        // footprint candles far beyond the kline window (7 x 24 h back from now) would never be closed by a kline
        assertThat(footprintDaysOf(shorter)).isEqualTo(7);
        assertThat(footprintDaysOf(longer)).isEqualTo(30);
        assertThat(footprintDaysOf(none)).isEqualTo(30);
    }

    private static int footprintDaysOf(CollectorConfiguration oneSection) {
        return oneSection.resolvedExchanges().values().iterator().next().getOrderFlow().getFootprintDays();
    }

    @Test
    void historyDaysByTimeframeSetsOneTimeframesWindow() throws Exception {
        CollectorConfiguration c = load(market("binance-futures", "[BTCUSDT]", "[1m, 5m, 30m, 1h]", 400)
                + "      historyDaysByTimeframe: {1m: 7, 30: 500}\n");
        HistoryWindows w = c.historyDaysOf(c.getExchanges().get("binance-futures"));

        assertThat(c.getExchanges().get("binance-futures").getKlines().parsedTimeframes())
                .containsExactly(Timeframe.M1, Timeframe.M5, Timeframe.M30, Timeframe.H1);
        assertThat(w.days(Timeframe.M1)).isEqualTo(7);
        assertThat(w.days(Timeframe.M5)).isEqualTo(90);
        assertThat(w.days(Timeframe.M30)).isEqualTo(500);
        assertThat(w.days(Timeframe.H1)).isEqualTo(400);
    }

    @Test
    void footprintsOfTheFinerTimeframesOnlyWhereTheirKlinesAreCollected() throws Exception {
        CollectorConfiguration c = load(market("binance-futures", "[BTCUSDT]", "[5m, 1h]", 30));

        assertThat(c.getExchanges().get("binance-futures").getKlines().footprintTimeframes())
                .containsExactly(Timeframe.M5, Timeframe.M15, Timeframe.H1, Timeframe.H4, Timeframe.D1);
    }

    @Test
    void historyDaysByTimeframeNamesABadTimeframe() {
        assertThatThrownBy(() -> load(market("binance-futures", "[BTCUSDT]", "[1h]", 10)
                + "      historyDaysByTimeframe: {2h: 7}\n"))
                .isInstanceOf(ConfigurationValidationException.class)
                .hasMessageContaining("historyDaysByTimeframe");
    }

    @Test
    void malformedSymbolIsNamed() {
        assertThatThrownBy(() -> load(market("binance-futures", "[BTC-USDT]", "[1h]", 10)))
                .isInstanceOf(ConfigurationValidationException.class)
                .hasMessageContaining("exchanges[binance-futures].symbols[0]")
                .hasMessageContaining("must be 2-32 letters/digits");
    }

    @Test
    void unsupportedTimeframeIsNamed() {
        assertThatThrownBy(() -> load(market("binance-futures", "[BTCUSDT]", "[2h]", 10)))
                .isInstanceOf(ConfigurationValidationException.class)
                .hasMessageContaining("exchanges[binance-futures].klines.timeframes[0]")
                .hasMessageContaining("must be one of 1, 5, 15, 30, 60");
    }

    @Test
    void aFileWithoutExchangesIsRefused() {
        assertThatThrownBy(() -> load("syncInterval: 1s\n"))
                .isInstanceOf(ConfigurationValidationException.class)
                .hasMessageContaining("exchanges: must name at least one exchange market");
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
