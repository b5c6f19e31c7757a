package io.cryptoflow.api.chart;

import static io.cryptoflow.api.support.ApiDbFixture.BTC;
import static org.assertj.core.api.Assertions.assertThat;

import io.cryptoflow.api.ApiApplication;
import io.cryptoflow.api.ApiConfiguration;
import io.cryptoflow.api.support.ApiDbFixture;
import io.cryptoflow.api.support.DepthFixture;
import io.cryptoflow.api.support.HeadlessChromium;
import io.cryptoflow.common.PartitionKind;
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
 * The chart's depth heatmap in headless Chromium, with the open-interest pane: minute heatmap rows
 * around the candles' prices are loaded from /api/depth and drawn under the candles; the price pane's
 * blue (bid) pixels are counted with the layer on and off, so the screenshot
 * ({@code api/target/chart-depth-heatmap.png}) is known to show it. Skipped like {@link ChartBrowserIT}
 * when Chromium is missing and not required.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class DepthHeatmapIT {

    static final long T0 = 1_699_920_000_000L;
    static final int CANDLES = 48;
    /** Pixels of the upper 60 % of the canvas (the price pane) whose blue clearly dominates: the bid cells. */
    static final String BLUE_PIXELS = """
            (() => { const c = document.getElementById('chart');
              const d = c.getContext('2d').getImageData(0, 0, c.width, Math.floor(c.height * 0.6)).data;
              let n = 0;
              for (let i = 0; i < d.length; i += 4) if (d[i + 2] > d[i] + 50 && d[i + 2] > d[i + 1] + 30) n++;
              return n; })()""";

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
        db.connection().setAutoCommit(false);
        for (int m = 0; m < CANDLES * 15; m++) {
            if (m >= 300 && m < 360) {
                continue; // the book was not known right in the sixth hour: no rows, reported missing
            }
            // the fixture's candle i closes at 100.5 + i; a 0.5 grid, 20 bins a side, a wall 3 bins under the best bid
            long mid = Math.round((100.5 + m / 15) / 0.5);
            float[] bids = new float[20];
            float[] asks = new float[20];
            for (int j = 0; j < 20; j++) {
                bids[j] = j == 3 ? 40 : 5 + (m % 7);
                asks[j] = 3 + j % 4;
            }
            DepthFixture.snapshot(db.connection(), PartitionKind.DEPTH_MINUTE, "binance", "btcusdt", T0 + m * 60_000L, 0.5,
                    mid - 1, mid, bids, asks, 60);
        }
        db.connection().commit();
        db.connection().setAutoCommit(true);
        // the sixth hour uncovered: a grey strip there, no cells
        DepthFixture.covered(db.connection(), "binance", "btcusdt", T0, T0 + 5 * 3_600_000L);
        DepthFixture.covered(db.connection(), "binance", "btcusdt", T0 + 6 * 3_600_000L, T0 + CANDLES * 900_000L);
        db.openInterestWave(BTC.stored(), T0, CANDLES * 3, 300_000L);
        db.replica(1, System.currentTimeMillis(), System.currentTimeMillis(), "snapshot");
    }

    @AfterAll
    static void closeFixture() throws Exception {
        if (db != null) {
            db.close();
        }
    }

    @Test
    void theHeatmapIsDrawnUnderTheCandlesNextToTheOpenInterestPaneAndTheToggleHidesIt(@TempDir Path browserDir)
            throws Exception {
        String url = "http://127.0.0.1:" + APP.getLocalPort() + "/?limit=" + CANDLES;
        try (HeadlessChromium browser = new HeadlessChromium(url, browserDir.resolve("profile"))) {
            browser.waitFor("document.body.dataset.candles === '" + CANDLES + "'", Duration.ofSeconds(20));
            browser.waitFor("document.body.dataset.openInterest === '" + (CANDLES * 3) + "'", Duration.ofSeconds(20));
            browser.waitFor("Number(document.body.dataset.heatmapCells) > 1000", Duration.ofSeconds(20));
            long on = browser.eval(BLUE_PIXELS).asLong();
            Path shot = browser.screenshot(Path.of("target", "chart-depth-heatmap.png"));
            assertThat(Files.size(shot)).isGreaterThan(10_000);

            browser.eval("document.getElementById('heatmap').click()");
            browser.waitFor("document.body.dataset.heatmapCells === '0'", Duration.ofSeconds(5));
            long off = browser.eval(BLUE_PIXELS).asLong();
            assertThat(on).as("blue bid cells in the price pane").isGreaterThan(5_000);
            assertThat(off).as("with the layer off").isLessThan(on / 10);
            assertThat(browser.pageErrors).isEmpty();
        }
    }
}
