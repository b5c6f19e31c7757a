package io.cryptoflow.collector.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.health.HealthCheck;
import io.cryptoflow.collector.health.WriterHealthCheck;
import io.cryptoflow.common.Candle;
import io.cryptoflow.common.MarketSymbol;
import io.cryptoflow.common.SqliteConnections;
import io.cryptoflow.common.Timeframe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * collector.db on a disk that refuses writes (a real EFBIG from a file-size limit on this JVM,
 * see {@link FileSizeLimit}): the writer keeps the batch SQLite could not commit, reports the
 * outage, and commits the batch once writes succeed again.
 */
class SqliteCandleWriterDiskFullIT {

    private static final MarketSymbol BTC = MarketSymbol.of("BINANCE", "BTCUSDT");
    private static final long BASE = Timeframe.H1.openTimeOf(1_600_000_000_000L);

    @TempDir
    Path dir;

    private Path db;
    private MetricRegistry metrics;
    private SqliteCandleWriter writer;

    @BeforeEach
    void start() throws Exception {
        assumeTrue(FileSizeLimit.available(), "needs util-linux prlimit");
        db = dir.resolve("collector.db");
        metrics = new MetricRegistry();
        writer = new SqliteCandleWriter(db, 4, metrics);
        writer.start();
    }

    @AfterEach
    void stop() throws Exception {
        if (writer != null) {
            writer.stop();
        }
    }

    @Test
    void aBatchTheDiskRefusesIsHeldAndCommittedOnceTheDiskAcceptsWritesAgain() throws Exception {
        submit(candles(0, 10)).get(10, TimeUnit.SECONDS);
        CompletableFuture<Void> big;
        CompletableFuture<Void> behind;
        try (FileSizeLimit ignored = FileSizeLimit.of(largestFile() + 64 * 1024)) {
            big = submit(candles(10, 3000)); // ~2 MB of clusters: cannot fit under the limit
            await().atMost(Duration.ofSeconds(30)).until(() -> writer.outage().map(WriteOutage::attempts).orElse(0L) >= 3);
            behind = submit(candles(3010, 5));

            assertThat(big).as("held, neither committed nor rejected").isNotDone();
            assertThat(behind).as("queued behind the held batch").isNotDone();
            HealthCheck.Result health = new WriterHealthCheck(writer).execute();
            assertThat(health.isHealthy()).isFalse();
            assertThat(health.getMessage()).contains(db.toAbsolutePath().toString()).contains("SQLITE_IOERR");
            assertThat(metrics.meter("cryptoflow.collector.writer.storage-failures").getCount()).isGreaterThanOrEqualTo(3);
        }
        big.get(30, TimeUnit.SECONDS);
        behind.get(30, TimeUnit.SECONDS);
        assertThat(writer.outage()).isEmpty();
        assertThat(new WriterHealthCheck(writer).execute().isHealthy()).isTrue();
        assertThat(metrics.meter("cryptoflow.collector.writer.failed-batches").getCount()).isZero();
        assertThat(scalar("SELECT count(*) FROM candles_60")).isEqualTo(3015);
        assertThat(scalar("SELECT count(DISTINCT rev) FROM candles_60")).as("one revision per committed batch").isEqualTo(3);
        assertThat(integrityCheck()).isEqualTo("ok");
    }

    @Test
    void aWriterStoppedWhileTheDiskRefusesWritesGivesTheHeldBatchUpInsteadOfHanging() throws Exception {
        submit(candles(0, 10)).get(10, TimeUnit.SECONDS);
        CompletableFuture<Void> big;
        try (FileSizeLimit ignored = FileSizeLimit.of(largestFile() + 64 * 1024)) {
            big = submit(candles(10, 3000));
            await().atMost(Duration.ofSeconds(30)).until(() -> writer.outage().isPresent());
            long started = System.nanoTime();
            writer.stop();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
            writer = null;
        }
        assertThatThrownBy(() -> big.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasMessageContaining("SQLITE_IOERR");
        assertThat(integrityCheck()).isEqualTo("ok");
        assertThat(scalar("SELECT count(*) FROM candles_60")).as("the committed batch survives").isEqualTo(10);
    }

    private CompletableFuture<Void> submit(List<Candle> candles) {
        return writer.submit(new CandleBatch(BTC, Timeframe.H1, candles, WriteMode.FOOTPRINT));
    }

    private static List<Candle> candles(int from, int count) {
        StringBuilder clusters = new StringBuilder("{");
        for (int i = 0; i < 20; i++) {
            clusters.append(i == 0 ? "" : ",").append("\"").append(60000 + i * 10).append("\":{\"buy\":1.5,\"sell\":2.25}");
        }
        String json = clusters.append('}').toString();
        List<Candle> out = new ArrayList<>(count);
        for (int i = from; i < from + count; i++) {
            out.add(Candle.fromTakerBuy(BASE + i * Timeframe.H1.millis(), 100, 110, 90, 105, 50, 20, 7, true)
                    .withClusters(json));
        }
        return out;
    }

    private long largestFile() throws Exception {
        long max = 0;
        for (String suffix : new String[] {"", "-wal", "-shm"}) {
            Path f = dir.resolve("collector.db" + suffix);
            if (Files.exists(f)) {
                max = Math.max(max, Files.size(f));
            }
        }
        return max;
    }

    private long scalar(String sql) throws Exception {
        try (Connection c = SqliteConnections.openReadOnly(db); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private String integrityCheck() throws Exception {
        try (Connection c = SqliteConnections.openReadOnly(db); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
            rs.next();
            return rs.getString(1);
        }
    }
}
