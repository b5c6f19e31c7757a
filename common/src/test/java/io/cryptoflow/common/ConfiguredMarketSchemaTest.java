package io.cryptoflow.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
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
}
