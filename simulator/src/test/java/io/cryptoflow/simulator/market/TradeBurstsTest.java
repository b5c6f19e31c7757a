package io.cryptoflow.simulator.market;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TradeBurstsTest {

    private static final long LISTED = 0;
    private static final long LIVE_MINUTE = 29_000_000L; // an epoch minute divisible by 10
    private static final TradeBursts BURSTS = new TradeBursts(5000, 10, 10);

    private static TradeTape tape(TradeBursts bursts) {
        return new TradeTape(42, Venue.values()[0], SymbolSpec.defaultFor("BTCUSDT"), LISTED,
                LIVE_MINUTE * TradeTape.MINUTE, 4, 120, bursts);
    }

    @Test
    void aBurstMinuteHoldsTheBurstInsideItsWindowOnTopOfTheSteadyRate() {
        List<SimTrade> trades = tape(BURSTS).tradesOfMinute(LIVE_MINUTE + 10);
        assertThat(trades).hasSize(120 + 50_000);
        long start = (LIVE_MINUTE + 10) * TradeTape.MINUTE;
        long inWindow = trades.stream().filter(t -> t.time() >= start + 25_000 && t.time() < start + 35_000).count();
        assertThat(inWindow).isGreaterThanOrEqualTo(50_000);
        for (int i = 1; i < trades.size(); i++) {
            assertThat(trades.get(i).time()).isGreaterThanOrEqualTo(trades.get(i - 1).time());
            assertThat(trades.get(i).aggId()).isEqualTo(trades.get(i - 1).aggId() + 1);
        }
    }

    @Test
    void idsStayGapFreeAcrossBurstsAndMapBackToTheirMinute() {
        TradeTape tape = tape(BURSTS);
        for (long m = LIVE_MINUTE - 2; m < LIVE_MINUTE + 25; m++) {
            List<SimTrade> trades = tape.tradesOfMinute(m);
            assertThat(trades.get(0).aggId()).isEqualTo(tape.firstAggIdOf(m));
            assertThat(tape.firstAggIdOf(m + 1)).isEqualTo(trades.get(trades.size() - 1).aggId() + 1);
            assertThat(tape.minuteOfAggId(trades.get(0).aggId())).isEqualTo(m);
            assertThat(tape.minuteOfAggId(trades.get(trades.size() - 1).aggId())).isEqualTo(m);
        }
    }

    @Test
    void withoutBurstsTheTapeIsUnchangedAndBurstsLeaveOtherMinutesAlone() {
        assertThat(tape(TradeBursts.NONE).tradesOfMinute(LIVE_MINUTE + 3))
                .isEqualTo(new TradeTape(42, Venue.values()[0], SymbolSpec.defaultFor("BTCUSDT"), LISTED,
                        LIVE_MINUTE * TradeTape.MINUTE, 4, 120).tradesOfMinute(LIVE_MINUTE + 3));
        assertThat(tape(BURSTS).tradesOfMinute(LIVE_MINUTE + 3)).hasSize(120);
        assertThat(tape(BURSTS).tradesOfMinute(LIVE_MINUTE - 5)).hasSize(4);
    }

    @Test
    void theSameSeedGivesTheSameBurst() {
        assertThat(tape(BURSTS).tradesOfMinute(LIVE_MINUTE + 20)).isEqualTo(tape(BURSTS).tradesOfMinute(LIVE_MINUTE + 20));
    }
}
