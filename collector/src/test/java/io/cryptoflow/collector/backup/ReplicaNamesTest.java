package io.cryptoflow.collector.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.cryptoflow.common.RepoRoot;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReplicaNamesTest {

    @Test
    void theRepositorysConfigsNameTheirReplicas() throws Exception {
        Map<String, String> env = Map.of("CRYPTOFLOW_DATA_DIR", "/srv/cf");
        Path db = Path.of("/srv/cf/collector.db");
        assertThat(ReplicaNames.of(RepoRoot.find().resolve("litestream.yml"), db, env)).containsExactly("file");
        assertThat(ReplicaNames.of(RepoRoot.find().resolve("litestream-s3.yml"), db, env)).containsExactly("file", "s3");
        assertThat(ReplicaNames.of(RepoRoot.find().resolve("litestream-s3.yml"), Path.of("/other/collector.db"), env)).isEmpty();
    }

    @Test
    void expandsLikeLitestream() {
        assertThat(ReplicaNames.expand("$A/${B}/${C}x", Map.of("A", "1", "B", "2"))).isEqualTo("1/2/x");
    }
}
