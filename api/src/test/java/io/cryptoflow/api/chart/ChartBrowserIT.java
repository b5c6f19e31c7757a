package io.cryptoflow.api.chart;

import static io.cryptoflow.api.support.ApiDbFixture.BTC;
import static org.assertj.core.api.Assertions.assertThat;

import io.cryptoflow.api.ApiApplication;
import io.cryptoflow.api.ApiConfiguration;
import io.cryptoflow.api.support.ApiDbFixture;
import io.cryptoflow.api.support.HeadlessChromium;
import io.cryptoflow.common.Candle;
import io.cryptoflow.common.MarketSymbol;
import io.cryptoflow.common.Timeframe;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chart at {@code /} in headless Chromium: loads candles from a test api.db (scrolling back
 * with {@code before}), switches timeframe, applies a live update from {@code /ws} and shows the
 * footprint when zoomed in. Screenshots land in {@code api/target/}. Skipped only when Chromium
 * is missing and {@code CRYPTOFLOW_REQUIRE_CHROMIUM} is unset.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class ChartBrowserIT {

    static final long T0 = 1_699_920_000_000L;
    static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    static Path dataDir;

    static final DropwizardAppExtension<ApiConfiguration> APP = new DropwizardAppExtension<>(
            ApiApplication.class, ResourceHelpers.resourceFilePath("test-api.yml"),
            ConfigOverride.config("dataDir", () -> dataDir.toString()));

    static ApiDbFixture db;

    @BeforeAll
    static void requireChromiumAndCreateReplica() throws Exception {
        if (!HeadlessChromium.available()) {
            String required = System.getenv("CRYPTOFLOW_REQUIRE_CHROMIUM");
            if (required == null || required.isBlank()) {
                Assumptions.abort("chromium not installed at " + HeadlessChromium.BINARY
                        + " and CRYPTOFLOW_REQUIRE_CHROMIUM unset");
            }
            throw new AssertionError("CRYPTOFLOW_REQUIRE_CHROMIUM is set but " + HeadlessChromium.BINARY + " is missing");
        }
        db = ApiDbFixture.create(dataDir.resolve("api.db"));
        List<Candle> m15 = new ArrayList<>();
        double price = 36_000;
        for (int i = 0; i < 60; i++) {
            double open = price;
            price += Math.sin(i / 4.0) * 40 + (i % 3 - 1) * 12;
            Candle c = Candle.fromTakerBuy(T0 + i * 900_000L, open, Math.max(open, price) + 25, Math.min(open, price) - 25,
                    price, 120 + i * 3, 60 + (i % 7) * 9, 900 + i, i < 59);
            m15.add(i >= 50 ? c.withClusters(clusters(open, price)) : c);
        }
        db.upsert(Timeframe.M15, BTC, 1, m15);
        db.upsert(Timeframe.H1, BTC, 1, ApiDbFixture.series(Timeframe.H1, T0, 10));
        db.upsert(Timeframe.M1, BTC, 1, ApiDbFixture.series(Timeframe.M1, T0, 30));
        db.upsert(Timeframe.M5, BTC, 1, ApiDbFixture.series(Timeframe.M5, T0, 12));
        db.upsert(Timeframe.M15, MarketSymbol.of("bybit", "ethusdt"), 1, ApiDbFixture.series(Timeframe.M15, T0, 3));
        db.replica(1, System.currentTimeMillis(), System.currentTimeMillis(), "snapshot");
    }

    @AfterAll
    static void closeFixture() throws Exception {
        if (db != null) {
            db.close();
        }
    }

    /** Footprint levels every 10 between open and close, heavier in the middle. */
    static String clusters(double open, double close) {
        StringBuilder sb = new StringBuilder("{");
        double lo = Math.floor((Math.min(open, close) - 20) / 10) * 10;
        double hi = Math.ceil((Math.max(open, close) + 20) / 10) * 10;
        int n = 0;
        for (double p = lo; p <= hi; p += 10, n++) {
            if (n > 0) {
                sb.append(',');
            }
            double w = 1 + Math.max(0, 4 - Math.abs(n - 3));
            sb.append("\"").append((long) p).append("\":{\"buy\":").append(w * 1.5).append(",\"sell\":").append(w).append('}');
        }
        return sb.append('}').toString();
    }

    @Test
    void theFinerTimeframesAreOfferedOpenedFromTheUrlAndSwitchedTo(@TempDir Path browserDir) throws Exception {
        String url = "http://127.0.0.1:" + APP.getLocalPort() + "/?tf=5m";
        try (HeadlessChromium browser = new HeadlessChromium(url, browserDir.resolve("profile"))) {
            browser.waitFor("document.body.dataset.tf === '5' && document.body.dataset.candles === '12'", WAIT);
            assertThat(browser.eval("[...document.querySelectorAll('#timeframes button')].map(b => b.dataset.tf).join(',')")
                    .asText()).isEqualTo("1,5,15,30,60,240,1440");
            assertThat(browser.eval("cryptoflow.state.candles[1].time - cryptoflow.state.candles[0].time").asLong())
                    .isEqualTo(300_000L);

            browser.eval("document.querySelector('#timeframes button[data-tf=\"1\"]').click()");
            browser.waitFor("document.body.dataset.tf === '1' && document.body.dataset.candles === '30'", WAIT);
            assertThat(browser.eval("document.querySelector('#timeframes button.active').textContent").asText()).isEqualTo("1m");
            browser.screenshot(Path.of("target", "chart-1m.png"));
        }
    }

    @Test
    void chartLoadsScrollsBackSwitchesTimeframeGoesLiveAndDrawsFootprint(@TempDir Path browserDir) throws Exception {
        String url = "http://127.0.0.1:" + APP.getLocalPort() + "/?limit=40";
        try (HeadlessChromium browser = new HeadlessChromium(url, browserDir.resolve("profile"))) {
            // First page of 40, then the older 20 through before=oldestTime, since the view reaches the start.
            browser.waitFor("document.body.dataset.tf === '15' && document.body.dataset.candles === '60'", WAIT);
            assertThat(browser.eval("document.body.dataset.hasMore").asText()).isEqualTo("false");
            assertThat(browser.eval("cryptoflow.state.candles[0].time").asLong()).isEqualTo(T0);
            assertThat(browser.eval("cryptoflow.lastCandle().closed").asBoolean()).isFalse();
            assertThat(browser.eval("[...document.querySelectorAll('#exchange option')].map(o => o.value).join(',')")
                    .asText()).isEqualTo("binance,bybit");
            browser.waitFor("document.getElementById('status').textContent === 'live'", WAIT);
            browser.screenshot(Path.of("target", "chart-15m.png"));

            browser.eval("document.querySelector('#timeframes button[data-tf=\"60\"]').click()");
            browser.waitFor("document.body.dataset.tf === '60' && document.body.dataset.candles === '10'", WAIT);
            assertThat(browser.eval("document.querySelector('#timeframes button.active').dataset.tf").asText()).isEqualTo("60");
            browser.waitFor("document.getElementById('status').textContent === 'live'", WAIT);

            long next = T0 + 10 * 3_600_000L;
            db.upsert(Timeframe.H1, BTC, 2, List.of(Candle.fromTakerBuy(next, 110, 130, 105, 128.5, 42, 30, 77, false)));
            db.replica(2, System.currentTimeMillis(), System.currentTimeMillis(), "incremental");
            browser.waitFor("document.body.dataset.lastUpdate === '" + next + "'", WAIT);
            assertThat(browser.eval("cryptoflow.lastCandle().close").asDouble()).isEqualTo(128.5);
            assertThat(browser.eval("document.body.dataset.candles").asText()).isEqualTo("11");
            browser.screenshot(Path.of("target", "chart-1h-live.png"));

            browser.eval("document.querySelector('#timeframes button[data-tf=\"15\"]').click()");
            browser.waitFor("document.body.dataset.tf === '15' && +document.body.dataset.candles >= 40", WAIT);
            browser.eval("cryptoflow.zoomTo(110)");
            browser.waitFor("document.body.dataset.footprint === 'on'", WAIT);
            // pages come without clusters; the footprints of the candles on screen are fetched then
            browser.waitFor("+document.body.dataset.footprintCandles > 0", WAIT);
            Path footprint = browser.screenshot(Path.of("target", "chart-footprint.png"));

            byte[] png = Files.readAllBytes(footprint);
            assertThat(png.length).isGreaterThan(10_000);
            assertThat(new String(png, 1, 3, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("PNG");

            // The exchange picker offers that exchange's symbols and loads the first one.
            browser.eval("(() => { const s = document.getElementById('exchange'); s.value = 'bybit';"
                    + " s.dispatchEvent(new Event('change')); })()");
            browser.waitFor("document.body.dataset.exchange === 'bybit' && document.body.dataset.symbol === 'ETHUSDT'"
                    + " && document.body.dataset.candles === '3'", WAIT);
            assertThat(browser.eval("document.getElementById('symbol').value").asText()).isEqualTo("ETHUSDT");
            assertThat(browser.pageErrors).isEmpty();
        }
    }
}
