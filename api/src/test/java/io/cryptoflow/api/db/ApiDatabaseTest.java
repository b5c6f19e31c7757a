package io.cryptoflow.api.db;

import static io.cryptoflow.api.support.ApiDbFixture.BTC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.codahale.metrics.MetricRegistry;
import io.cryptoflow.api.ApiConfiguration;
import io.cryptoflow.api.core.ReplicaNotReadyException;
import io.cryptoflow.api.support.ApiDbFixture;
import io.cryptoflow.api.render.RenderCache;
import io.cryptoflow.api.render.RenderedCandle;
import io.cryptoflow.common.SqliteConnections;
import io.cryptoflow.common.Timeframe;
import io.dropwizard.db.ManagedDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The read-only pool over a real api.db file, including the replicator replacing its content. */
class ApiDatabaseTest {

    static final long T0 = 1_699_920_000_000L;

    @TempDir
    Path dir;

    ManagedDataSource dataSource;
    ApiDatabase db;

    @BeforeEach
    void openPool() {
        dataSource = ApiDbFixture.readPool(dir.resolve("api.db"), 3, "api-db-test");
        db = new ApiDatabase(dir.resolve("api.db"), ApiDbFixture.jdbi(dataSource),
                ((io.dropwizard.db.ManagedPooledDataSource) dataSource)::purge);
    }

    @AfterEach
    void closePool() throws Exception {
        dataSource.stop();
    }

    /** The production page read (one snapshot, rows through the render cache), newest first. */
    List<RenderedCandle> newest(int limit) {
        return db.candles(reads -> reads.rendered(Timeframe.M15, BTC, Long.MIN_VALUE, Long.MAX_VALUE, limit,
                new RenderCache(1 << 20)));
    }

    @Test
    void aMissingFileIsNotReadyAndIsNeverCreated() {
        assertThatThrownBy(() -> newest(1)).isInstanceOf(ReplicaNotReadyException.class)
                .hasMessageContaining("does not exist yet");
        assertThat(Files.exists(dir.resolve("api.db"))).isFalse();
    }

    @Test
    void pooledConnectionsSeeContentReplacedThroughTheBackupApi() throws Exception {
        try (ApiDbFixture first = ApiDbFixture.create(dir.resolve("api.db"))) {
            first.upsert(Timeframe.M15, BTC, 1, ApiDbFixture.series(Timeframe.M15, T0, 3));
        }
        // Warm every pooled connection so each has the old schema and pages cached.
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Callable<Integer>> reads = List.of(() -> newest(10).size(), () -> newest(10).size(),
                    () -> newest(10).size());
            for (Future<Integer> f : pool.invokeAll(reads)) {
                assertThat(f.get()).isEqualTo(3);
            }

            // The replicator's snapshot path: build the next content elsewhere, then backup-API copy it over api.db.
            Path next = dir.resolve("next.db");
            try (ApiDbFixture source = ApiDbFixture.create(next)) {
                source.upsert(Timeframe.M15, BTC, 9, ApiDbFixture.series(Timeframe.M15, T0, 7));
                source.connection().createStatement().execute("CREATE INDEX extra_schema_change ON candles_60(time)");
                try (Connection src = SqliteConnections.openReadOnly(next); Statement s = src.createStatement()) {
                    s.executeUpdate("backup to " + dir.resolve("api.db"));
                }
            }

            for (int round = 0; round < 3; round++) {
                for (Future<Integer> f : pool.invokeAll(reads)) {
                    assertThat(f.get()).isEqualTo(7);
                }
            }
            assertThat(newest(1).get(0).time()).isEqualTo(T0 + 6 * 900_000L);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aFileSwappedInByRenameIsDetectedAndThePoolReopensIt() throws Exception {
        try (ApiDbFixture first = ApiDbFixture.create(dir.resolve("api.db"))) {
            first.upsert(Timeframe.M15, BTC, 1, ApiDbFixture.series(Timeframe.M15, T0, 2));
        }
        assertThat(newest(10)).hasSize(2);
        assertThat(newest(10)).hasSize(2);

        Path next = dir.resolve("next.db");
        try (ApiDbFixture source = ApiDbFixture.create(next)) {
            source.upsert(Timeframe.M15, BTC, 5, ApiDbFixture.series(Timeframe.M15, T0, 5));
            source.connection().createStatement().execute("PRAGMA wal_checkpoint(TRUNCATE)");
        }
        Files.deleteIfExists(dir.resolve("api.db-wal"));
        Files.deleteIfExists(dir.resolve("api.db-shm"));
        Files.move(next, dir.resolve("api.db"), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);

        assertThat(newest(10)).hasSize(5);
    }

    @Test
    void theReplicaStampIsReadOnAKeptStatementThatSeesEveryCommitAndHoldsNoCheckpointBack() throws Exception {
        assertThatThrownBy(db::replicaStamp).isInstanceOf(ReplicaNotReadyException.class)
                .hasMessageContaining("does not exist yet");
        try (ApiDbFixture replica = ApiDbFixture.create(dir.resolve("api.db"))) {
            replica.replica(7, 100, 200, "incremental");
            assertThat(db.replicaStamp()).isEqualTo("7:200");

            replica.replica(8, 101, 201, "incremental");
            assertThat(db.replicaStamp()).isEqualTo("8:201");

            // The kept connection is between readings, not in a read transaction: a TRUNCATE
            // checkpoint (the replicator's after a snapshot) completes instead of reporting busy.
            try (var rs = replica.connection().createStatement().executeQuery("PRAGMA wal_checkpoint(TRUNCATE)")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).as("checkpoint busy").isZero();
            }
            replica.replica(9, 102, 202, "incremental");
            assertThat(db.replicaStamp()).isEqualTo("9:202");

            replica.connection().createStatement().execute("DELETE FROM cf_replica");
            assertThat(db.replicaStamp()).as("no row yet").isNull();
            replica.connection().createStatement().execute("DROP TABLE cf_replica");
            assertThat(db.replicaStamp()).as("no table yet (between a snapshot and its stamp)").isNull();
        }
    }

    @Test
    void theKeptStampStatementFollowsAFileSwappedInByRename() throws Exception {
        try (ApiDbFixture first = ApiDbFixture.create(dir.resolve("api.db"))) {
            first.replica(3, 0, 30, "snapshot");
        }
        assertThat(db.replicaStamp()).isEqualTo("3:30");

        Path next = dir.resolve("next.db");
        try (ApiDbFixture source = ApiDbFixture.create(next)) {
            source.replica(4, 0, 40, "snapshot");
            source.connection().createStatement().execute("PRAGMA wal_checkpoint(TRUNCATE)");
        }
        Files.deleteIfExists(dir.resolve("api.db-wal"));
        Files.deleteIfExists(dir.resolve("api.db-shm"));
        Files.move(next, dir.resolve("api.db"), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);

        assertThat(db.replicaStamp()).isEqualTo("4:40");
    }

    @Test
    void aFileThatIsNotADatabaseIsNotReadyRatherThanAStampOfNothing() throws Exception {
        Files.writeString(dir.resolve("api.db"), "not a database, a partial copy");
        assertThatThrownBy(db::replicaStamp).isInstanceOf(ReplicaNotReadyException.class)
                .hasMessageContaining("cannot be read yet");
    }

    @Test
    void pooledConnectionsKeepASmallPageCache() throws Exception {
        try (ApiDbFixture ignored = ApiDbFixture.create(dir.resolve("api.db"));
             var c = dataSource.getConnection();
             var rs = c.createStatement().executeQuery("PRAGMA cache_size")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(-ReadOnlyDataSourceFactory.READ_CACHE_KIB);
        }
    }

    /** Each column read through a reflective proxy was a fifth of a page read's CPU (ReadOnlyDataSourceFactory). */
    @Test
    void pooledStatementsAndResultSetsAreTheDriversOwnNotReflectiveProxies() throws Exception {
        try (ApiDbFixture ignored = ApiDbFixture.create(dir.resolve("api.db"));
             var c = dataSource.getConnection();
             var statement = c.prepareStatement("SELECT 1");
             var rs = statement.executeQuery()) {
            assertThat(java.lang.reflect.Proxy.isProxyClass(statement.getClass())).as(statement.getClass().getName()).isFalse();
            assertThat(java.lang.reflect.Proxy.isProxyClass(rs.getClass())).as(rs.getClass().getName()).isFalse();
            assertThat(statement.getClass().getName()).startsWith("org.sqlite.");
        }
    }

    @Test
    void anExhaustedPoolIsReportedAsBusyNotAsAMissingReplica() throws Exception {
        ApiConfiguration.ReadPoolFactory one = new ApiConfiguration.ReadPoolFactory();
        one.setSize(1);
        one.setMaxWaitForConnection(io.dropwizard.util.Duration.milliseconds(200));
        ManagedDataSource small = ReadOnlyDataSourceFactory.forApiDb(dir.resolve("api.db"), one)
                .build(new MetricRegistry(), "api-db-one");
        try (ApiDbFixture ignored = ApiDbFixture.create(dir.resolve("api.db"))) {
            var jdbi = ApiDbFixture.jdbi(small);
            ApiDatabase tiny = new ApiDatabase(dir.resolve("api.db"), jdbi, () -> { });
            try (var held = jdbi.open()) {
                held.createQuery("SELECT 1").mapTo(Integer.class).one();
                assertThatThrownBy(() -> tiny.candles(reads -> reads.hasAny(Timeframe.M15, BTC)))
                        .isInstanceOf(io.cryptoflow.api.core.DatabaseBusyException.class)
                        .hasMessageContaining("busy");
            }
            boolean any = tiny.candles(reads -> reads.hasAny(Timeframe.M15, BTC));
            assertThat(any).isFalse();
        } finally {
            small.stop();
        }
    }

    @Test
    void aConnectionFromThePoolCannotWrite() throws Exception {
        try (ApiDbFixture ignored = ApiDbFixture.create(dir.resolve("api.db"))) {
            assertThatThrownBy(() -> db.jdbi().useHandle(h -> h.execute("DELETE FROM candles_15")))
                    .hasStackTraceContaining("SQLITE_READONLY");
        }
    }
}
