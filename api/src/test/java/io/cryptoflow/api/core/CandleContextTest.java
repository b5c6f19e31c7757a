package io.cryptoflow.api.core;

import static io.cryptoflow.api.support.ApiDbFixture.BTC;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cryptoflow.api.api.CandleContext;
import io.cryptoflow.api.db.ApiDatabase;
import io.cryptoflow.api.render.RenderCache;
import io.cryptoflow.api.support.ApiDbFixture;
import io.cryptoflow.api.support.ContextFixture;
import io.cryptoflow.common.MarketSymbol;
import io.cryptoflow.common.Timeframe;
import io.dropwizard.db.ManagedDataSource;
import io.dropwizard.db.ManagedPooledDataSource;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The per-candle market context of {@code /api/candles} on a real api.db built from the common DDL:
 * liquidation sums only where a connected range holds the whole candle (null otherwise, 0 when
 * covered without events), open interest at the close within its staleness bound, the funding rate
 * in force and the funding events, nulls for a spot market, and the page and its ETag following new
 * context rows although no candle changed.
 */
class CandleContextTest {

    static final long D0 = 1_764_892_800_000L; // 2025-12-05 00:00 UTC: the page spans two day partitions
    static final long STEP = Timeframe.M15.millis();
    static final long T = D0 - 4 * STEP; // c0 = 23:00 ... c3 = 23:45, c4 = 00:00 ... c7 = 00:45
    static final MarketSymbol SPOT = MarketSymbol.of("binance_spot", "btcusdt");

    @TempDir
    Path dir;

    ManagedDataSource dataSource;
    ApiDbFixture fixture;
    ContextFixture context;
    CandleReader reader;
    ApiDatabase db;

    @BeforeEach
    void open() throws Exception {
        fixture = ApiDbFixture.create(dir.resolve("api.db")).replica(1, T, T, "snapshot")
                .upsert(Timeframe.M15, BTC, 1, ApiDbFixture.series(Timeframe.M15, T, 8))
                .upsert(Timeframe.M15, SPOT, 1, ApiDbFixture.series(Timeframe.M15, T, 8));
        context = new ContextFixture(fixture.connection())
                .covered(BTC, T + 5_000, D0 + 3 * STEP + 30_000, 2)
                .liquidation(BTC, T + 1_000, true, 97_000, 9, 2) // c0, before the stream connected
                .liquidation(BTC, T + STEP + 10, true, 97_000, 0.5, 2)
                .liquidation(BTC, T + STEP + 20, true, 97_100, 1.0, 2)
                .liquidation(BTC, T + 2 * STEP - 1, false, 97_200, 0.25, 2)
                .liquidation(BTC, D0 - 1, true, 96_000, 2, 2) // c3's last millisecond, day 0's partition
                .liquidation(BTC, D0, false, 98_000, 0.1, 2) // c4, day 1's partition
                .liquidation(BTC, D0 + 3 * STEP + 60_000, true, 98_000, 3, 2) // c7, not covered to its close
                .openInterest(BTC, T + 2 * STEP, 100, 9_700_000.0, 2) // c1's close; 15 min before c2's
                .openInterest(BTC, D0 - 60_000, 101, null, 2) // c3: no value given
                .funding(BTC, T - 8 * 3_600_000L, 0.0001, 2)
                .funding(BTC, D0, 0.0002, 2);
        dataSource = ApiDbFixture.readPool(dir.resolve("api.db"), 3, "candle-context-test");
        db = new ApiDatabase(dir.resolve("api.db"), ApiDbFixture.jdbi(dataSource),
                ((ManagedPooledDataSource) dataSource)::purge);
        reader = new CandleReader(db, new RenderCache(1 << 24), new PageCache(16, 1 << 24));
    }

    @AfterEach
    void close() throws Exception {
        dataSource.stop();
        fixture.close();
    }

    CandleReader.Result read(MarketSymbol m) {
        return reader.read(CandleQuery.latest(m, Timeframe.M15, 100), true, false, tag -> false);
    }

    JsonNode candles(CandleReader.Result r) throws Exception {
        JsonNode page = new ObjectMapper().readTree(r.page().bytes(true));
        assertThat(page.get("candles")).hasSize(8);
        return page.get("candles");
    }

    @Test
    void liquidationsAreSummedOnlyForCandlesAConnectedRangeHoldsWhole() throws Exception {
        JsonNode c = candles(read(BTC));
        assertThat(c.get(0).get("liqLongQty").isNull()).as("c0 began before the stream connected").isTrue();
        assertThat(c.get(1).get("liqLongQty").asDouble()).isEqualTo(1.5);
        assertThat(c.get(1).get("liqShortQty").asDouble()).isEqualTo(0.25);
        assertThat(c.get(1).get("liqLongNotional").asDouble()).isEqualTo(0.5 * 97_000 + 97_100);
        assertThat(c.get(1).get("liqShortNotional").asDouble()).isEqualTo(0.25 * 97_200);
        assertThat(c.get(2).get("liqLongQty").isNull()).as("covered, no event: 0, not null").isFalse();
        assertThat(c.get(2).get("liqLongQty").asDouble()).isZero();
        assertThat(c.get(2).get("liqShortNotional").asDouble()).isZero();
        assertThat(c.get(3).get("liqLongQty").asDouble()).isEqualTo(2.0);
        assertThat(c.get(4).get("liqShortQty").asDouble()).isEqualTo(0.1);
        assertThat(c.get(4).get("liqLongQty").asDouble()).isZero();
        assertThat(c.get(7).get("liqLongQty").isNull()).as("c7 is not covered up to its close").isTrue();
        assertThat(c.get(7).get("liqShortNotional").isNull()).isTrue();
    }

    @Test
    void openInterestIsTheNewestSampleAtOrBeforeTheCloseWithinFifteenMinutes() throws Exception {
        JsonNode c = candles(read(BTC));
        assertThat(c.get(0).get("openInterest").isNull()).isTrue();
        assertThat(c.get(1).get("openInterest").asDouble()).isEqualTo(100);
        assertThat(c.get(1).get("openInterestValue").asDouble()).isEqualTo(9_700_000);
        assertThat(c.get(2).get("openInterest").isNull()).as("the newest sample is 15 min before c2's close").isTrue();
        assertThat(c.get(3).get("openInterest").asDouble()).isEqualTo(101);
        assertThat(c.get(3).get("openInterestValue").isNull()).isTrue();
        assertThat(c.get(4).get("openInterest").isNull()).isTrue();
    }

    @Test
    void fundingRateIsTheLastSettledAtOrBeforeTheOpenAndEventsAreThoseInsideTheCandle() throws Exception {
        JsonNode c = candles(read(BTC));
        assertThat(c.get(0).get("fundingRate").asDouble()).isEqualTo(0.0001);
        assertThat(c.get(3).get("fundingRate").asDouble()).isEqualTo(0.0001);
        assertThat(c.get(3).get("fundingEvents")).isEmpty();
        assertThat(c.get(4).get("fundingRate").asDouble()).isEqualTo(0.0002);
        assertThat(c.get(4).get("fundingEvents")).hasSize(1);
        assertThat(c.get(4).get("fundingEvents").get(0).get("time").asLong()).isEqualTo(D0);
        assertThat(c.get(4).get("fundingEvents").get(0).get("rate").asDouble()).isEqualTo(0.0002);
        assertThat(c.get(5).get("fundingEvents")).isEmpty();
    }

    @Test
    void aSpotMarketHasEveryContextFieldNull() throws Exception {
        JsonNode c = candles(read(SPOT));
        for (JsonNode candle : c) {
            for (String field : CandleContext.FIELDS) {
                assertThat(candle.has(field)).as(field).isTrue();
                assertThat(candle.get(field).isNull()).as(field).isTrue();
            }
        }
        assertThat(c.get(0).get("open").asDouble()).isEqualTo(100);
        assertThat(c.get(0).get("closed").asBoolean()).isTrue();
    }

    @Test
    void aNewLiquidationEventCoverageOrOpenInterestSampleChangesThePageAndItsEtag() throws Exception {
        CandleReader.Result before = read(BTC);
        assertThat(candles(before).get(2).get("liqLongQty").asDouble()).isZero();

        context.liquidation(BTC, T + 2 * STEP + 5, true, 97_000, 0.75, 3);
        CandleReader.Result withEvent = read(BTC);
        assertThat(candles(withEvent).get(2).get("liqLongQty").asDouble()).isEqualTo(0.75);
        assertThat(withEvent.tag()).isNotEqualTo(before.tag());

        context.openInterest(BTC, T + 3 * STEP, 102, 9_900_000.0, 4);
        CandleReader.Result withSample = read(BTC);
        assertThat(candles(withSample).get(2).get("openInterest").asDouble()).isEqualTo(102);
        assertThat(withSample.tag()).isNotEqualTo(withEvent.tag());

        context.covered(BTC, T + 5_000, D0 + 4 * STEP, 5); // the stream stayed connected through c7's close
        CandleReader.Result grown = read(BTC);
        assertThat(candles(grown).get(7).get("liqLongQty").asDouble()).isEqualTo(3);
        assertThat(grown.tag()).isNotEqualTo(withSample.tag());

        context.liquidation(BTC, T + STEP + 30, false, 97_000, 2, 6); // into a partition whose sums are cached
        CandleReader.Result added = read(BTC);
        assertThat(candles(added).get(1).get("liqShortQty").asDouble()).isEqualTo(2.25);
        CandleReader fresh = new CandleReader(db, new RenderCache(1 << 24), new PageCache(16, 1 << 24));
        assertThat(fresh.read(CandleQuery.latest(BTC, Timeframe.M15, 100), true, false, tag -> false).page().bytes(true))
                .as("sums grown by the added events equal sums read afresh").isEqualTo(added.page().bytes(true));
        grown = added;

        CandleReader.Result again = read(BTC);
        assertThat(again.tag()).isEqualTo(grown.tag());
        assertThat(again.page()).as("unchanged: the page cache's page").isSameAs(grown.page());
    }

    @Test
    void aBoundedClosedPageIsImmutableOnlyOnceItsContextHadTimeToArrive() throws Exception {
        long recent = Timeframe.M15.openTimeOf(System.currentTimeMillis()) - 2 * STEP; // closed 15-30 min ago
        fixture.upsert(Timeframe.M15, BTC, 7, java.util.List.of(ApiDbFixture.candle(recent, 100, true),
                ApiDbFixture.candle(recent + STEP, 101, true))); // closed 0-15 min ago
        CandleQuery old = new CandleQuery(BTC, Timeframe.M15, 100, null, T, D0);
        assertThat(reader.read(old, true, false, tag -> false).closedRange()).isTrue();
        CandleQuery settled = new CandleQuery(BTC, Timeframe.M15, 100, null, recent, recent);
        assertThat(reader.read(settled, true, false, tag -> false).closedRange()).isTrue();
        CandleQuery fresh = new CandleQuery(BTC, Timeframe.M15, 100, null, recent, recent + STEP);
        assertThat(reader.read(fresh, true, false, tag -> false).closedRange()).as("its newest candle closed < 15 min ago")
                .isFalse();
    }
}
