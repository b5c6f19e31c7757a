package io.cryptoflow.replicator.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.cryptoflow.replicator.support.CollectorFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceDatabaseTest {

    @TempDir
    Path dir;

    @Test
    void theProbeSeesEveryCollectorCommitAndAReplacedFile() throws Exception {
        Path file = dir.resolve("collector.db");
        try (SourceDatabase source = new SourceDatabase(file)) {
            assertThat(source.unchangedSinceLastState()).as("nothing read yet").isFalse();
            try (CollectorFixture collector = new CollectorFixture(file, 5, 0)) {
                collector.commitBatch();
                assertThat(source.state().orElseThrow().rev()).isEqualTo(1);
                assertThat(source.unchangedSinceLastState()).isTrue();
                assertThat(source.unchangedSinceLastState()).as("probing changes nothing").isTrue();

                collector.commitBatch();
                assertThat(source.unchangedSinceLastState()).isFalse();
                assertThat(source.unchangedSinceLastState()).as("until the revision is read").isFalse();
                assertThat(source.state().orElseThrow().rev()).isEqualTo(2);
                assertThat(source.unchangedSinceLastState()).isTrue();
            }
            for (String suffix : new String[] {"", "-wal", "-shm"}) {
                Files.deleteIfExists(dir.resolve("collector.db" + suffix));
            }
            assertThat(source.unchangedSinceLastState()).as("collector.db gone").isFalse();
            try (CollectorFixture collector = new CollectorFixture(file, 5, 0)) {
                collector.commitBatch();
                assertThat(source.state().orElseThrow().rev()).isEqualTo(1);
                assertThat(source.unchangedSinceLastState()).isTrue();
            }
        }
    }
}
