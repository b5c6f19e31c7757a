package io.cryptoflow.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class WrkRunTest {

    @Test
    void theSummaryLineOfTheDoneHookIsParsedIgnoringWrksOwnReport() {
        WrkRun.Result r = WrkRun.Result.parse("""
                Running 10s test @ http://127.0.0.1:3000
                  2 threads and 16 connections
                WRK_SUMMARY requests=8891 duration_us=15047448 bytes=550594586 p50=24239 p90=65689 p99=155827 \
                max=501760 connect=0 read=1 write=0 status=2 timeout=0
                """);
        assertThat(r.requests()).isEqualTo(8891);
        assertThat(r.requestsPerSecond()).isBetween(590.0, 592.0);
        assertThat(r.p50Ms()).isEqualTo(24.239);
        assertThat(r.p99Ms()).isEqualTo(155.827);
        assertThat(r.errors()).isEqualTo(3);
        assertThatThrownBy(() -> WrkRun.Result.parse("unable to connect")).hasMessageContaining("no summary");
    }

    @Test
    void theLuaScriptsShipWithTheBench() {
        assertThat(WrkRun.class.getResource("/wrk/random-reads.lua")).isNotNull();
        assertThat(WrkRun.class.getResource("/wrk/summary.lua")).isNotNull();
    }
}
