package io.cryptoflow.api.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.cryptoflow.api.db.ApiDatabase;
import io.cryptoflow.api.support.ApiDbFixture;
import io.cryptoflow.api.support.DepthFixture;
import io.cryptoflow.common.PartitionKind;
import io.dropwizard.db.ManagedDataSource;
import io.dropwizard.db.ManagedPooledDataSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Answers joined from hour pieces (cached or not) are byte for byte the answers sampled whole. */
class DepthPiecesTest {

    /** 2026-12-02 00:00 UTC. */
    private static final long DAY = 1_764_633_600_000L;
    private static final long MINUTE = 60_000;

    @TempDir
    Path dir;

    private ManagedDataSource pool;
    private ApiDbFixture fixture;
    private DepthReader reader;

    @BeforeEach
    void open() throws Exception {
        fixture = ApiDbFixture.create(dir.resolve("api.db"));
        Connection c = fixture.connection();
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
            DepthFixture.snapshot(c, PartitionKind.DEPTH_MINUTE, "binance", "btcusdt", DAY + m * MINUTE, 0.5, bid, bid + 1,
                    bids, asks, 60);
        }
        DepthFixture.covered(c, "binance", "btcusdt", DAY, DAY + 20 * MINUTE);
        DepthFixture.covered(c, "binance", "btcusdt", DAY + 30 * MINUTE, DAY + 170 * MINUTE);
        pool = ApiDbFixture.readPool(dir.resolve("api.db"), 2, "depth-pieces-test");
        reader = new DepthReader(new ApiDatabase(dir.resolve("api.db"), ApiDbFixture.jdbi(pool),
                ((ManagedPooledDataSource) pool)::purge));
    }

    @AfterEach
    void close() throws Exception {
        pool.stop();
        fixture.close();
    }

    @Test
    void joinedAnswersEqualWholeOnesForEveryRangeAndStep() {
        DepthChunks chunks = new DepthChunks(1 << 20);
        DepthPages pages = new DepthPages(reader, chunks, new BuildGate("depth", 1, 4, Duration.ofSeconds(5)), 0,
                Duration.ZERO);
        for (String step : new String[] {"1m", "5m", "7m", "30s"}) {
            for (long[] range : new long[][] {{0, 199}, {13, 141}, {60, 119}, {61, 62}, {100, 250}, {59, 60}}) {
                DepthQuery q = DepthQuery.parse("binance", "btcusdt", Long.toString(DAY + range[0] * MINUTE),
                        Long.toString(DAY + range[1] * MINUTE), step, DAY);
                String whole = new String(reader.read(q).series().json(), StandardCharsets.US_ASCII);
                for (int round = 0; round < 2; round++) { // the second from the cached pieces
                    String joined = new String(pages.page(q).json(), StandardCharsets.US_ASCII);
                    assertThat(joined).as("%s %s round %d", step, java.util.Arrays.toString(range), round)
                            .isEqualTo(whole);
                }
            }
        }
    }
}
