package io.cryptoflow.collector.exchange.fake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cryptoflow.collector.CollectorConfiguration;
import io.cryptoflow.collector.testing.AppYaml;
import io.cryptoflow.collector.testing.TestCollectorApplication;
import io.cryptoflow.common.Timeframe;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A configuration naming {@code exchanges.fake-exchange} goes the normal way (YAML parsing and
 * validation, the registry, market construction in CollectorApplication.run, a kline worker, the
 * writer) and the fake exchange's candles end up in collector.db as {@code FAKE:BTCUSDT}.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class FakeExchangeIT {

    private static final FakeKlineServer SERVER = start();
    private static final Path DATA = AppYaml.tempDir("fake-exchange-data");

    private static final DropwizardAppExtension<CollectorConfiguration> APP = new DropwizardAppExtension<>(
            TestCollectorApplication.class, config().toString());

    private static FakeKlineServer start() {
        try {
            return new FakeKlineServer();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path config() {
        return AppYaml.configFile("fake-exchange-config", """
                    dataDir: %s
                    syncInterval: 200ms
                    retryDelay: 100ms
                    maxRetryDelay: 1s
                    backfillYield:
                      othersCpuAbove: 1
                    exchanges:
                      fake-exchange:
                        restUrl: %s
                        symbols: [BTCUSDT]
                        klines:
                          timeframes: [1h]
                          historyDays: 2
                    """.formatted(DATA, SERVER.url()));
    }

    @AfterAll
    static void stopServer() {
        SERVER.close();
    }

    private static long rows() throws Exception {
        return AppYaml.hourlyRows(DATA, "FAKE:BTCUSDT");
    }

    @Test
    void theFakeExchangesCandlesReachCollectorDb() {
        long now = System.currentTimeMillis();
        long expected = (Timeframe.H1.openTimeOf(now) - Timeframe.H1.openTimeOf(now - 2 * 86_400_000L))
                / Timeframe.H1.millis() + 1;
        await().atMost(Duration.ofSeconds(30)).until(() -> rows() >= expected);
        assertThat(APP.getConfiguration().getExchanges()).containsOnlyKeys("fake-exchange");
    }
}
