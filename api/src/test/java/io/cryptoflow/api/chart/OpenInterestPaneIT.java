package io.cryptoflow.api.chart;

import static io.cryptoflow.api.support.ApiDbFixture.BTC;
import static org.assertj.core.api.Assertions.assertThat;

import io.cryptoflow.api.ApiApplication;
import io.cryptoflow.api.ApiConfiguration;
import io.cryptoflow.api.support.ApiDbFixture;
import io.cryptoflow.api.support.HeadlessChromium;
import io.cryptoflow.common.Timeframe;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chart's open-interest pane in headless Chromium: the samples of /api/open-interest over the
 * candles on screen are loaded and drawn under the delta pane (screenshot {@code api/target/chart-open-interest.png}).
 * Skipped like {@link ChartBrowserIT} when Chromium is missing and not required.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class OpenInterestPaneIT {

    static final long T0 = 1_699_920_000_000L;
    static final int CANDLES = 48;

    @TempDir
    static Path dataDir;

    static final DropwizardAppExtension<ApiConfiguration> APP = new DropwizardAppExtension<>(
            ApiApplication.class, ResourceHelpers.resourceFilePath("test-api.yml"),
            ConfigOverride.config("dataDir", () -> dataDir.toString()));

    static ApiDbFixture db;

    @BeforeAll
    static void createReplica() throws Exception {
        HeadlessChromium.assumeAvailableOrRequired();
        db = ApiDbFixture.create(dataDir.resolve("api.db"));
        db.upsert(Timeframe.M15, BTC, 1, ApiDbFixture.series(Timeframe.M15, T0, CANDLES));
        // 5-minute samples over the first two thirds of the candles only: no line where none is known.
        db.openInterestWave(BTC.stored(), T0, CANDLES * 2, 300_000L);
        db.replica(1, System.currentTimeMillis(), System.currentTimeMillis(), "snapshot");
    }

    @AfterAll
    static void closeFixture() throws Exception {
        if (db != null) {
            db.close();
        }
    }

    @Test
    void theOpenInterestOfTheCandlesOnScreenIsLoadedAndDrawn(@TempDir Path browserDir) throws Exception {
        String url = "http://127.0.0.1:" + APP.getLocalPort() + "/?limit=" + CANDLES;
        try (HeadlessChromium browser = new HeadlessChromium(url, browserDir.resolve("profile"))) {
            browser.waitFor("document.body.dataset.candles === '" + CANDLES + "'", Duration.ofSeconds(20));
            browser.waitFor("document.body.dataset.openInterest === '" + (CANDLES * 2) + "'", Duration.ofSeconds(20));
            Path shot = browser.screenshot(Path.of("target", "chart-open-interest.png"));
            assertThat(Files.size(shot)).isGreaterThan(10_000);
        }
    }
}
