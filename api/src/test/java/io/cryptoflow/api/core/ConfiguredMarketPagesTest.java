package io.cryptoflow.api.core;

import static io.cryptoflow.api.support.ApiDbFixture.BTC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cryptoflow.api.api.CandlePage;
import io.cryptoflow.api.api.Symbols;
import io.cryptoflow.api.db.ApiDatabase;
import io.cryptoflow.api.render.RenderCache;
import io.cryptoflow.api.support.ApiDbFixture;
import io.cryptoflow.common.MarketSymbol;
import io.cryptoflow.common.Timeframe;
import io.dropwizard.db.ManagedDataSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A market the collector is configured to collect but whose candles have not reached api.db yet (a
 * fresh stack's backfill) answers an empty page saying {@code "collecting":true}; a market nobody
 * configured and nothing stored is unknown (404), on a real api.db file.
 */
class ConfiguredMarketPagesTest {

    static final long T0 = 1_699_920_000_000L;
    static final MarketSymbol SOL = MarketSymbol.of("binance", "solusdt");
    static final MarketSymbol TYPO = MarketSymbol.of("binance", "btcusdx");

    @TempDir
    Path dir;

    ApiDbFixture fixture;
    ManagedDataSource pool;
    ApiDatabase db;
    CandleReader reader;

    @BeforeEach
    void open() throws Exception {
        Path file = dir.resolve("api.db");
        fixture = ApiDbFixture.create(file).replica(1, T0, T0, "snapshot")
                .upsert(Timeframe.M15, BTC, 1, ApiDbFixture.series(Timeframe.M15, T0, 3));
        pool = ApiDbFixture.readPool(file, 2, "configured-market-test");
        db = ApiDbFixture.database(file, pool);
        reader = new CandleReader(db, new RenderCache(1 << 24), new PageCache(16, 1 << 24));
    }

    @AfterEach
    void close() throws Exception {
        pool.stop();
        fixture.close();
    }

    private CandlePage page(MarketSymbol market, Timeframe tf) {
        return reader.read(CandleQuery.latest(market, tf, 100), true, false, tag -> false).page();
    }

    private static String body(CandlePage page) {
        return new String(page.bytes(true), StandardCharsets.UTF_8);
    }

    @Test
    void aConfiguredMarketWithoutCandlesIsAnEmptyPageThatSaysItIsBeingCollected() throws Exception {
        fixture.configured(SOL, "15,60", true);

        CandlePage page = page(SOL, Timeframe.M15);

        assertThat(page.candles()).isEmpty();
        assertThat(body(page)).isEqualTo("{\"candles\":[],\"exchange\":\"BINANCE\",\"symbol\":\"SOLUSDT\","
                + "\"oldestTime\":null,\"hasMore\":false,\"collecting\":true}");
        assertThat(page.contentLength(true)).isEqualTo(page.bytes(true).length);
    }

    @Test
    void aTimeframeNotConfiguredIsEmptyWithoutTheHint() throws Exception {
        fixture.configured(SOL, "15,60", true);

        assertThat(body(page(SOL, Timeframe.D1))).isEqualTo("{\"candles\":[],\"exchange\":\"BINANCE\",\"symbol\":\"SOLUSDT\","
                + "\"oldestTime\":null,\"hasMore\":false}");
    }

    @Test
    void theHintGoesOnceTheTimeframeHasCandlesAndTheTagChangesWithIt() throws Exception {
        fixture.configured(SOL, "15,60", true);
        CandleQuery before = CandleQuery.latest(SOL, Timeframe.M15, 100);
        String collectingTag = reader.read(before, true, false, tag -> false).tag();

        // a candle outside the asked range: this page stays empty, but the backfill has reached the replica
        fixture.upsert(Timeframe.M15, SOL, 2, ApiDbFixture.series(Timeframe.M15, T0, 1)).replica(2, T0 + 1, T0 + 1, "incremental");
        CandleQuery old = new CandleQuery(SOL, Timeframe.M15, 100, null, 0L, T0 - 1);
        assertThat(body(reader.read(old, true, false, tag -> false).page())).doesNotContain("collecting");
        CandleReader.Result now = reader.read(before, true, false, tag -> false);
        assertThat(now.page().candles()).hasSize(1);
        assertThat(now.tag()).isNotEqualTo(collectingTag);
    }

    @Test
    void aMarketNobodyConfiguredIsUnknownNamingTheParameters() throws Exception {
        fixture.configured(SOL, "15", false); // configured once, no longer: unknown again

        for (MarketSymbol m : List.of(TYPO, SOL)) {
            assertThatThrownBy(() -> page(m, Timeframe.M15)).isInstanceOf(UnknownSymbolException.class)
                    .hasMessageContaining(m.stored()).hasMessageContaining("symbol and exchange parameters");
        }
    }

    /** A first start: the configured markets arrive with the collector's first revision; until then 503, not 404. */
    @Test
    void beforeTheCollectorsFirstRevisionAMarketIsNotReadyRatherThanUnknown() throws Exception {
        fixture.replica(0, 0, T0, "snapshot");
        assertThatThrownBy(() -> page(SOL, Timeframe.M15)).isInstanceOf(ReplicaNotReadyException.class)
                .hasMessageContaining("retry shortly");

        fixture.replica(1, T0, T0 + 1, "incremental").configured(SOL, "15", true);
        assertThat(body(page(SOL, Timeframe.M15))).contains("\"collecting\":true");
    }

    @Test
    void aStoredMarketNoLongerConfiguredStaysKnown() throws Exception {
        assertThat(body(page(BTC, Timeframe.H1))).doesNotContain("collecting").contains("\"candles\":[]");
    }

    @Test
    void symbolsListConfiguredMarketsWithTheirTimeframesBeforeAnyCandle() throws Exception {
        fixture.configured(SOL, "15,60", true).configured(BTC, "15", true);

        Symbols symbols = new SymbolCatalog(db).symbols();

        assertThat(symbols.symbols()).containsExactly("BTCUSDT", "SOLUSDT");
        assertThat(symbols.markets()).extracting(Symbols.Market::symbol, Symbols.Market::configured,
                m -> m.timeframes().keySet())
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("BTCUSDT", List.of("15m"), java.util.Set.of("15m")),
                        org.assertj.core.groups.Tuple.tuple("SOLUSDT", List.of("15m", "1h"), java.util.Set.of()));
    }

    @Test
    void aReplicaFromBeforeTheTableReadsAsNothingConfigured() throws Exception {
        try (java.sql.Statement s = fixture.connection().createStatement()) {
            s.execute("DROP TABLE configured_markets");
        }

        assertThatThrownBy(() -> page(SOL, Timeframe.M15)).isInstanceOf(UnknownSymbolException.class);
        assertThat(page(BTC, Timeframe.M15).candles()).hasSize(3);
        assertThat(new SymbolCatalog(db).symbols().symbols()).containsExactly("BTCUSDT");
    }
}
