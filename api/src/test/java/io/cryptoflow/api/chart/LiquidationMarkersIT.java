package io.cryptoflow.api.chart;

import static io.cryptoflow.api.support.ApiDbFixture.BTC;
import static org.assertj.core.api.Assertions.assertThat;

import io.cryptoflow.api.ApiApplication;
import io.cryptoflow.api.ApiConfiguration;
import io.cryptoflow.api.support.ApiDbFixture;
import io.cryptoflow.api.support.HeadlessChromium;
import io.cryptoflow.api.support.TradeFixture;
import io.cryptoflow.common.PartitionKind;
import io.cryptoflow.common.TradePartition;
import io.cryptoflow.common.Timeframe;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chart's liquidation markers and CVD line in headless Chromium: the liquidations of
 * /api/liquidations over the candles on screen are loaded and drawn on the price pane, the
 * cumulative delta over the delta pane (screenshot {@code api/target/chart-liquidations.png}).
 * Skipped like {@link ChartBrowserIT} when Chromium is missing and not required.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class LiquidationMarkersIT {

    static final long T0 = 1_699_920_000_000L;
    static final int CANDLES = 48;
    static final int LIQUIDATIONS = 30;

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
        TradePartition p = new TradePartition(PartitionKind.LIQUIDATIONS, "BINANCE", TradePartition.dayOf(T0));
        TradeFixture.create(db.connection(), p, 1);
        try (PreparedStatement liq = db.connection().prepareStatement("INSERT INTO " + p.table()
                + " (symbol, time, long_side, price, qty, rev) VALUES ('BTCUSDT', ?, ?, ?, ?, 1)")) {
            for (int i = 0; i < LIQUIDATIONS; i++) {
                liq.setLong(1, T0 + i * 1_200_000L + 7);
                liq.setInt(2, i % 3 == 0 ? 0 : 1);
                liq.setDouble(3, 100 + i * 1.5); // within the fixture candles' prices (100 rising by one a candle)
                liq.setDouble(4, 0.1 + i % 5);
                liq.executeUpdate();
            }
        }
        try (PreparedStatement cover = db.connection().prepareStatement(
                "INSERT INTO liquidation_coverage (exchange, symbol, from_time, to_time, rev) VALUES ('BINANCE', 'BTCUSDT', ?, ?, 1)")) {
            cover.setLong(1, T0);
            cover.setLong(2, T0 + CANDLES * 900_000L / 2); // the second half unknown: dotted under the price pane
            cover.executeUpdate();
        }
        db.replica(1, System.currentTimeMillis(), System.currentTimeMillis(), "snapshot");
    }

    @AfterAll
    static void closeFixture() throws Exception {
        if (db != null) {
            db.close();
        }
    }

    @Test
    void theLiquidationsOfTheCandlesOnScreenAreMarkedAndTheCvdDrawn(@TempDir Path browserDir) throws Exception {
        String url = "http://127.0.0.1:" + APP.getLocalPort() + "/?limit=" + CANDLES;
        try (HeadlessChromium browser = new HeadlessChromium(url, browserDir.resolve("profile"))) {
            browser.waitFor("document.body.dataset.candles === '" + CANDLES + "'", Duration.ofSeconds(20));
            browser.waitFor("document.body.dataset.liquidations === '" + LIQUIDATIONS + "'", Duration.ofSeconds(20));
            browser.waitFor("Number(document.body.dataset.cvdPoints) > 0", Duration.ofSeconds(20));
            Path shot = browser.screenshot(Path.of("target", "chart-liquidations.png"));
            assertThat(Files.size(shot)).isGreaterThan(10_000);
        }
    }
}
