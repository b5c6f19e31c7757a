package io.cryptoflow.api.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cryptoflow.api.api.DepthSeries;
import io.cryptoflow.api.db.ApiDatabase;
import io.cryptoflow.api.support.ApiDbFixture;
import io.cryptoflow.api.support.DepthFixture;
import io.cryptoflow.common.PartitionKind;
import io.dropwizard.db.ManagedDataSource;
import io.dropwizard.db.ManagedPooledDataSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /api/depth}'s reading on a real api.db: tier choice, down-sampling, missing ranges, unknown markets. */
class DepthReaderTest {

    /** 2026-12-02 00:00 UTC. */
    private static final long DAY = 1_764_633_600_000L;
    private static final long T0 = DAY + 3_600_000;

    @TempDir
    Path dir;

    private ManagedDataSource pool;
    private ApiDbFixture fixture;
    private DepthReader reader;

    @BeforeEach
    void open() throws Exception {
        fixture = ApiDbFixture.create(dir.resolve("api.db")).replica(1, T0, T0, "snapshot"); // data: the collector has committed
        Connection c = fixture.connection();
        // fine tier: 4 seconds at bid bin 100 / ask 101, sizes growing; minute tier: 3 minutes
        for (int i = 0; i < 4; i++) {
            DepthFixture.snapshot(c, PartitionKind.DEPTH, "binance", "btcusdt", T0 + i * 1000L, 0.5, 100 + i / 2, 101 + i / 2,
                    new float[] {i + 1, 10}, new float[] {2 * (i + 1)}, 1);
        }
        for (int m = 0; m < 3; m++) {
            DepthFixture.snapshot(c, PartitionKind.DEPTH_MINUTE, "binance", "btcusdt", T0 + m * 60_000L, 0.5, 200, 201,
                    new float[] {m + 0.5f}, new float[] {m + 1.5f, 3}, 60 - m);
        }
        // known from T0 to T0 + 90 s and again from T0 + 150 s to T0 + 10 min
        DepthFixture.covered(c, "binance", "btcusdt", T0, T0 + 90_000);
        DepthFixture.covered(c, "binance", "btcusdt", T0 + 150_000, T0 + 600_000);
        pool = ApiDbFixture.readPool(dir.resolve("api.db"), 2, "depth-reader-test");
        ApiDatabase db = new ApiDatabase(dir.resolve("api.db"), ApiDbFixture.jdbi(pool), ((ManagedPooledDataSource) pool)::purge);
        reader = new DepthReader(db, new EmptyAnswers(db, java.time.Clock.systemUTC()));
    }

    @AfterEach
    void close() throws Exception {
        pool.stop();
        fixture.close();
    }

    private DepthReader.Answer read(long from, long to, String step) {
        return reader.read(DepthQuery.parse("binance", "btcusdt", Long.toString(from), Long.toString(to), step, T0));
    }

    @Test
    void aSubMinuteStepReadsTheSecondRowsAndAveragesEachStep() {
        DepthSeries s = read(T0, T0 + 3_999, "2s").series();
        assertThat(s.tier()).isEqualTo("1s");
        assertThat(s.step()).isEqualTo(2000);
        assertThat(s.priceStep()).isEqualTo(0.5);
        assertThat(s.times()).containsExactly(T0, T0 + 2000);
        assertThat(s.bidBin()).containsExactly(100, 101);
        assertThat(s.askBin()).containsExactly(101, 102);
        assertThat(s.bids()[0]).containsExactly(1.5f, 10f);
        assertThat(s.asks()[1]).containsExactly(7f);
        assertThat(s.missing()).isEmpty();
    }

    @Test
    void theBestBinsOfAStepAreItsExtremesAndSidesKeepEveryBinTouched() {
        DepthSeries s = read(T0, T0 + 3_999, "4s").series();
        assertThat(s.bidBin()).containsExactly(101);
        assertThat(s.askBin()).containsExactly(101);
        // bin 101: rows 2 and 3 (3 + 4) / 4; bin 100: rows 0, 1 (1 + 2) and rows 2, 3 (10 + 10) / 4; bin 99: (10 + 10) / 4
        assertThat(s.bids()[0]).containsExactly(1.75f, 5.75f, 5f);
        assertThat(s.asks()[0]).containsExactly(1.5f, 3.5f);
    }

    @Test
    void aMinuteStepOrAStepPastTheFineTiersRetentionReadsTheMinuteRows() throws Exception {
        DepthSeries minute = read(T0, T0 + 179_999, "1m").series();
        assertThat(minute.tier()).isEqualTo("1m");
        assertThat(minute.times()).containsExactly(T0, T0 + 60_000, T0 + 120_000);
        assertThat(minute.asks()[2]).containsExactly(3.5f, 3f);
        try (Statement s = fixture.connection().createStatement()) {
            s.execute("UPDATE cf_partitions SET dropped = 1 WHERE name LIKE 'depth\\_%' ESCAPE '\\'");
        }
        DepthSeries coarse = read(T0, T0 + 179_999, "10s").series();
        assertThat(coarse.tier()).isEqualTo("1m");
        assertThat(coarse.step()).as("never finer than the tier").isEqualTo(60_000);
        assertThat(coarse.times()).hasSize(3);
    }

    @Test
    void rangesWithoutAKnownBookAreMissingAndOnlyACoveredEndIsSettled() {
        DepthReader.Answer a = read(T0 - 60_000, T0 + 179_999, "1m");
        assertThat(a.series().missing()).containsExactly(new DepthSeries.Missing(T0 - 60_000, T0 - 1),
                new DepthSeries.Missing(T0 + 90_001, T0 + 149_999));
        assertThat(a.settled()).isTrue();
        DepthReader.Answer open = read(T0 + 540_000, T0 + 660_000, "1m");
        assertThat(open.series().missing()).containsExactly(new DepthSeries.Missing(T0 + 600_001, T0 + 719_999));
        assertThat(open.series().times()).isEmpty();
        assertThat(open.series().priceStep()).isNull();
        assertThat(open.settled()).isFalse();
    }

    @Test
    void aMarketWithoutDepthIsUnknown() {
        assertThatThrownBy(() -> reader.read(DepthQuery.parse("bybit", "btcusdt", null, null, null, T0)))
                .isInstanceOf(UnknownSymbolException.class).hasMessageContaining("BYBIT:BTCUSDT");
    }

    @Test
    void aSnapshotOnAnotherGridIsReBinnedByItsLowerEdge() throws Exception {
        DepthFixture.snapshot(fixture.connection(), PartitionKind.DEPTH, "binance", "btcusdt", T0 + 4000, 1.0, 50, 51,
                new float[] {8}, new float[] {4}, 1);
        DepthSeries s = read(T0 + 2000, T0 + 5999, "2s").series();
        assertThat(s.priceStep()).as("the first snapshot's grid").isEqualTo(0.5);
        assertThat(s.times()).containsExactly(T0 + 2000, T0 + 4000);
        assertThat(s.bidBin()).containsExactly(101, 100);
        assertThat(s.askBin()).containsExactly(102, 102);
        assertThat(s.asks()[1]).containsExactly(4f);
    }

    @Test
    void pagesAtTheLiveEdgeAreReadAgainAfterTheirMaxAgeSettledOnesAreKept() throws Exception {
        long[] nanos = {0};
        DepthPages pages = new DepthPages(reader, new DepthChunks(1 << 20), new BuildGate("depth", 1, 4, java.time.Duration.ofSeconds(5)), 1 << 20, java.time.Duration.ofSeconds(1), () -> nanos[0]);
        DepthQuery live = DepthQuery.parse("binance", "btcusdt", Long.toString(T0 + 540_000), Long.toString(T0 + 660_000), "1m", T0);
        DepthQuery settled = DepthQuery.parse("binance", "btcusdt", Long.toString(T0), Long.toString(T0 + 119_999), "1m", T0);
        DepthPages.Page first = pages.page(live);
        DepthPages.Page old = pages.page(settled);
        assertThat(first.settled()).isFalse();
        assertThat(old.settled()).isTrue();
        DepthFixture.covered(fixture.connection(), "binance", "btcusdt", T0 + 150_000, T0 + 900_000);
        nanos[0] = 999_000_000L;
        assertThat(pages.page(live)).isSameAs(first);
        nanos[0] = 1_000_000_000L;
        DepthPages.Page again = pages.page(live);
        assertThat(new String(again.json(), java.nio.charset.StandardCharsets.US_ASCII)).contains("\"missing\":[]");
        nanos[0] = Long.MAX_VALUE / 2;
        assertThat(pages.page(settled)).isSameAs(old);
    }

    @Test
    void answersJoinedFromHourPiecesEqualWholeOnesForEveryRangeAndStep() throws Exception {
        SplittableRandom r = new SplittableRandom(22);
        for (int m = 0; m < 200; m++) {
            if (m == 70) {
                continue; // a minute without a row
            }
            float[] bids = new float[1 + r.nextInt(6)];
            float[] asks = new float[1 + r.nextInt(6)];
            for (int i = 0; i < bids.length; i++) {
                bids[i] = (float) (r.nextDouble() * 50);
            }
            for (int i = 0; i < asks.length; i++) {
                asks[i] = (float) (r.nextDouble() * 0.02);
            }
            long bid = 1000 + r.nextInt(5);
            DepthFixture.snapshot(fixture.connection(), PartitionKind.DEPTH_MINUTE, "binance", "ethusdt", DAY + m * 60_000L,
                    0.5, bid, bid + 1, bids, asks, 60);
        }
        DepthFixture.covered(fixture.connection(), "binance", "ethusdt", DAY, DAY + 20 * 60_000L);
        DepthFixture.covered(fixture.connection(), "binance", "ethusdt", DAY + 30 * 60_000L, DAY + 170 * 60_000L);
        DepthPages pages = new DepthPages(reader, new DepthChunks(1 << 20), new BuildGate("depth", 1, 4, Duration.ofSeconds(5)),
                0, Duration.ZERO);
        for (String step : new String[] {"1m", "5m", "7m", "30s"}) {
            for (long[] range : new long[][] {{0, 199}, {13, 141}, {60, 119}, {61, 62}, {100, 250}, {59, 60}}) {
                DepthQuery q = DepthQuery.parse("binance", "ethusdt", Long.toString(DAY + range[0] * 60_000L),
                        Long.toString(DAY + range[1] * 60_000L), step, DAY);
                String whole = new String(reader.read(q).series().json(), StandardCharsets.US_ASCII);
                for (int round = 0; round < 2; round++) { // the second from the cached closed pieces
                    assertThat(new String(pages.page(q).json(), StandardCharsets.US_ASCII))
                            .as("%s %s round %d", step, Arrays.toString(range), round).isEqualTo(whole);
                }
            }
        }
    }
}
