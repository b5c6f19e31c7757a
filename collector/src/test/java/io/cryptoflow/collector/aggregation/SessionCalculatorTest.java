package io.cryptoflow.collector.aggregation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.cryptoflow.collector.store.DailySession;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class SessionCalculatorTest {

    private static final LocalDate DAY = LocalDate.of(2026, 1, 1);

    private static SortedMap<BigDecimal, Double> profile(String... priceVolume) {
        SortedMap<BigDecimal, Double> m = new TreeMap<>();
        for (String pv : priceVolume) {
            String[] p = pv.split("=");
            m.put(new BigDecimal(p[0]), Double.parseDouble(p[1]));
        }
        return m;
    }

    @Test
    void valueAreaGrowsTowardsTheHeavierNeighbourUntilSeventyPercent() {
        // total 100, POC 102 (30); +103 (20 > 10) = 50; +104 (15 > 10) = 65; +105 (20 > 10) = 85 >= 70
        DailySession s = SessionCalculator.compute("BINANCE:SOLUSDT", DAY,
                profile("100=5", "101=10", "102=30", "103=20", "104=15", "105=20"));

        assertThat(s.symbol()).isEqualTo("BINANCE:SOLUSDT");
        assertThat(s.date()).isEqualTo("2026-01-01");
        assertThat(s.poc()).isEqualTo(102.0);
        assertThat(s.vah()).isEqualTo(105.0);
        assertThat(s.val()).isEqualTo(102.0);
        assertThat(s.vwap()).isCloseTo(102.9, within(1e-9)); // 10290 / 100
        assertThat(s.volume()).isEqualTo(100.0);
    }

    @Test
    void aTieBetweenNeighboursAddsBothSides() {
        // POC 3 (40); 2 and 4 both 20 → both added: 80 >= 70
        DailySession s = SessionCalculator.compute("X:Y", DAY, profile("1=10", "2=20", "3=40", "4=20", "5=10"));
        assertThat(s.poc()).isEqualTo(3.0);
        assertThat(s.val()).isEqualTo(2.0);
        assertThat(s.vah()).isEqualTo(4.0);
        assertThat(s.vwap()).isCloseTo(3.0, within(1e-12));
    }

    @Test
    void theValueAreaStopsExactlyAtSeventyPercentAndTheLowerPriceWinsAPocTie() {
        DailySession exact = SessionCalculator.compute("X:Y", DAY, profile("10=30", "11=40", "12=30"));
        assertThat(exact.poc()).isEqualTo(11.0);
        // 40, then tie 30/30 adds both = 100: the tie rule, not overshoot by choice
        assertThat(exact.val()).isEqualTo(10.0);
        assertThat(exact.vah()).isEqualTo(12.0);

        DailySession reached = SessionCalculator.compute("X:Y", DAY, profile("10=30", "11=40", "12=20", "13=10"));
        // 40 + 30 (below, heavier) = 70 → exactly 70 %: stop
        assertThat(reached.val()).isEqualTo(10.0);
        assertThat(reached.vah()).isEqualTo(11.0);

        DailySession tie = SessionCalculator.compute("X:Y", DAY, profile("1=5", "2=5"));
        assertThat(tie.poc()).isEqualTo(1.0);
        assertThat(tie.vah()).isEqualTo(2.0);
    }

    @Test
    void readsStoredClustersJsonSummingBuyAndSell() {
        DailySession s = SessionCalculator.fromClustersJson("BYBIT:SOLUSDT", DAY,
                "{\"145.2\":{\"buy\":1,\"sell\":2},\"145.3\":{\"buy\":0.5,\"sell\":0}}");
        assertThat(s.poc()).isEqualTo(145.2);
        assertThat(s.val()).isEqualTo(145.2);
        assertThat(s.vah()).isEqualTo(145.2); // 3 of 3.5 is already >= 70 %
        assertThat(s.vwap()).isCloseTo((145.2 * 3 + 145.3 * 0.5) / 3.5, within(1e-9));
        assertThat(s.volume()).isEqualTo(3.5);
    }

    @Test
    void aDayWithoutTradesHasNoLevels() {
        DailySession s = SessionCalculator.fromClustersJson("X:Y", DAY, "{}");
        assertThat(s.poc()).isNull();
        assertThat(s.vah()).isNull();
        assertThat(s.val()).isNull();
        assertThat(s.vwap()).isNull();
        assertThat(s.volume()).isZero();
    }
}
