package io.cryptoflow.collector.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cryptoflow.collector.aggregation.TickSizes;
import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PricesTest {

    @Test
    void parsesExchangeDecimalStringsExactly() {
        assertThat(Prices.parse("145.2")).isEqualTo(1_452_000_000_000L);
        assertThat(Prices.parse("145.20000000")).isEqualTo(1_452_000_000_000L);
        assertThat(Prices.parse("0.00001234")).isEqualTo(123_400L);
        assertThat(Prices.parse("97000")).isEqualTo(970_000_000_000_000L);
        assertThat(Prices.parse("1.5e3")).isEqualTo(Prices.parse("1500"));
    }

    @Test
    void formatsTheShortestPlainDecimal() {
        assertThat(Prices.format(1_452_000_000_000L)).isEqualTo("145.2");
        assertThat(Prices.format(100_000_000_000_000L)).isEqualTo("10000");
        assertThat(Prices.format(123_400L)).isEqualTo("0.00001234");
        assertThat(Prices.format(0)).isEqualTo("0");
    }

    @Test
    void rejectsTextThatIsNotAPrice() {
        assertThatThrownBy(() -> Prices.parse("12a")).isInstanceOf(NumberFormatException.class);
        assertThatThrownBy(() -> Prices.parse("")).isInstanceOf(NumberFormatException.class);
        assertThatThrownBy(() -> Prices.parse("-1")).isInstanceOf(NumberFormatException.class);
    }

    @Test
    void automaticTickIsOneTwoOrFiveTimesAPowerOfTenNearATenThousandthOfThePrice() {
        assertThat(Prices.format(TickSizes.automatic(Prices.parse("100000")))).isEqualTo("10");
        assertThat(Prices.format(TickSizes.automatic(Prices.parse("3000")))).isEqualTo("0.2");
        assertThat(Prices.format(TickSizes.automatic(Prices.parse("145")))).isEqualTo("0.01");
        assertThat(Prices.format(TickSizes.automatic(Prices.parse("650")))).isEqualTo("0.05");
        assertThat(Prices.format(TickSizes.automatic(Prices.parse("0.000012")))).isEqualTo("0.000000001");
    }

    @Test
    void configuredTicksWinAndAreMatchedCaseInsensitively() {
        TickSizes ticks = new TickSizes(Map.of("btcusdt", new BigDecimal("10")));
        assertThat(ticks.configured("BTCUSDT")).contains(Prices.parse("10"));
        assertThat(ticks.configured("DOGEUSDT")).isEmpty();
        assertThatThrownBy(() -> new TickSizes(Map.of("X", BigDecimal.ZERO))).isInstanceOf(IllegalArgumentException.class);
    }
}
