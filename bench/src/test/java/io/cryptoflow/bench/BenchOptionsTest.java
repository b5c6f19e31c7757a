package io.cryptoflow.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class BenchOptionsTest {

    @Test
    void backfillBusyRunsOnlyWhenNamedWithAThirtyDayWindowByDefault() {
        BenchOptions all = BenchOptions.parse(new String[] {"all"});
        assertThat(all.scenarios()).doesNotContain("backfill-busy");
        assertThat(all.historyDays()).isEqualTo(30);

        BenchOptions busy = BenchOptions.parse(new String[] {"backfill-busy", "--history-days", "60"});
        assertThat(busy.scenarios()).isEqualTo(List.of("backfill-busy"));
        assertThat(busy.historyDays()).isEqualTo(60);
        assertThat(busy.backfillDays()).isEqualTo(730);
    }

    @Test
    void aRunsScratchIsDeletedUnlessAskedToKeepIt() {
        assertThat(BenchOptions.parse(new String[] {"compare"}).keepScratch()).isFalse();
        assertThat(BenchOptions.parse(new String[] {"compare", "--keep-scratch"}).keepScratch()).isTrue();
    }

    @Test
    void backfillBusyRunsEveryCaseUnlessSomeAreNamed() {
        assertThat(BenchOptions.parse(new String[] {"backfill-busy"}).cases()).isEmpty();
        assertThat(BenchOptions.parse(new String[] {"backfill-busy", "--cases", "quiet,busy"}).cases())
                .isEqualTo(List.of("quiet", "busy"));
    }
}
