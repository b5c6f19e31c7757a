package io.cryptoflow.collector.sources.derivatives;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.cryptoflow.collector.config.ExchangeConfiguration;
import io.cryptoflow.collector.exchange.ExchangeType;
import io.cryptoflow.collector.health.DerivativesHealthCheck;
import io.cryptoflow.collector.exchange.RateGates;
import io.cryptoflow.collector.exchange.binance.BinanceExchanges;
import io.cryptoflow.collector.exchange.bitget.BitgetExchanges;
import io.cryptoflow.collector.exchange.bybit.BybitExchanges;
import io.cryptoflow.collector.store.SqliteCandleWriter;
import io.cryptoflow.collector.store.StoredDerivatives;
import io.cryptoflow.common.SqliteConnections;
import io.cryptoflow.common.ThreadPools;
import io.cryptoflow.simulator.ExchangeSimulator;
import io.cryptoflow.simulator.faults.Fault;
import io.cryptoflow.simulator.market.DerivativesSeries;
import io.cryptoflow.simulator.market.Venue;
import io.dropwizard.jackson.Jackson;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The collector's open interest and funding against the simulator's series over the whole window:
 * Binance beyond its 30-day REST window from the daily metrics archive, Bybit over REST, Bitget's open
 * interest only from the first poll on (nothing before: unknown is absent, never 0), and values the
 * exchange does not give (Bybit/Bitget open interest value, their funding mark price) NULL.
 */
class DerivativesIT {

    static final long DAY = 86_400_000L;
    static final int HISTORY_DAYS = 45;
    static final ObjectMapper YAML = Jackson.newObjectMapper(new YAMLFactory());

    @TempDir
    Path dir;
    ExchangeSimulator sim;
    SqliteCandleWriter writer;
    DerivativesService service;

    @BeforeEach
    void start() throws Exception {
        sim = ExchangeSimulator.builder().symbols("BTCUSDT").enforceRateLimits(false)
                .defaultListedSince(Instant.now().minus(Duration.ofDays(60)).toEpochMilli())
                .liveSince(Instant.now().minus(Duration.ofMinutes(5))).start();
        writer = new SqliteCandleWriter(dir.resolve("collector.db"), 64, new MetricRegistry());
        writer.start();
    }

    @AfterEach
    void stop() throws Exception {
        if (service != null) {
            service.stop();
        }
        writer.stop();
        sim.close();
    }

    ExchangeConfiguration section(boolean derivatives) throws Exception {
        return section(derivatives, "6h");
    }

    ExchangeConfiguration section(boolean derivatives, String recheckInterval) throws Exception {
        return YAML.readValue("restUrl: '" + sim.baseUrl() + "'\narchiveUrl: '" + sim.baseUrl()
                + "'\nsymbols: [BTCUSDT]\nderivatives:\n  enabled: " + derivatives + "\n  historyDays: " + HISTORY_DAYS
                + "\n  pollInterval: 1s\n  recheckInterval: " + recheckInterval + "\n", ExchangeConfiguration.class);
    }

    DerivativesService service(Map<ExchangeType, ExchangeConfiguration> exchanges) {
        return new DerivativesService(exchanges, section -> section.getDerivatives().getHistoryDays(), writer, new StoredDerivatives(dir.resolve("collector.db")),
                new RateGates(), HttpClient.newHttpClient(), Duration.ofSeconds(10), ThreadPools.standalone(),
                System::currentTimeMillis);
    }

    @Test
    void storedSeriesEqualTheExchangesOverTheWindow() throws Exception {
        Map<ExchangeType, ExchangeConfiguration> exchanges = new LinkedHashMap<>();
        exchanges.put(BinanceExchanges.FUTURES, section(true));
        exchanges.put(BybitExchanges.LINEAR, section(true));
        exchanges.put(BitgetExchanges.FUTURES, section(true));
        long firstPoll = System.currentTimeMillis();
        service = service(exchanges);
        service.start();
        long deadline = System.currentTimeMillis() + 120_000;
        while (!service.isBackfilled() && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
        }
        assertThat(service.isBackfilled()).as("backfilled: %s", service.progress().snapshot()).isTrue();
        service.stop();
        long windowStart = firstPoll - HISTORY_DAYS * DAY;

        try (Connection c = SqliteConnections.openReadOnly(dir.resolve("collector.db"))) {
            DerivativesSeries binance = series(Venue.BINANCE_FUTURES);
            List<double[]> binanceOi = rows(c, "SELECT time, oi, oi_value FROM open_interest WHERE symbol = "
                    + "'BINANCE:BTCUSDT' ORDER BY time");
            List<DerivativesSeries.OpenInterest> expected = binance.openInterest(5 * 60_000L, windowStart + 5 * 60_000L,
                    firstPoll - 5 * 60_000L, Long.MAX_VALUE, Integer.MAX_VALUE, false);
            // Beyond the 30-day REST window: these came from the metrics archive.
            assertThat(expected.get(0).time()).isLessThan(firstPoll - 40 * DAY);
            assertThat(byTime(binanceOi)).containsAllEntriesOf(expectedOi(expected, true));
            assertThat(binanceOi.get(0)[0]).isGreaterThanOrEqualTo(windowStart);
            assertEvery5Minutes(binanceOi);

            List<double[]> bybitOi = rows(c, "SELECT time, oi, coalesce(oi_value, -1) FROM open_interest WHERE symbol = "
                    + "'BYBIT:BTCUSDT' ORDER BY time");
            assertThat(byTime(bybitOi)).containsAllEntriesOf(expectedOi(series(Venue.BYBIT_LINEAR).openInterest(
                    5 * 60_000L, windowStart + 5 * 60_000L, firstPoll - 5 * 60_000L, Long.MAX_VALUE, Integer.MAX_VALUE,
                    false), false));
            assertEvery5Minutes(bybitOi);

            List<double[]> bitgetOi = rows(c, "SELECT time, oi, coalesce(oi_value, -1) FROM open_interest WHERE symbol = "
                    + "'BITGET:BTCUSDT' ORDER BY time");
            assertThat(bitgetOi).isNotEmpty();
            assertThat(bitgetOi.get(0)[0]).as("no open interest before the first poll").isGreaterThanOrEqualTo(firstPoll);
            for (double[] row : bitgetOi) {
                DerivativesSeries.OpenInterest oi = series(Venue.BITGET_FUTURES).openInterestAt((long) row[0]);
                assertThat(row[1]).isEqualTo(oi.size().doubleValue());
                assertThat(row[2]).as("no value from Bitget: NULL").isEqualTo(-1);
            }

            for (Venue venue : List.of(Venue.BINANCE_FUTURES, Venue.BYBIT_LINEAR, Venue.BITGET_FUTURES)) {
                String symbol = switch (venue) {
                    case BINANCE_FUTURES -> "BINANCE:BTCUSDT";
                    case BYBIT_LINEAR -> "BYBIT:BTCUSDT";
                    default -> "BITGET:BTCUSDT";
                };
                List<double[]> funding = rows(c, "SELECT time, rate, coalesce(mark_price, -1) FROM funding WHERE symbol = '"
                        + symbol + "' ORDER BY time");
                List<DerivativesSeries.Funding> events = series(venue).funding(windowStart, firstPoll, Long.MAX_VALUE,
                        Integer.MAX_VALUE, false);
                assertThat(funding).as(symbol).hasSize(events.size());
                for (int i = 0; i < events.size(); i++) {
                    assertThat((long) funding.get(i)[0]).isEqualTo(events.get(i).time());
                    assertThat(funding.get(i)[1]).isEqualTo(events.get(i).rate().doubleValue());
                    assertThat(funding.get(i)[2]).isEqualTo(venue == Venue.BINANCE_FUTURES
                            ? events.get(i).markPrice().doubleValue() : -1);
                }
            }
        }
    }

    @Test
    void aFailingSourceStopsNothingElseAndIsRepairedAtTheNextPollWhileBitgetIsPolledLive() throws Exception {
        // Bybit's funding answers 500 three times, Binance's open interest one malformed page.
        sim.faults().enqueue("/v5/market/funding/history", Fault.status(500), 3);
        sim.faults().enqueue("/futures/data/openInterestHist", Fault.malformedJson());
        Map<ExchangeType, ExchangeConfiguration> exchanges = new LinkedHashMap<>();
        exchanges.put(BinanceExchanges.FUTURES, section(true));
        exchanges.put(BybitExchanges.LINEAR, section(true));
        exchanges.put(BitgetExchanges.FUTURES, section(true));
        long firstPoll = System.currentTimeMillis();
        service = service(exchanges);
        service.start();
        long deadline = System.currentTimeMillis() + 120_000;
        while (!service.isBackfilled() && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
        }
        assertThat(service.isBackfilled()).as("backfilled: %s", service.progress().snapshot()).isTrue();
        assertThat(sim.faults().pending()).isZero();
        long backfilled = System.currentTimeMillis();
        assertThat(new DerivativesHealthCheck(service.progress()).execute().isHealthy())
                .as("the failures were repaired: %s", service.progress().snapshot()).isTrue();
        Thread.sleep(2_500);
        service.stop();
        try (Connection c = SqliteConnections.openReadOnly(dir.resolve("collector.db"))) {
            assertThat(rows(c, "SELECT time, rate, 0 FROM funding WHERE symbol = 'BYBIT:BTCUSDT'"))
                    .hasSize(series(Venue.BYBIT_LINEAR).funding(firstPoll - HISTORY_DAYS * DAY, backfilled,
                            Long.MAX_VALUE, Integer.MAX_VALUE, false).size());
            assertEvery5Minutes(rows(c, "SELECT time, oi, 0 FROM open_interest WHERE symbol = 'BINANCE:BTCUSDT' ORDER BY time"));
            assertThat(rows(c, "SELECT time, oi, 0 FROM open_interest WHERE symbol = 'BITGET:BTCUSDT'"))
                    .as("one sample per poll, polled every second").hasSizeGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void aRecheckDoesNotAskAgainForTheTimeBeforeTheExchangesHistoryBegins() throws Exception {
        sim.close();
        // Listed 20 days ago: the 45-day window's first 25 days have nothing on any exchange.
        sim = ExchangeSimulator.builder().symbols("BTCUSDT").enforceRateLimits(false)
                .defaultListedSince(Instant.now().minus(Duration.ofDays(20)).toEpochMilli())
                .liveSince(Instant.now().minus(Duration.ofMinutes(5))).start();
        service = service(Map.of(BybitExchanges.LINEAR, section(true, "1s")));
        service.start();
        long deadline = System.currentTimeMillis() + 60_000;
        while (!service.isBackfilled() && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        assertThat(service.isBackfilled()).isTrue();
        int before = sim.requests().matching("/v5/market/open-interest").size();
        Thread.sleep(3_500);
        int during = sim.requests().matching("/v5/market/open-interest").size() - before;
        // A rescan of the empty 25 days alone would take 25 * 288 / 200 = 36 pages each second.
        assertThat(during).as("open-interest requests during three rechecks").isLessThanOrEqualTo(4);
    }

    @Test
    void aSpotSectionCannotSwitchDerivativesOn() throws Exception {
        Map<ExchangeType, ExchangeConfiguration> exchanges = Map.of(BinanceExchanges.SPOT, section(true));
        assertThatThrownBy(() -> service(exchanges)).hasMessageContaining("spot");
        assertThat(service(Map.of(BinanceExchanges.SPOT, section(false))).isBackfilled()).isTrue();
    }

    DerivativesSeries series(Venue venue) {
        return new DerivativesSeries(sim.tape(venue, "BTCUSDT").orElseThrow());
    }

    static Map<Long, List<Double>> expectedOi(List<DerivativesSeries.OpenInterest> samples, boolean withValue) {
        Map<Long, List<Double>> map = new LinkedHashMap<>();
        for (DerivativesSeries.OpenInterest oi : samples) {
            map.put(oi.time(), List.of(oi.size().doubleValue(), withValue ? oi.value().doubleValue() : -1.0));
        }
        return map;
    }

    static Map<Long, List<Double>> byTime(List<double[]> rows) {
        Map<Long, List<Double>> map = new LinkedHashMap<>();
        for (double[] r : rows) {
            map.put((long) r[0], List.of(r[1], r[2]));
        }
        return map;
    }

    static void assertEvery5Minutes(List<double[]> rows) {
        for (int i = 1; i < rows.size(); i++) {
            assertThat((long) rows.get(i)[0] - (long) rows.get(i - 1)[0]).isEqualTo(5 * 60_000L);
        }
    }

    static List<double[]> rows(Connection c, String sql) throws SQLException {
        List<double[]> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(new double[] {rs.getLong(1), rs.getDouble(2), rs.getDouble(3)});
            }
        }
        return out;
    }
}
