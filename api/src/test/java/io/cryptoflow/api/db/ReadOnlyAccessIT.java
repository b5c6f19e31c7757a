package io.cryptoflow.api.db;

import static io.cryptoflow.api.support.ApiDbFixture.BTC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cryptoflow.api.ApiApplication;
import io.cryptoflow.api.ApiConfiguration;
import io.cryptoflow.api.support.ApiDbFixture;
import io.cryptoflow.api.support.Http;
import io.cryptoflow.common.CandleSchema;
import io.cryptoflow.common.SqliteConnections;
import io.cryptoflow.common.Timeframe;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The API can only read api.db: writes fail inside SQLite, and collector.db is never opened. */
@ExtendWith(DropwizardExtensionsSupport.class)
class ReadOnlyAccessIT {

    @TempDir
    static Path dataDir;

    static final DropwizardAppExtension<ApiConfiguration> APP = new DropwizardAppExtension<>(
            ApiApplication.class, ResourceHelpers.resourceFilePath("test-api.yml"),
            ConfigOverride.config("dataDir", () -> dataDir.toString()));

    static ApiDbFixture db;

    @BeforeAll
    static void createBothDatabases() throws Exception {
        db = ApiDbFixture.create(dataDir.resolve("api.db"));
        db.upsert(Timeframe.M15, BTC, 1, ApiDbFixture.series(Timeframe.M15, 1_699_999_200_000L, 5));
        try (Connection collector = SqliteConnections.openWriter(dataDir.resolve("collector.db"))) {
            CandleSchema.apply(collector);
        }
    }

    @AfterAll
    static void closeFixture() throws Exception {
        db.close();
    }

    Jdbi appJdbi() {
        return APP.<ApiApplication>getApplication().database().jdbi();
    }

    @Test
    void aWriteThroughTheAppsConnectionFailsAsReadOnly() {
        assertThat(Http.get(APP.getLocalPort(), "/api/candles").status()).isEqualTo(200);

        assertThatThrownBy(() -> appJdbi().useHandle(h -> h.execute(
                "UPDATE candles_15 SET close = 0 WHERE symbol = 'BINANCE:BTCUSDT'")))
                .hasStackTraceContaining("SQLITE_READONLY");
        assertThatThrownBy(() -> appJdbi().useHandle(h -> h.execute("CREATE TABLE intruder(x)")))
                .hasStackTraceContaining("SQLITE_READONLY");

        Integer closeZero = appJdbi().withHandle(h -> h.createQuery(
                "SELECT COUNT(*) FROM candles_15 WHERE close = 0").mapTo(Integer.class).one());
        assertThat(closeZero).isZero();
    }

    @Test
    void theOnlyDatabaseConfiguredIsApiDbInTheDataDir() {
        assertThat(APP.getConfiguration().apiDbPath()).isEqualTo(dataDir.resolve("api.db").toAbsolutePath().normalize());
        assertThat(APP.<ApiApplication>getApplication().database().file().getFileName().toString()).isEqualTo("api.db");
    }

    @Test
    void theProcessNeverHasCollectorDbOpenWhileServing() throws IOException {
        for (int i = 0; i < 5; i++) {
            assertThat(Http.get(APP.getLocalPort(), "/api/candles?tf=15").status()).isEqualTo(200);
            assertThat(Http.get(APP.getLocalPort(), "/api/symbols").status()).isEqualTo(200);
            assertThat(Http.get(APP.getLocalPort(), "/api/health").status()).isEqualTo(200);
        }
        List<String> open = openFilesUnder(dataDir);
        assertThat(open).anyMatch(f -> f.endsWith("api.db"));
        assertThat(open).noneMatch(f -> f.contains("collector.db"));
    }

    /** Targets of this JVM's open file descriptors inside {@code dir} (Linux /proc). */
    static List<String> openFilesUnder(Path dir) throws IOException {
        List<String> out = new ArrayList<>();
        String prefix = dir.toRealPath().toString();
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith(prefix)) {
                        out.add(target);
                    }
                } catch (IOException ignored) {
                    // the descriptor closed while listing
                }
            }
        }
        return out;
    }
}
