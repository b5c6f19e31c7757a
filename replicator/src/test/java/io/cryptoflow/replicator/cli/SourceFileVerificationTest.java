package io.cryptoflow.replicator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cryptoflow.common.SqliteConnections;
import io.cryptoflow.replicator.support.CollectorFixture;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceFileVerificationTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8);

    @Test
    void aCollectorDbReplicatesConsistentlyAndOnlyItsFileIsLeft() throws Exception {
        Path db = dir.resolve("collector.db.restoring");
        try (CollectorFixture collector = new CollectorFixture(db, 20, 5)) {
            for (int i = 0; i < 3; i++) {
                collector.commitBatch();
            }
        }

        assertThat(SourceFileVerification.verify(db, out)).isTrue();

        assertThat(output.toString(StandardCharsets.UTF_8)).contains("replicates consistently").contains("at rev 3");
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".verify-"));
        }
    }

    @Test
    void aDatabaseThatIsNoCollectorDbFails() throws Exception {
        Path db = dir.resolve("other.db");
        try (Connection c = SqliteConnections.openWriter(db); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (x INTEGER)");
        }

        assertThat(SourceFileVerification.verify(db, out)).isFalse();

        assertThat(output.toString(StandardCharsets.UTF_8)).contains("FAILED");
    }

    @Test
    void aMissingFileFails() throws Exception {
        assertThat(SourceFileVerification.verify(dir.resolve("absent.db"), out)).isFalse();
    }
}
