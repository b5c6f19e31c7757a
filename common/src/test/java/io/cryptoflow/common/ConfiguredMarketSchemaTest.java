package io.cryptoflow.common;

import static org.assertj.core.api.Assertions.assertThat;

import io.cryptoflow.common.ConfiguredMarketSchema.Kind;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConfiguredMarketSchemaTest {

    @Test
    void timeframesAreStoredAsMinutesInTimeframeOrder() {
        assertThat(ConfiguredMarketSchema.timeframes(List.of(Timeframe.parse("1d").orElseThrow(),
                Timeframe.parse("15m").orElseThrow(), Timeframe.parse("1m").orElseThrow()))).isEqualTo("1,15,1440");
        assertThat(ConfiguredMarketSchema.timeframes(List.of())).isEmpty();
    }

    @Test
    void storedTimeframesReadBack() {
        assertThat(ConfiguredMarketSchema.parseTimeframes("1,15,1440")).extracting(Timeframe::label)
                .containsExactly("1m", "15m", "1d");
        assertThat(ConfiguredMarketSchema.parseTimeframes("")).isEmpty();
        assertThat(ConfiguredMarketSchema.parseTimeframes("7,x,60")).extracting(Timeframe::label).containsExactly("1h");
    }

    @Test
    void kindsAreStoredAsClosedNamesInKindOrder() {
        assertThat(ConfiguredMarketSchema.kinds(List.of(Kind.FUNDING, Kind.TRADES, Kind.OPEN_INTEREST)))
                .isEqualTo("trades,open_interest,funding");
        assertThat(ConfiguredMarketSchema.kinds(Set.of())).isEmpty();
    }

    @Test
    void storedKindsReadBackAndNullIsUnknown() {
        assertThat(ConfiguredMarketSchema.parseKinds("trades,liquidations,depth")).get()
                .isEqualTo(Set.of(Kind.TRADES, Kind.LIQUIDATIONS, Kind.DEPTH));
        assertThat(ConfiguredMarketSchema.parseKinds("")).get().isEqualTo(Set.of());
        assertThat(ConfiguredMarketSchema.parseKinds("funding,mark_price")).get().isEqualTo(Set.of(Kind.FUNDING));
        assertThat(ConfiguredMarketSchema.parseKinds(null)).isEmpty();
        for (Kind k : Kind.values()) {
            assertThat(ConfiguredMarketSchema.parseKinds(ConfiguredMarketSchema.kinds(Set.of(k)))).get().isEqualTo(Set.of(k));
        }
    }
}
