package io.cryptoflow.e2e.trades;

import static org.assertj.core.api.Assertions.assertThat;

import io.cryptoflow.api.ApiApplication;
import io.cryptoflow.api.ApiConfiguration;
import io.cryptoflow.common.Timeframe;
import io.cryptoflow.simulator.ExchangeSimulator;
import io.cryptoflow.simulator.market.SimTrade;
import io.cryptoflow.simulator.market.TradeTape;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.DropwizardTestSupport;
import io.dropwizard.testing.ResourceHelpers;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Raw trades of every market with order flow through all three stages against one simulator
 * ({@link OrderFlowRun}: yesterday's archive where the exchange has one, REST catch-up of the last
 * minutes at the live rate, live across a cut of every stream; the replicator meanwhile), then the
 * real API application over api.db. Per market, over [yesterday 00:00, its last trade):
 * {@code /api/trades} (JSON paged with a small and with large limits, and CSV) equals the
 * simulator's tape — count, price, size and side of every trade, and its id where the collector's id
 * is known (Binance aggregate id, Bitget tradeId, Bybit linear's UUID hashed as the collector does;
 * Bybit spot's id depends on the source, so there the (time, price, size, side) multiset is compared);
 * the time to the millisecond, except where the exchange's REST serves whole seconds (Bitget: a trade
 * recovered after the cut carries its second).
 * A tape trade not served must lie in a range the answer states missing, and no served trade inside
 * one. Per 1m, 5m and 15m candle wholly inside, the served trades add up to {@code /api/candles}'
 * footprint, volume, buy/sell volume, delta and trade count; the candles marked incomplete are
 * exactly those a missing range touches.
 */
class RawTradesPipelineIT {

    private static final Logger LOG = LoggerFactory.getLogger(RawTradesPipelineIT.class);
    private static final String SYMBOL = "BTCUSDT";
    private static final List<Timeframe> TIMEFRAMES = List.of(Timeframe.M1, Timeframe.M5, Timeframe.M15);
    /** Minutes of tape at the live rate before the collector starts: recovered over REST where the exchange can. */
    private static final int LIVE_MINUTES_BEFORE = 6;

    @TempDir
    Path data;

    @Test
    void apiTradesEqualTheTapeOnEveryMarketAndAddUpToTheCandles() throws Exception {
        List<OrderFlowMarket> markets = List.of(OrderFlowMarket.values());
        long yesterday = LocalDate.now(ZoneOffset.UTC).minusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        long liveSince = Instant.now().minusSeconds(LIVE_MINUTES_BEFORE * 60L).toEpochMilli();
        Map<OrderFlowMarket, Long> last;
        Map<OrderFlowMarket, TradeTape> tapes = new EnumMap<>(OrderFlowMarket.class);
        try (ExchangeSimulator sim = ExchangeSimulator.builder().symbols(SYMBOL).liveSince(Instant.ofEpochMilli(liveSince))
                .liveTradesPerMinute(600).start();
                OrderFlowRun run = new OrderFlowRun(sim, data, SYMBOL, markets)) {
            Map<OrderFlowMarket, Long> live = run.awaitLive(Map.of(), 0);
            live = run.awaitLive(live, 2_000);
            run.cutEveryStream();
            run.awaitLive(live, 4_000);
            last = run.stop(yesterday, TIMEFRAMES);
            for (OrderFlowMarket m : markets) {
                tapes.put(m, sim.tape(m.venue, SYMBOL).orElseThrow());
            }
        }

        DropwizardTestSupport<ApiConfiguration> api = new DropwizardTestSupport<>(ApiApplication.class,
                ResourceHelpers.resourceFilePath("fuzz/api-fuzz.yml"), ConfigOverride.config("dataDir", data.toString()));
        api.before();
        try {
            String host = "http://127.0.0.1:" + api.getLocalPort() + "/api/";
            for (OrderFlowMarket m : markets) {
                long to = last.get(m) - 1; // every trade before the last one seen was delivered
                String market = "exchange=" + m.apiExchange() + "&symbol=" + SYMBOL.toLowerCase();
                String range = host + "trades?" + market + "&from=" + yesterday + "&to=" + to;
                ServedTrades served = ServedTrades.pagedJson(range, 1_000_000);
                assertEqualsTape(m, tapes.get(m), served, yesterday, to);
                assertSame(m + " JSON by 1000", served, ServedTrades.pagedJson(range, 1000));
                assertSame(m + " CSV", served, ServedTrades.csv(range));
                // a small limit over the minutes at the live rate: many page edges, trades sharing a millisecond
                String recent = host + "trades?" + market + "&from=" + liveSince + "&to=" + to;
                assertSame(m + " JSON by 7", ServedTrades.pagedJson(recent, 1_000_000), ServedTrades.pagedJson(recent, 7));

                long candlesFrom = served.missing().stream().filter(g -> g.from() == yesterday).mapToLong(StoredRawTrades.Gap::to)
                        .findFirst().orElse(yesterday); // from the retained window on
                ServedTrades gaps = new ServedTrades(served.trades(),
                        served.missing().stream().filter(g -> g.from() != yesterday).toList());
                for (Timeframe tf : TIMEFRAMES) {
                    CandleTotals.Checked checked = CandleTotals.check(host + "candles?" + market, tf, gaps, candlesFrom, to,
                            m.takerKlines != null);
                    LOG.info("{} {}: {} candles add up, {} incomplete", m, tf.label(), checked.complete(), checked.partial());
                    if (m.type.archive().isPresent()) { // Bitget (no archive) holds only the seconds since its first live trade
                        assertThat(checked.trading()).as("%s %s candles with trades compared", m, tf.label()).isGreaterThan(0);
                    }
                }
            }
        } finally {
            api.after();
        }
    }

    /**
     * Every tape trade in [from, to] is served once (same time, price, size, side, and id where known)
     * or lies in a missing range; nothing else is served, nothing served lies inside a missing range,
     * and the trades come in (time, id) order.
     */
    private static void assertEqualsTape(OrderFlowMarket m, TradeTape tape, ServedTrades served, long from, long to) {
        Map<String, Integer> unmatched = new HashMap<>();
        Map<Long, Long> servedTimes = new HashMap<>();
        for (ServedTrades.Trade t : served.trades()) {
            unmatched.merge(key(t, m.idsCompared()), 1, Integer::sum);
            servedTimes.put(t.id(), t.time());
        }
        List<String> problems = new ArrayList<>();
        int expected = 0;
        int absent = 0;
        for (long minute = Math.floorDiv(from, 60_000L); minute <= Math.floorDiv(to, 60_000L); minute++) {
            for (SimTrade s : tape.tradesOfMinute(minute)) {
                if (s.time() < from || s.time() > to) {
                    continue;
                }
                expected++;
                ServedTrades.Trade t = new ServedTrades.Trade(s.time(), m.collectorId(tape, s), tape.spec().price(s.priceUnits()),
                        tape.spec().qty(s.qtyUnits()), s.takerBuy() ? "buy" : "sell");
                String key = key(t, t.id() != null);
                if (unmatched.merge(key, -1, Integer::sum) < 0) {
                    unmatched.merge(key, 1, Integer::sum);
                    absent++;
                    if (served.missing().stream().noneMatch(g -> g.holds(s.time()))) {
                        problems.add("tape trade " + s.aggId() + " at " + Instant.ofEpochMilli(s.time()) + " neither served nor in a missing range");
                    }
                } else if (m.idsCompared() && servedTimes.get(t.id()) != s.time()
                        && !(m.restTimesInSeconds() && servedTimes.get(t.id()) == Math.floorDiv(s.time(), 1000L) * 1000L)) {
                    problems.add("tape trade " + s.aggId() + " at " + s.time() + " served at " + servedTimes.get(t.id()));
                }
            }
        }
        unmatched.forEach((k, n) -> {
            if (n > 0) {
                problems.add(n + " x served but not on the tape: " + k);
            }
        });
        ServedTrades.Trade previous = null;
        for (ServedTrades.Trade t : served.trades()) {
            served.missing().stream().filter(g -> g.strictlyInside(t.time())).forEach(g -> problems.add("served " + t + " inside missing " + g));
            if (previous != null && (t.time() < previous.time() || t.time() == previous.time() && t.id() <= previous.id())) {
                problems.add("out of (time, id) order: " + previous + " then " + t);
            }
            previous = t;
        }
        String summary = m + ": " + expected + " tape trades in range, " + served.trades().size() + " served, " + absent
                + " absent, missing " + served.missing();
        LOG.info(summary);
        assertThat(problems.size() > 20 ? problems.subList(0, 20) : problems).as("%s (%d problems)", summary, problems.size()).isEmpty();
        assertThat(served.trades().size()).as("%s served = tape - absent", m).isEqualTo(expected - absent);
        if (m.type.contiguousIds()) {
            assertThat(absent).as("%s: every trade recoverable (ids page back)", m).isZero();
        }
    }

    /** Price and size normalised (scale); the id where it is compared (the time is compared apart), else the time. */
    private static String key(ServedTrades.Trade t, boolean withId) {
        return (withId ? "id " + t.id() : "at " + t.time()) + "|" + t.price().stripTrailingZeros().toPlainString() + "|"
                + t.qty().stripTrailingZeros().toPlainString() + "|" + t.side();
    }

    private static void assertSame(String what, ServedTrades expected, ServedTrades got) {
        assertThat(got.missing()).as(what + " missing ranges").isEqualTo(expected.missing());
        assertThat(got.trades()).as(what + " trades").hasSameSizeAs(expected.trades());
        for (int i = 0; i < expected.trades().size(); i++) {
            ServedTrades.Trade e = expected.trades().get(i);
            ServedTrades.Trade g = got.trades().get(i);
            assertThat(g.id()).as("%s trade %d", what, i).isEqualTo(e.id());
            assertThat(g.time()).as("%s trade %d", what, i).isEqualTo(e.time());
            assertThat(g.price()).as("%s trade %d", what, i).isEqualByComparingTo(e.price());
            assertThat(g.qty()).as("%s trade %d", what, i).isEqualByComparingTo(e.qty());
            assertThat(g.side()).as("%s trade %d", what, i).isEqualTo(e.side());
        }
    }
}
