package io.cryptoflow.simulator.ws;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What the stream hosts enforce per connection: subscribe args, messages per second, server pings. */
class StreamLimitsTest {

    @Test
    void bybitSpotRefusesASubscribeWithMoreThanTenArgsInItsOwnShape() {
        assertThat(BybitStreamSession.argsRefusal("subscribe", 10, 10, "c1", "")).isNull();
        assertThat(BybitStreamSession.argsRefusal("subscribe", 11, 10, "c1", ""))
                .isEqualTo("{\"success\":false,\"ret_msg\":\"args size >10\",\"conn_id\":\"c1\",\"op\":\"subscribe\"}");
        assertThat(BybitStreamSession.argsRefusal("subscribe", 11, 10, "c1", "r7")).contains("\"req_id\":\"r7\"");
        assertThat(BybitStreamSession.argsRefusal("subscribe", 50, 0, "c1", "")).as("linear: no args limit").isNull();
        assertThat(StreamRules.bybitSpot(10).maxArgsPerSubscribe()).isEqualTo(10);
        assertThat(StreamRules.bybitSpot(10).withoutLimits().maxArgsPerSubscribe()).isZero();
    }

    @Test
    void theEleventhMessageInAnySecondCutsABinanceFuturesConnection() {
        IncomingMessageLimit limit = new IncomingMessageLimit(StreamRules.binanceFutures(null, null).maxMessagesPerSecond());
        for (int i = 0; i < 10; i++) {
            assertThat(limit.exceededBy(10_000 + i * 90)).isFalse();
        }
        assertThat(limit.exceededBy(10_950)).isTrue();
        assertThat(new IncomingMessageLimit(10).exceededBy(0)).isFalse();
        IncomingMessageLimit spaced = new IncomingMessageLimit(StreamRules.binanceSpot(null, null).maxMessagesPerSecond());
        for (int i = 0; i < 20; i++) {
            assertThat(spaced.exceededBy(i * 250L)).as("4 per second").isFalse();
        }
        assertThat(new IncomingMessageLimit(0).exceededBy(0)).isFalse();
    }

    @Test
    void binanceFuturesPingsEveryThreeMinutesAndCutsAfterTenWithoutPong() {
        KeepAlive answered = new KeepAlive(Duration.ofMinutes(3), Duration.ofMinutes(10), 0);
        KeepAlive silent = new KeepAlive(Duration.ofMinutes(3), Duration.ofMinutes(10), 0);
        int pings = 0;
        KeepAlive.Action last = KeepAlive.Action.NONE;
        for (long t = 0; t <= 9 * 60_000L; t += 1_000) {
            if (answered.tick(t) == KeepAlive.Action.PING) {
                pings++;
                answered.ponged(t + 50);
            }
            last = silent.tick(t);
        }
        assertThat(pings).isEqualTo(3);
        assertThat(last).isNotEqualTo(KeepAlive.Action.CUT);
        assertThat(silent.tick(10 * 60_000L)).isEqualTo(KeepAlive.Action.CUT);
        assertThat(answered.tick(10 * 60_000L)).isNotEqualTo(KeepAlive.Action.CUT);
        assertThat(new KeepAlive(null, null, 0).tick(Long.MAX_VALUE / 2)).isEqualTo(KeepAlive.Action.NONE);
    }
}
