package io.cryptoflow.api.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** {@code /api/depth}'s parameters: steps with and without units, alignment, and every bad value naming its parameter. */
class DepthQueryTest {

    private static final long NOW = 1_764_633_600_000L;

    private static DepthQuery parse(String from, String to, String step) {
        return DepthQuery.parse("binance", "btcusdt", from, to, step, NOW);
    }

    @Test
    void stepsAreMillisecondsOrCarryAUnitAndTheRangeIsAlignedOnThem() {
        assertThat(DepthQuery.step("60000")).isEqualTo(60_000);
        assertThat(DepthQuery.step("1s")).isEqualTo(1000);
        assertThat(DepthQuery.step("5M")).isEqualTo(300_000);
        assertThat(DepthQuery.step("1h")).isEqualTo(3_600_000);
        assertThat(DepthQuery.step(null)).isEqualTo(60_000);
        DepthQuery q = parse("90000", "185000", "1m");
        assertThat(q.from()).isEqualTo(60_000);
        assertThat(q.to()).isEqualTo(239_999);
        DepthQuery defaults = parse(null, null, "1s");
        assertThat(defaults.to() - defaults.from() + 1).isEqualTo((DepthQuery.DEFAULT_STEPS + 1) * 1000L);
    }

    @Test
    void badInputNamesTheParameter() {
        assertBad("2000", "1000", "1s", "from");
        assertBad("x", null, "1s", "from");
        assertBad(null, "-5", "1s", "to");
        assertBad(null, null, "500", "step");
        assertBad(null, null, "1500", "step");
        assertBad(null, null, "2d", "step");
        assertBad(null, null, "1w", "step");
        assertBad(null, null, "9999999999999", "step");
        assertBad("0", Long.toString(NOW), "1s", "step");
        assertThatThrownBy(() -> DepthQuery.parse("b!", "btcusdt", null, null, null, NOW))
                .isInstanceOfSatisfying(BadParameterException.class, e -> assertThat(e.parameter()).isEqualTo("exchange"));
    }

    private static void assertBad(String from, String to, String step, String parameter) {
        assertThatThrownBy(() -> parse(from, to, step))
                .isInstanceOfSatisfying(BadParameterException.class, e -> assertThat(e.parameter()).isEqualTo(parameter));
    }
}
