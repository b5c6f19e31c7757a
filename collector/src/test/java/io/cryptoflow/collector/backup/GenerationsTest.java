package io.cryptoflow.collector.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class GenerationsTest {

    @Test
    void readsEachReplicasLagFromLitestreamGenerationsOutput() {
        String out = """
                name  generation        lag    start                 end
                file  1958c9f2e0a7cfc8  -12ms  2026-12-05T11:30:34Z  2026-12-05T11:30:34Z
                s3    1958c9f2e0a7cfc8  772ms  2026-12-05T11:30:34Z  2026-12-05T11:30:34Z
                """;
        assertThat(Generations.lagMillisByReplica(out)).isEqualTo(Map.of("file", 0L, "s3", 772L));
    }

    @Test
    void parsesGoDurations() {
        assertThat(Generations.parseGoDurationMillis("1m2.5s")).contains(62_500L);
        assertThat(Generations.parseGoDurationMillis("1h0m0s")).contains(3_600_000L);
        assertThat(Generations.parseGoDurationMillis("0s")).contains(0L);
        assertThat(Generations.parseGoDurationMillis("-12ms")).contains(-12L);
        assertThat(Generations.parseGoDurationMillis("soon")).isEmpty();
    }

    @Test
    void anUnlistableReplicaHasNoLag() {
        String out = """
                time=2026-12-05T11:33:02.531Z level=ERROR msg="cannot list generations" replica=s3 error="NoSuchBucket"
                name  generation  lag  start  end
                """;
        assertThat(Generations.lagMillisByReplica(out)).isEmpty();
    }
}
