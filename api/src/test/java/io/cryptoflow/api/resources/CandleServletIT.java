package io.cryptoflow.api.resources;

import static io.cryptoflow.api.support.ApiDbFixture.BTC;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cryptoflow.api.ApiApplication;
import io.cryptoflow.api.ApiConfiguration;
import io.cryptoflow.api.api.CandleContext;
import io.cryptoflow.api.support.ApiDbFixture;
import io.cryptoflow.api.support.ContextFixture;
import io.cryptoflow.api.support.Http;
import io.cryptoflow.common.Candle;
import io.cryptoflow.common.MarketSymbol;
import io.cryptoflow.common.Timeframe;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@ExtendWith(DropwizardExtensionsSupport.class)
class CandleServletIT {

    static final long T0 = 1_700_000_100_000L - Math.floorMod(1_700_000_100_000L, 86_400_000L);
    static final MarketSymbol ETH = MarketSymbol.of("binance", "ethusdt");
    static final MarketSymbol BYBIT_BTC = MarketSymbol.of("bybit", "btcusdt");
    static final String CLUSTERS = "{\"100.5\":{\"buy\":1.5,\"sell\":2.25},\"101\":{\"buy\":0,\"sell\":3}}";

    @TempDir
    static Path dataDir;

    static final DropwizardAppExtension<ApiConfiguration> APP = new DropwizardAppExtension<>(
            ApiApplication.class, ResourceHelpers.resourceFilePath("test-api.yml"),
            ConfigOverride.config("dataDir", () -> dataDir.toString()));

    static ApiDbFixture db;
    static List<Candle> btc15;

    @BeforeAll
    static void createReplica() throws Exception {
        // a replica of a collector that has committed (at revision 0 no market is unknown yet: 503)
        db = ApiDbFixture.create(dataDir.resolve("api.db")).replica(1, 0, System.currentTimeMillis(), "snapshot");
        btc15 = new ArrayList<>(ApiDbFixture.series(Timeframe.M15, T0, 10));
        btc15.set(3, btc15.get(3).withClusters(CLUSTERS));
        Candle last = btc15.get(9);
        btc15.set(9, ApiDbFixture.candle(last.time(), 109, false));
        db.upsert(Timeframe.M15, BTC, 1, btc15);
        db.upsert(Timeframe.H1, BTC, 1, ApiDbFixture.series(Timeframe.H1, T0, 4));
        db.upsert(Timeframe.M15, ETH, 1, ApiDbFixture.series(Timeframe.M15, T0, 2));
        db.upsert(Timeframe.M15, BYBIT_BTC, 1, List.of(ApiDbFixture.candle(T0, 555, true)));
        // configured by the collector, no candle replicated yet (a fresh stack's backfill)
        db.configured(MarketSymbol.of("binance", "solusdt"), "15,60", true);
        db.upsert(Timeframe.H4, MarketSymbol.of("binance", "bigusdt"), 1, ApiDbFixture.series(Timeframe.H4, T0, 5002));
        for (Timeframe fine : List.of(Timeframe.M1, Timeframe.M5, Timeframe.M30)) {
            db.upsert(fine, BTC, 1, ApiDbFixture.series(fine, T0, 7));
        }
    }

    @AfterAll
    static void closeFixture() throws Exception {
        db.close();
    }

    static Http.Reply get(String query, String... headers) {
        return Http.get(APP.getLocalPort(), "/api/candles" + query, headers);
    }

    static List<Long> times(JsonNode page) {
        List<Long> t = new ArrayList<>();
        page.get("candles").forEach(c -> t.add(c.get("time").asLong()));
        return t;
    }

    @Test
    void aNewLiquidationEventChangesThePerCandleSumsAndTheEtag() throws Exception {
        new ContextFixture(db.connection()).covered(ETH, T0 - 1_000, T0 + 40 * 60_000, 2)
                .liquidation(ETH, T0 + 5, true, 2_000, 1.5, 2);
        Http.Reply first = get("?symbol=ethusdt&exchange=binance&tf=15");
        assertThat(first.json().get("candles").get(0).get("liqLongNotional").asDouble()).isEqualTo(3_000);
        assertThat(first.json().get("candles").get(1).get("liqLongQty").asDouble()).as("covered, none").isZero();
        assertThat(get("?symbol=ethusdt&exchange=binance&tf=15", "If-None-Match", first.header("ETag")).status())
                .isEqualTo(304);

        new ContextFixture(db.connection()).liquidation(ETH, T0 + 15 * 60_000 + 7, false, 2_000, 0.5, 3);
        Http.Reply second = get("?symbol=ethusdt&exchange=binance&tf=15", "If-None-Match", first.header("ETag"));
        for (int i = 0; i < 100 && second.status() == 304; i++) { // the replica stamp may be read up to 2 ms late
            Thread.sleep(10);
            second = get("?symbol=ethusdt&exchange=binance&tf=15", "If-None-Match", first.header("ETag"));
        }
        assertThat(second.status()).isEqualTo(200);
        assertThat(second.header("ETag")).isNotEqualTo(first.header("ETag"));
        assertThat(second.json().get("candles").get(1).get("liqShortQty").asDouble()).isEqualTo(0.5);
    }

    @Test
    void servesEveryCandleFieldExactlyInAscendingOrder() {
        Http.Reply r = get("?symbol=btcusdt&exchange=binance&tf=15");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Type")).startsWith("application/json");
        JsonNode page = r.json();
        assertThat(fieldNames(page)).containsExactly("candles", "exchange", "symbol", "oldestTime", "hasMore");
        assertThat(page.get("exchange").asText()).isEqualTo("BINANCE");
        assertThat(page.get("symbol").asText()).isEqualTo("BTCUSDT");
        assertThat(page.get("oldestTime").asLong()).isEqualTo(T0);
        assertThat(page.get("hasMore").asBoolean()).isFalse();
        assertThat(page.get("candles")).hasSize(10);

        for (int i = 0; i < 10; i++) {
            JsonNode json = page.get("candles").get(i);
            Candle expected = btc15.get(i);
            List<String> fields = new ArrayList<>(List.of("time", "open", "high", "low", "close", "volume",
                    "buyVolume", "sellVolume", "delta", "tradeCount", "clusters", "closed", "tradesComplete"));
            fields.addAll(CandleContext.FIELDS);
            assertThat(fieldNames(json)).containsExactlyElementsOf(fields);
            assertThat(json.get("liqLongQty").isNull()).as("no liquidation stream recorded: unknown").isTrue();
            assertThat(json.get("time").asLong()).isEqualTo(expected.time());
            assertThat(json.get("open").asDouble()).isEqualTo(expected.open());
            assertThat(json.get("high").asDouble()).isEqualTo(expected.high());
            assertThat(json.get("low").asDouble()).isEqualTo(expected.low());
            assertThat(json.get("close").asDouble()).isEqualTo(expected.close());
            assertThat(json.get("volume").asDouble()).isEqualTo(expected.volume());
            assertThat(json.get("buyVolume").asDouble()).isEqualTo(expected.buyVolume());
            assertThat(json.get("sellVolume").asDouble()).isEqualTo(expected.sellVolume());
            assertThat(json.get("delta").asDouble()).isEqualTo(expected.delta());
            assertThat(json.get("tradeCount").asLong()).isEqualTo(expected.tradeCount());
            assertThat(json.get("closed").asBoolean()).isEqualTo(expected.closed());
        }
        assertThat(times(page)).isSorted();
    }

    @Test
    void clustersAreAJsonObjectAndNullWhenTheFootprintIsNotKnown() {
        JsonNode candles = get("?tf=15").json().get("candles");

        JsonNode withClusters = candles.get(3).get("clusters");
        assertThat(withClusters.isObject()).isTrue();
        assertThat(withClusters.get("100.5").get("buy").asDouble()).isEqualTo(1.5);
        assertThat(withClusters.get("100.5").get("sell").asDouble()).isEqualTo(2.25);
        assertThat(withClusters.get("101").get("sell").asDouble()).isEqualTo(3);

        assertThat(candles.get(3).get("tradesComplete").asBoolean()).isTrue();
        // NULL clusters: the trades were not seen whole (issue 24), never {} ("no trade at any price")
        assertThat(candles.get(0).get("clusters").isNull()).isTrue();
        assertThat(candles.get(0).get("tradesComplete").asBoolean()).isFalse();
    }

    @Test
    void marksTheFormingCandleAsNotClosed() {
        JsonNode candles = get("?tf=15").json().get("candles");
        assertThat(candles.get(9).get("closed").asBoolean()).isFalse();
        assertThat(candles.get(8).get("closed").asBoolean()).isTrue();
    }

    @Test
    void limitReturnsTheNewestCandlesAndHasMoreWhenOlderExist() {
        JsonNode page = get("?tf=15&limit=3").json();
        assertThat(times(page)).containsExactly(T0 + 7 * 900_000L, T0 + 8 * 900_000L, T0 + 9 * 900_000L);
        assertThat(page.get("oldestTime").asLong()).isEqualTo(T0 + 7 * 900_000L);
        assertThat(page.get("hasMore").asBoolean()).isTrue();
    }

    @Test
    void hasMoreIsFalseWhenTheLimitEqualsTheRemainingCandles() {
        assertThat(get("?tf=15&limit=10").json().get("hasMore").asBoolean()).isFalse();
        assertThat(get("?tf=15&limit=9").json().get("hasMore").asBoolean()).isTrue();
        assertThat(get("?tf=15&limit=11").json().get("hasMore").asBoolean()).isFalse();
    }

    @Test
    void scrollingBackWithBeforeWalksEveryCandleOnceWithoutGapsOrDuplicates() {
        List<Long> seen = new ArrayList<>();
        String before = "";
        boolean more = true;
        int pages = 0;
        while (more) {
            JsonNode page = get("?tf=15&limit=4" + before).json();
            List<Long> t = times(page);
            seen.addAll(0, t);
            more = page.get("hasMore").asBoolean();
            before = "&before=" + page.get("oldestTime").asLong();
            pages++;
        }
        assertThat(pages).isEqualTo(3);
        assertThat(seen).containsExactlyElementsOf(btc15.stream().map(Candle::time).toList());
    }

    @Test
    void beforeIsExclusive() {
        long third = T0 + 2 * 900_000L;
        JsonNode page = get("?tf=15&before=" + third).json();
        assertThat(times(page)).containsExactly(T0, T0 + 900_000L);
        assertThat(page.get("hasMore").asBoolean()).isFalse();
    }

    @Test
    void beforeTheFirstCandleGivesAnEmptyPageWithNullOldestTime() {
        JsonNode page = get("?tf=15&before=" + T0).json();
        assertThat(page.get("candles")).isEmpty();
        assertThat(page.get("oldestTime").isNull()).isTrue();
        assertThat(page.get("hasMore").asBoolean()).isFalse();
    }

    @Test
    void fromAndToSelectAnInclusiveRange() {
        long from = T0 + 900_000L;
        long to = T0 + 3 * 900_000L;
        JsonNode page = get("?tf=15&from=" + from + "&to=" + to).json();
        assertThat(times(page)).containsExactly(from, T0 + 2 * 900_000L, to);
        assertThat(page.get("hasMore").asBoolean()).isFalse();

        JsonNode limited = get("?tf=15&limit=2&from=" + from + "&to=" + to).json();
        assertThat(times(limited)).containsExactly(T0 + 2 * 900_000L, to);
        assertThat(limited.get("hasMore").asBoolean()).isTrue();
    }

    @Test
    void limitDefaultsTo1000AndIsCappedAt5000() {
        JsonNode byDefault = get("?symbol=bigusdt&tf=240").json();
        assertThat(byDefault.get("candles")).hasSize(1000);
        assertThat(byDefault.get("hasMore").asBoolean()).isTrue();

        JsonNode capped = get("?symbol=bigusdt&tf=240&limit=999999").json();
        assertThat(capped.get("candles")).hasSize(5000);
        assertThat(capped.get("hasMore").asBoolean()).isTrue();
        assertThat(capped.get("oldestTime").asLong()).isEqualTo(T0 + 2 * Timeframe.H4.millis());
    }

    @Test
    void symbolAndExchangeAreCaseInsensitive() {
        String lower = get("?symbol=btcusdt&exchange=binance&tf=15").raw().body();
        assertThat(get("?symbol=BTCUSDT&exchange=BINANCE&tf=15").raw().body()).isEqualTo(lower);
        assertThat(get("?symbol=BtcUsdt&exchange=Binance&tf=15").raw().body()).isEqualTo(lower);
    }

    @Test
    void defaultsAreBinanceBtcusdtFifteenMinutes() {
        assertThat(get("").raw().body()).isEqualTo(get("?symbol=btcusdt&exchange=binance&tf=15").raw().body());
    }

    @Test
    void timeframeAcceptsMinutesAndLabels() {
        JsonNode byMinutes = get("?tf=60").json();
        assertThat(byMinutes.get("candles")).hasSize(4);
        assertThat(get("?tf=1h").raw().body()).isEqualTo(byMinutes.toString());
        assertThat(get("?tf=1H").raw().body()).isEqualTo(byMinutes.toString());
        assertThat(get("?tf=15m").raw().body()).isEqualTo(get("?tf=15").raw().body());
    }

    @ParameterizedTest(name = "tf={0} reads candles_{1}")
    @CsvSource({"1, 1", "1m, 1", "5, 5", "5M, 5", "30, 30", "30m, 30"})
    void theFinerTimeframesAreServedByMinutesAndLabel(String tf, int minutes) {
        Timeframe fine = Timeframe.ofMinutes(minutes).orElseThrow();
        JsonNode page = get("?symbol=btcusdt&exchange=binance&tf=" + tf).json();

        assertThat(times(page)).isEqualTo(ApiDbFixture.series(fine, T0, 7).stream().map(Candle::time).toList());
    }

    @Test
    void symbolsListTheFinerTimeframesStored() {
        JsonNode markets = Http.get(APP.getLocalPort(), "/api/symbols").json().get("markets");
        JsonNode btc = null;
        for (JsonNode m : markets) {
            if ("BINANCE".equals(m.get("exchange").asText()) && "BTCUSDT".equals(m.get("symbol").asText())) {
                btc = m;
            }
        }
        assertThat(btc).isNotNull();
        for (Timeframe fine : List.of(Timeframe.M1, Timeframe.M5, Timeframe.M30)) {
            assertThat(btc.get("timeframes").get(fine.label()).get("first").asLong()).as(fine.label()).isEqualTo(T0);
            assertThat(btc.get("timeframes").get(fine.label()).get("last").asLong()).as(fine.label())
                    .isEqualTo(T0 + 6 * fine.millis());
        }
    }

    @Test
    void marketsAreKeptApartByExchangeAndSymbol() {
        JsonNode bybit = get("?exchange=bybit&symbol=btcusdt&tf=15").json();
        assertThat(bybit.get("exchange").asText()).isEqualTo("BYBIT");
        assertThat(bybit.get("candles")).hasSize(1);
        assertThat(bybit.get("candles").get(0).get("open").asDouble()).isEqualTo(555);
        assertThat(get("?symbol=ethusdt&tf=15").json().get("candles")).hasSize(2);
    }

    @Test
    void knownSymbolWithoutCandlesInThatTimeframeGivesAnEmptyPage() {
        JsonNode page = get("?symbol=ethusdt&tf=1d").json();
        assertThat(page.get("candles")).isEmpty();
        assertThat(page.get("hasMore").asBoolean()).isFalse();
    }

    @Test
    void unknownSymbolIs404WithJsonError() {
        Http.Reply r = get("?symbol=dogeusdt&tf=15");
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.json().get("code").asInt()).isEqualTo(404);
        assertThat(r.json().get("message").asText()).contains("BINANCE:DOGEUSDT").contains("/api/symbols")
                .contains("symbol and exchange parameters");
    }

    @Test
    void aConfiguredMarketNotYetBackfilledIsAnEmptyPageNot404() {
        Http.Reply r = get("?symbol=solusdt&exchange=binance&tf=15");
        assertThat(r.status()).isEqualTo(200);
        JsonNode page = r.json();
        assertThat(page.get("candles")).isEmpty();
        assertThat(page.get("oldestTime").isNull()).isTrue();
        assertThat(page.get("hasMore").asBoolean()).isFalse();
        assertThat(page.get("collecting").asBoolean()).isTrue();
    }

    @ParameterizedTest(name = "{0} -> 400 naming {1}")
    @CsvSource(delimiter = '|', value = {
            "tf=7|tf|1, 5, 15, 30, 60, 240, 1440",
            "tf=abc|tf|1m, 5m, 15m, 30m, 1h, 4h, 1d",
            "tf=15;DROP TABLE candles_15|tf|1, 5, 15, 30, 60, 240, 1440",
            "limit=0|limit|between 1 and 5000",
            "limit=-3|limit|between 1 and 5000",
            "limit=ten|limit|between 1 and 5000",
            "limit=1.5|limit|between 1 and 5000",
            "limit=99999999999999999999|limit|between 1 and 5000",
            "before=yesterday|before|epoch milliseconds",
            "before=-1|before|epoch milliseconds",
            "from=x|from|epoch milliseconds",
            "to=1e9|to|epoch milliseconds",
            "from=2000&to=1000|from|<= to",
            "symbol=btc-usdt|symbol|letters or digits",
            "symbol=b|symbol|letters or digits",
            "symbol=btcusdt' OR '1'='1|symbol|letters or digits",
            "exchange=bin ance|exchange|letters, digits or '_'",
            "exchange=9x|exchange|letters, digits or '_'",
    })
    void badParameterIs400NamingTheParameterAndWhatIsAccepted(String query, String parameter, String accepted) {
        Http.Reply r = get("?" + query.replace(" ", "%20").replace("'", "%27").replace(";", "%3B"));

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.header("Content-Type")).startsWith("application/json");
        assertThat(fieldNames(r.json())).containsExactly("code", "message");
        assertThat(r.json().get("code").asInt()).isEqualTo(400);
        String message = r.json().get("message").asText();
        assertThat(message).startsWith(parameter + ":").contains(accepted);
        assertThat(message.toLowerCase()).doesNotContain("select").doesNotContain("sqlite").doesNotContain("exception");
    }

    static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        Iterator<String> it = node.fieldNames();
        it.forEachRemaining(names::add);
        return names;
    }
}
