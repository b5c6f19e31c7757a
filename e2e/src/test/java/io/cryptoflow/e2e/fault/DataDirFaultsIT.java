package io.cryptoflow.e2e.fault;

import static org.assertj.core.api.Assertions.assertThat;

import io.cryptoflow.common.SqliteConnections;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Data-dir trouble for the real replicator and collector jars: a data dir that cannot be created,
 * a missing api.db, a corrupt api.db, and a WAL that a long reader keeps from being checkpointed.
 * Each ends in a clear error or a rebuilt, consistent api.db, never a crash loop or a torn file.
 */
class DataDirFaultsIT {

    @TempDir
    Path tmp;

    private final Path root = ServiceJar.repoRoot();
    private final Map<String, String> env = new HashMap<>();
    private ServiceJar service;
    private Path data;
    private Path logs;

    @BeforeEach
    void environment() throws Exception {
        data = tmp.resolve("data");
        Files.createDirectories(data);
        logs = root.resolve("e2e/target/fault-logs/" + getClass().getSimpleName());
        env.put("CRYPTOFLOW_DATA_DIR", data.toString());
        env.put("REPLICATOR_PORT", Integer.toString(ServiceJar.freePort()));
        env.put("COLLECTOR_PORT", Integer.toString(ServiceJar.freePort()));
        ServiceJar.exchangeEnvNames().forEach(n -> env.put(n, "http://127.0.0.1:9")); // nothing listens: no internet
        env.put("BINANCE_FUTURES_WS_URL", "ws://127.0.0.1:9");
        env.put("BINANCE_SPOT_WS_URL", "ws://127.0.0.1:9");
        env.put("BYBIT_WS_URL", "ws://127.0.0.1:9");
        env.put("BYBIT_SPOT_WS_URL", "ws://127.0.0.1:9");
        env.put("BITGET_WS_URL", "ws://127.0.0.1:9");
    }

    @AfterEach
    void stop() throws Exception {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void aCollectorWhoseDataDirCannotBeCreatedStopsWithAnErrorNamingThePath() throws Exception {
        Path file = tmp.resolve("not-a-dir");
        Files.writeString(file, "a regular file where the data dir's parent should be");
        Path impossible = file.resolve("data");
        env.put("CRYPTOFLOW_DATA_DIR", impossible.toString());
        service = ServiceJar.start(root, "collector", root.resolve("collector/config.yml"), env,
                logs.resolve("unwritable-collector.log"));
        boolean exited = service.waitForExit(Duration.ofSeconds(90));
        String log = service.logText();
        if (exited) {
            assertThat(service.process().exitValue()).as("exit code; log:\n" + log).isNotZero();
        } else {
            assertThat(ServiceJar.status("http://127.0.0.1:" + env.get("COLLECTOR_PORT") + "/admin/healthcheck"))
                    .as("still running, but unhealthy").isEqualTo(500);
        }
        assertThat(log).as("the error names the data dir").contains(impossible.toString());
    }

    @Test
    void aReplicatorWhoseDataDirCannotBeWrittenFailsOnceWithTheReasonNotInALoop() throws Exception {
        Path file = tmp.resolve("not-a-dir");
        Files.writeString(file, "x");
        Path impossible = file.resolve("data");
        env.put("CRYPTOFLOW_DATA_DIR", impossible.toString());
        service = ServiceJar.start(root, "replicator", root.resolve("replicator/config.yml"), env,
                logs.resolve("unwritable-replicator.log"));
        boolean exited = service.waitForExit(ServiceJar.STARTUP);
        String log = service.logText();
        if (exited) {
            assertThat(service.process().exitValue()).as("exit code; log:\n" + log).isNotZero();
            assertThat(log).as("the refusal names the data dir and why").contains(impossible.toString())
                    .contains("Not a directory");
        } else {
            assertThat(ServiceJar.status(replicatorUrl("/admin/healthcheck"))).isEqualTo(500);
            Thread.sleep(3000);
            long errorLines = service.logText().lines().filter(l -> l.startsWith("ERROR")).count();
            assertThat(errorLines).as("an error is logged once per distinct cause, not every tick").isLessThanOrEqualTo(3);
        }
    }

    @Test
    void aMissingApiDbIsRebuiltFromCollectorDb() throws Exception {
        try (CollectorDbFixture collector = new CollectorDbFixture(data.resolve("collector.db"))) {
            collector.batch(500, 200);
            service = startReplicator("missing-api-db.log");
            awaitReplica(collector.rev());
            service.stop();
            for (String f : new String[] {"api.db", "api.db-wal", "api.db-shm"}) {
                Files.deleteIfExists(data.resolve(f));
            }
            collector.batch(100, 200);
            service = startReplicator("missing-api-db.log");
            awaitReplica(collector.rev());
        }
        assertReplicaEqualsSource();
    }

    @Test
    void aCorruptApiDbIsSetAsideAndRebuilt() throws Exception {
        try (CollectorDbFixture collector = new CollectorDbFixture(data.resolve("collector.db"))) {
            for (int i = 0; i < 20; i++) {
                collector.batch(200, 400);
            }
            service = startReplicator("corrupt-api-db.log");
            awaitReplica(collector.rev());
            service.stop();
            Path api = data.resolve("api.db");
            try (RandomAccessFile raf = new RandomAccessFile(api.toFile(), "rw")) {
                byte[] garbage = new byte[8192];
                new java.util.Random(1).nextBytes(garbage);
                raf.seek(raf.length() / 2);
                raf.write(garbage);
                raf.seek(4096);
                raf.write(garbage);
            }
            collector.batch(10, 400);
            service = startReplicator("corrupt-api-db.log");
            awaitReplica(collector.rev());
            assertThat(service.process().isAlive()).isTrue();
        }
        assertReplicaEqualsSource();
        assertThat(DbContent.integrityCheck(data.resolve("api.db"))).containsExactly("ok");
    }

    @Test
    void anApiDbThatIsNotADatabaseAtAllIsReplaced() throws Exception {
        try (CollectorDbFixture collector = new CollectorDbFixture(data.resolve("collector.db"))) {
            collector.batch(300, 100);
            Files.writeString(data.resolve("api.db"), "this is not an SQLite file\n".repeat(500));
            service = startReplicator("garbage-api-db.log");
            awaitReplica(collector.rev());
        }
        assertReplicaEqualsSource();
    }

    @Test
    void aWalHeldOpenByALongReaderIsCutBackOnceTheReaderLetsGo() throws Exception {
        try (CollectorDbFixture collector = new CollectorDbFixture(data.resolve("collector.db"))) {
            collector.batch(100, 100);
            // a 2 MiB journal limit: the WAL restarts at 2 MiB and its file is kept up to 4x that (8 MiB)
            Path config = data.resolve("replicator-2mib.yml");
            String yml = Files.readString(root.resolve("replicator/config.yml"));
            assertThat(yml).contains("journalSizeLimitBytes: 8388608");
            Files.writeString(config, yml.replace("journalSizeLimitBytes: 8388608", "journalSizeLimitBytes: 2097152"));
            service = startReplicator("long-reader.log", config);
            awaitReplica(collector.rev());
            Path wal = data.resolve("api.db-wal");
            try (Connection reader = SqliteConnections.openReadOnly(data.resolve("api.db"))) {
                reader.setAutoCommit(false);
                try (Statement s = reader.createStatement()) {
                    s.executeQuery("SELECT count(*) FROM candles_15").close(); // read transaction stays open
                }
                for (int i = 0; i < 60; i++) {
                    collector.batch(100, 2000); // ~12 MB of changes the WAL must hold while the reader lives
                }
                awaitReplica(collector.rev());
                assertThat(Files.size(wal)).as("the WAL grew while the reader pinned it").isGreaterThan(8L << 20);
                reader.rollback();
            }
            collector.batch(10, 100);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (Files.size(wal) > 8L << 20 && System.nanoTime() < deadline) {
                collector.batch(1, 100);
                Thread.sleep(200);
            }
            assertThat(Files.size(wal)).as("the WAL file is cut back to its cap (8 MiB) once the reader is gone")
                    .isLessThanOrEqualTo(8L << 20);
            assertThat(ServiceJar.status(replicatorUrl("/admin/healthcheck"))).isEqualTo(200);
        }
        assertReplicaEqualsSource();
    }

    private ServiceJar startReplicator(String logName) throws Exception {
        return startReplicator(logName, root.resolve("replicator/config.yml"));
    }

    private ServiceJar startReplicator(String logName, Path config) throws Exception {
        ServiceJar r = ServiceJar.start(root, "replicator", config, env, logs.resolve(logName));
        r.awaitOk(replicatorUrl("/admin/ping"), ServiceJar.STARTUP);
        return r;
    }

    private String replicatorUrl(String path) {
        return "http://127.0.0.1:" + env.get("REPLICATOR_PORT") + path;
    }

    private void awaitReplica(long rev) throws Exception {
        Path api = data.resolve("api.db");
        long deadline = System.nanoTime() + ServiceJar.STARTUP.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(api) && DbContent.replicaSourceRev(api) >= rev) {
                return;
            }
            assertThat(service.process().isAlive()).as("replicator alive; see " + service.log()).isTrue();
            Thread.sleep(50);
        }
        throw new AssertionError("api.db did not reach rev " + rev + "; see " + service.log());
    }

    private void assertReplicaEqualsSource() throws Exception {
        DbContent source = DbContent.read(data.resolve("collector.db"));
        DbContent replica = DbContent.read(data.resolve("api.db"));
        assertThat(replica.stateRev()).isEqualTo(source.stateRev());
        assertThat(replica.rows()).isEqualTo(source.rows());
    }
}
