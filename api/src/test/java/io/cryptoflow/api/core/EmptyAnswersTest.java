package io.cryptoflow.api.core;

import static io.cryptoflow.api.support.ApiDbFixture.BTC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cryptoflow.api.db.ApiDatabase;
import io.cryptoflow.api.resources.TradeBody;
import io.cryptoflow.api.support.ApiDbFixture;
import io.cryptoflow.api.support.ContextFixture;
import io.cryptoflow.api.support.DepthFixture;
import io.cryptoflow.api.support.TradeFixture;
import io.cryptoflow.common.MarketSymbol;
import io.cryptoflow.common.PartitionKind;
import io.cryptoflow.common.Timeframe;
import io.cryptoflow.common.TradePartition;
import io.dropwizard.db.ManagedDataSource;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A configured market none of whose trades, liquidations, depth, open interest or funding reached
 * api.db: empty and collecting while the kind is being collected, 409 naming the setting when it is
 * not (exactly from the recorded {@code configured_markets.kinds}; guessed from api.db for a row
 * without them), and a market nobody configured 404; on a real api.db file.
 */
class EmptyAnswersTest {

    /** 2026-12-02 00:00 UTC. */
    static final long NOW = 1_764_633_600_000L;
    static final MarketSymbol SOL = MarketSymbol.of("binance", "solusdt");
    static final MarketSymbol TYPO = MarketSymbol.of("binance", "btcusdx");
    static final Map<DataKind, String> SETTING = Map.of(DataKind.TRADES, "orderFlow.enabled",
            DataKind.LIQUIDATIONS, "orderFlow.enabled", DataKind.DEPTH, "depth.symbols",
            DataKind.OPEN_INTEREST, "derivatives.enabled", DataKind.FUNDING, "derivatives.enabled");

    @TempDir
    Path dir;

    ApiDbFixture fixture;
    ManagedDataSource pool;
    ApiDatabase db;
    EmptyAnswers empty;

    @BeforeEach
    void open() throws Exception {
        Path file = dir.resolve("api.db");
        fixture = ApiDbFixture.create(file).replica(1, NOW, NOW, "snapshot");
        pool = ApiDbFixture.readPool(file, 2, "empty-answers-test");
        db = ApiDbFixture.database(file, pool);
        empty = new EmptyAnswers(db, Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC));
    }

    @AfterEach
    void close() throws Exception {
        pool.stop();
        fixture.close();
    }

    /** BTC (same exchange as SOL) with data of every kind. */
    private void btcHasEveryKind() throws Exception {
        TradeFixture.write(fixture.connection(), new TradePartition("BINANCE", TradePartition.dayOf(NOW - 1)), 1,
                List.of(new TradeFixture.Row("BTCUSDT", 1, NOW - 1, 97_000, 0.1, false)));
        new ContextFixture(fixture.connection()).covered(BTC, NOW - 10, NOW - 1, 1).openInterest(BTC, NOW - 1, 5, null, 1)
                .funding(BTC, NOW - 1, 0.0001, 1);
        DepthFixture.covered(fixture.connection(), "binance", "btcusdt", NOW - 10, NOW - 1);
    }

    @Test
    void aFreshlyConfiguredMarketIsCollectingEveryKind() throws Exception {
        fixture.configured(SOL, "15", true, NOW - 60_000);
        for (DataKind kind : DataKind.values()) {
            assertThat(empty.collecting(kind, SOL)).as(kind.name()).isTrue();
        }
        assertThat(empty.member(true, DataKind.FUNDING, SOL)).isTrue();
        assertThat(empty.member(false, DataKind.FUNDING, SOL)).as("rows: no member").isNull();
    }

    @Test
    void longConfiguredWithoutAnySignOfTheKindIsNotCollectedNamingTheSetting() throws Exception {
        fixture.configured(SOL, "15", true, NOW - EmptyAnswers.GRACE_MS);
        for (DataKind kind : DataKind.values()) {
            assertThatThrownBy(() -> empty.collecting(kind, SOL)).as(kind.name()).isInstanceOf(NotCollectedException.class)
                    .hasMessageContaining(kind.label() + " not collected for BINANCE:SOLUSDT")
                    .hasMessageContaining(SETTING.get(kind));
        }
    }

    @Test
    void anotherMarketOfTheExchangeShowsASwitchOfTheWholeSectionIsOnButNotADepthSymbol() throws Exception {
        fixture.configured(SOL, "15", true, 1000);
        btcHasEveryKind();
        for (DataKind kind : List.of(DataKind.TRADES, DataKind.LIQUIDATIONS, DataKind.OPEN_INTEREST, DataKind.FUNDING)) {
            assertThat(empty.collecting(kind, SOL)).as(kind.name()).isTrue();
        }
        assertThatThrownBy(() -> empty.collecting(DataKind.DEPTH, SOL)).isInstanceOf(NotCollectedException.class);
        assertThatThrownBy(() -> empty.collecting(DataKind.TRADES, MarketSymbol.of("bybit", "solusdt")))
                .as("another exchange says nothing").isInstanceOf(UnknownSymbolException.class);
    }

    @Test
    void aMarketWithDataOfTheKindIsAnOrdinaryEmptyRange() throws Exception {
        fixture.configured(BTC, "15", true, 1000);
        btcHasEveryKind();
        for (DataKind kind : DataKind.values()) {
            assertThat(empty.collecting(kind, BTC)).as(kind.name()).isFalse();
        }
    }

    @Test
    void aMarketNobodyConfiguredWithNothingStoredIsUnknownNamingTheParameters() throws Exception {
        fixture.configured(SOL, "15", false, NOW); // configured once, no longer
        for (DataKind kind : DataKind.values()) {
            for (MarketSymbol m : List.of(TYPO, SOL)) {
                assertThatThrownBy(() -> empty.collecting(kind, m)).isInstanceOf(UnknownSymbolException.class)
                        .hasMessageContaining(m.stored()).hasMessageContaining("symbol and exchange parameters");
            }
        }
    }

    /** A first start: api.db holds the replicator's copy of an empty collector.db, not yet the configured markets. */
    @Test
    void beforeTheCollectorsFirstRevisionNoMarketIsUnknownOnlyNotReady() throws Exception {
        fixture.replica(0, 0, NOW, "snapshot");
        for (DataKind kind : DataKind.values()) {
            assertThatThrownBy(() -> empty.collecting(kind, SOL)).isInstanceOf(ReplicaNotReadyException.class)
                    .hasMessageContaining("retry shortly");
        }
        fixture.replica(1, NOW, NOW, "incremental");
        assertThatThrownBy(() -> empty.collecting(DataKind.TRADES, SOL)).isInstanceOf(UnknownSymbolException.class);
    }

    @Test
    void aStoredMarketNoLongerConfiguredAnswersAsBefore() throws Exception {
        fixture.upsert(Timeframe.M15, BTC, 1, ApiDbFixture.series(Timeframe.M15, NOW - 900_000, 1));
        for (DataKind kind : DataKind.values()) {
            assertThat(empty.collecting(kind, BTC)).as(kind.name()).isFalse();
        }
    }

    @Test
    void recordedKindsAnswerExactlyWhateverOtherMarketsHold() throws Exception {
        // configured long ago; the exchange's other market has every kind, which the recorded kinds overrule
        fixture.configured(SOL, "15", true, 1000, "trades,open_interest");
        btcHasEveryKind();
        assertThat(empty.collecting(DataKind.TRADES, SOL)).isTrue();
        assertThat(empty.collecting(DataKind.OPEN_INTEREST, SOL)).isTrue();
        for (DataKind kind : List.of(DataKind.LIQUIDATIONS, DataKind.DEPTH, DataKind.FUNDING)) {
            assertThatThrownBy(() -> empty.collecting(kind, SOL)).as(kind.name()).isInstanceOf(NotCollectedException.class)
                    .hasMessageContaining(SETTING.get(kind));
        }
    }

    @Test
    void aKindRecordedOffIsNotCollectedAtOnceEvenForAFreshMarket() throws Exception {
        fixture.configured(SOL, "15", true, NOW - 60_000, "");
        for (DataKind kind : DataKind.values()) {
            assertThatThrownBy(() -> empty.collecting(kind, SOL)).as(kind.name()).isInstanceOf(NotCollectedException.class);
        }
    }

    @Test
    void aKindNewlySwitchedOnForALongConfiguredMarketIsCollectingBeforeItsFirstRows() throws Exception {
        fixture.configured(SOL, "15", true, 1000, "depth,funding");
        assertThat(empty.collecting(DataKind.DEPTH, SOL)).isTrue();
        assertThat(empty.collecting(DataKind.FUNDING, SOL)).isTrue();
        assertThat(empty.member(true, DataKind.DEPTH, SOL)).isTrue();
    }

    @Test
    void recordedKindsChangeNeitherTheOrdinaryEmptyAnswerNorTheUnknownMarket() throws Exception {
        fixture.configured(BTC, "15", true, 1000, "");
        btcHasEveryKind();
        fixture.configured(SOL, "15", false, 1000, "trades"); // no longer configured
        for (DataKind kind : DataKind.values()) {
            assertThat(empty.collecting(kind, BTC)).as(kind.name()).isFalse();
        }
        assertThatThrownBy(() -> empty.collecting(DataKind.TRADES, SOL)).isInstanceOf(UnknownSymbolException.class);
    }

    @Test
    void aReplicaFromBeforeTheKindsColumnIsGuessedAsBefore() throws Exception {
        try (var s = fixture.connection().createStatement()) {
            s.execute("ALTER TABLE configured_markets DROP COLUMN kinds"); // as schema 6 copied it
        }
        fixture.configured(SOL, "15", true, NOW - 60_000);
        assertThat(empty.collecting(DataKind.TRADES, SOL)).isTrue();
        fixture.configured(SOL, "15", true, 1000);
        assertThatThrownBy(() -> empty.collecting(DataKind.TRADES, SOL)).isInstanceOf(NotCollectedException.class);
    }

    @Test
    void tradesOfACollectingMarketAreAnEmptyPageSayingSoAndACsvHeader() throws Exception {
        fixture.configured(SOL, "15", true, NOW - 60_000);
        TradeReader reader = new TradeReader(db, empty);
        TradeReader.Plan plan = reader.plan(TradeQuery.of("binance", "solusdt", null, null, null, null, null, NOW));
        assertThat(plan.collecting()).isTrue();
        assertThat(body(reader, plan)).isEqualTo("{\"exchange\":\"BINANCE\",\"symbol\":\"SOLUSDT\",\"from\":0,\"to\":" + NOW
                + ",\"window\":null,\"missing\":[],\"columns\":[\"time\",\"id\",\"price\",\"qty\",\"side\"],\"trades\":[],"
                + "\"next\":null,\"collecting\":true}");
        TradeReader.Plan csv = reader.plan(TradeQuery.of("binance", "solusdt", null, null, null, null, "csv", NOW));
        assertThat(body(reader, csv)).isEqualTo(TradeBody.COLUMNS + "\n");
    }

    @Test
    void tradesOfAMarketNoLongerConfiguredStateNothingIsHeld() throws Exception {
        fixture.upsert(Timeframe.M15, BTC, 1, ApiDbFixture.series(Timeframe.M15, NOW - 900_000, 1));
        assertThatThrownBy(() -> new TradeReader(db, empty).plan(TradeQuery.of("binance", "btcusdt", null, null, null, null,
                null, NOW))).isInstanceOf(TradeWindowException.class).hasMessageContaining("no trades of BINANCE:BTCUSDT");
    }

    @Test
    void depthOfACollectingMarketIsAnEmptyUnsettledAnswerSayingSo() throws Exception {
        fixture.configured(SOL, "15", true, NOW - 60_000);
        DepthReader reader = new DepthReader(db, empty);
        DepthQuery q = DepthQuery.parse("binance", "solusdt", null, null, "1m", NOW);
        DepthPieces pieces = reader.readInPieces(q, new DepthChunks(1 << 20));
        assertThat(pieces.answer().settled()).isFalse();
        String json = new String(pieces.answer().series().json(), StandardCharsets.US_ASCII);
        assertThat(json).contains("\"times\":[]").contains("\"priceStep\":null")
                .contains("\"missing\":[{\"from\":" + q.from() + ",\"to\":" + q.to() + "}]").endsWith(",\"collecting\":true}");
        assertThat(reader.read(q).series().collecting()).isTrue();
        fixture.configured(SOL, "15", true, 1000);
        assertThatThrownBy(() -> reader.read(q)).isInstanceOf(NotCollectedException.class);
    }

    private static String body(TradeReader reader, TradeReader.Plan plan) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        reader.stream(plan, TradeBody.open(out, false, plan));
        return out.toString(StandardCharsets.UTF_8);
    }
}
