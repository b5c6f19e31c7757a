package io.cryptoflow.e2e.trades;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cryptoflow.collector.exchange.JsonTrades;
import io.cryptoflow.e2e.fault.FreezableClock;
import io.cryptoflow.e2e.fault.ServiceJar;
import io.cryptoflow.simulator.ExchangeSimulator;
import io.cryptoflow.simulator.market.SimTrade;
import io.cryptoflow.simulator.market.TradeTape;
import io.cryptoflow.simulator.market.Venue;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issue 21, "across a collector kill -9 and a WebSocket cut": the real collector jar records raw
 * trades of Binance USD-M, Bybit linear and Bitget BTCUSDT from the simulator's live streams (no
 * archive hand-over), is killed -9 mid-stream, stays down a few seconds while the market trades on,
 * restarts, then has every WebSocket cut once. With the market frozen, collector.db's raw trades
 * equal the simulator's tape from the first trade stored on: Binance (aggTrades by id) and Bitget
 * (fills-history paged back) exactly (count, ids, price, size, side); Bybit (recent-trade, newest
 * 1000 only) either exactly, or every absent trade lies in an unfilled {@code trade_gaps} range and
 * no stored trade lies inside one. At 100 trades/s and 12 s down (plus the restart) more than a page
 * (1000) is missed: Binance pages by id, Bitget pages fills-history back, Bybit's recent-trade cannot
 * reach back to the stored trades.
 */
class TradesAcrossRestartIT {

    private static final Logger LOG = LoggerFactory.getLogger(TradesAcrossRestartIT.class);
    private static final Duration SETTLE = Duration.ofSeconds(120);
    private static final Duration DOWN = Duration.ofSeconds(12);
    /** How far past the cut a stored trade shows the new connection live (its REST catch-up ends at the reconnect). */
    private static final Duration LIVE_AGAIN = Duration.ofSeconds(1);
    /** The venues compared, each with its stored exchange name. */
    private static final Map<Venue, String> EXCHANGES = new LinkedHashMap<>();

    static {
        EXCHANGES.put(Venue.BINANCE_FUTURES, "BINANCE");
        EXCHANGES.put(Venue.BYBIT_LINEAR, "BYBIT");
        EXCHANGES.put(Venue.BITGET_FUTURES, "BITGET");
    }

    @TempDir
    Path data;

    private final Path root = ServiceJar.repoRoot();
    private ExchangeSimulator exchange;
    private ServiceJar collector;

    /** The collector first (it would reconnect), then the exchange it talks to. */
    @AfterEach
    void stopEverything() throws Exception {
        for (AutoCloseable open : new AutoCloseable[] {collector, exchange}) {
            if (open != null) {
                open.close();
            }
        }
    }

    @Test
    void noTradeMissingAcrossAKillAndACutWhereTheExchangeServesIt() throws Exception {
        FreezableClock market = new FreezableClock();
        exchange = ExchangeSimulator.builder().clock(market).symbols("BTCUSDT").enforceRateLimits(false)
                .liveSince(market.instant().minus(Duration.ofMinutes(2))).liveTradesPerMinute(6_000).start();
        Map<String, String> env = environment();
        Path config = root.resolve("e2e/src/test/resources/trades/collector-restart.yml");
        Path log = root.resolve("e2e/target/trade-logs/" + getClass().getSimpleName() + "/collector.log");
        Files.deleteIfExists(log);
        String ping = "http://127.0.0.1:" + env.get("COLLECTOR_PORT") + "/admin/ping";

        collector = ServiceJar.start(root, "collector", config, env, log);
        collector.awaitOk(ping, ServiceJar.STARTUP);
        // 300 trades at 100/s: the first run lives 3 s past its first trade. A run killed within a second
        // of its first trade is a known limit: the restart's REST catch-up (Bitget times in whole seconds)
        // then stores trades of that second that the first run's gap [00:00, first trade) still claims.
        awaitEveryVenueStoredMore(Map.of(), 300);
        Map<Venue, Integer> atKill = storedCounts();
        collector.kill9();
        LOG.info("killed the collector with {} trades stored; the market trades on for {}", atKill, DOWN);
        Thread.sleep(DOWN.toMillis());

        collector = ServiceJar.start(root, "collector", config, env, log);
        collector.awaitOk(ping, ServiceJar.STARTUP);
        awaitEveryVenueStoredMore(storedCounts(), 20);
        Instant cut = market.instant();
        assertThat(exchange.dropWebSockets("/")).as("one cut of each venue's stream").isGreaterThanOrEqualTo(3);
        // Live again on every venue before the market freezes: a count alone can be reached by the
        // trades received before the cut and written after it, and a frozen market then sends the new
        // connection nothing that would reveal a hole behind it.
        try {
            awaitEveryVenueStoredTradedAfter(cut.plus(LIVE_AGAIN));
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("not every venue stored a trade traded after " + cut.plus(LIVE_AGAIN)
                    + " within " + SETTLE + "; the collector's sequencing lines end in:" + System.lineSeparator()
                    + sequencingLines(log), e);
        }

        Instant frozen = market.freeze();
        Map<Venue, List<String>> problems = new LinkedHashMap<>();
        try {
            await().atMost(SETTLE).pollInterval(Duration.ofMillis(500)).until(() -> {
                problems.clear();
                for (Venue v : EXCHANGES.keySet()) {
                    problems.put(v, differences(v, frozen));
                }
                return problems.values().stream().allMatch(List::isEmpty);
            });
        } catch (ConditionTimeoutException e) {
            // reported below with the differences of the last look
        }
        collector.stop();
        Map<Venue, List<String>> after = new LinkedHashMap<>();
        for (Venue v : EXCHANGES.keySet()) {
            List<String> d = differences(v, frozen);
            if (!d.isEmpty()) {
                after.put(v, d);
            }
        }
        assertThat(after).as("raw trades vs the tape after a kill -9 (stored up to %s) and a cut at %s, frozen at %s, per venue; "
                + "see %s, whose sequencing lines end in:%n%s", atKill, cut, frozen, log, sequencingLines(log)).isEmpty();
    }

    /** The collector log's last lines about streams and catch-ups: what CI prints when this test fails. */
    private static String sequencingLines(Path log) throws java.io.IOException {
        List<String> lines = Files.readAllLines(log).stream()
                .filter(l -> l.matches(".*(TradeSequencer|TradeStream|RestartSeeds|BackwardTradePager|batch rejected).*")).toList();
        return String.join(System.lineSeparator(), lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    /**
     * What differs between the stored trades of {@code venue} and its tape, from the first stored
     * trade to the last one traded by {@code frozen}: nothing missing or extra, same price, size and
     * side; for Bybit a trade may be missing only inside an unfilled gap, and no gap holds a stored one.
     */
    private List<String> differences(Venue venue, Instant frozen) throws Exception {
        TradeTape tape = exchange.tape(venue, "BTCUSDT").orElseThrow();
        StoredRawTrades stored = StoredRawTrades.read(data.resolve("collector.db"), EXCHANGES.get(venue), "BTCUSDT");
        List<String> out = new ArrayList<>();
        if (stored.trades().isEmpty()) {
            return List.of("no trade stored");
        }
        Map<Long, StoredRawTrades.Row> byId = new HashMap<>();
        stored.trades().forEach(r -> byId.put(r.id(), r));
        long lastAggId = tape.lastAggIdAtOrBefore(frozen.toEpochMilli());
        long firstMinute = stored.trades().get(0).time() / 60_000 - 1;
        boolean started = false;
        int expected = 0;
        int missing = 0;
        for (long minute = firstMinute; minute <= tape.minuteOfAggId(lastAggId); minute++) {
            for (SimTrade t : tape.tradesOfMinute(minute)) {
                long id = collectorId(venue, tape, t);
                started |= byId.containsKey(id);
                if (!started || t.aggId() > lastAggId) {
                    continue;
                }
                expected++;
                StoredRawTrades.Row r = byId.remove(id);
                if (r == null) {
                    missing++;
                    boolean reported = stored.gaps().stream().anyMatch(g -> g.holds(t.time()));
                    if (venue != Venue.BYBIT_LINEAR || !reported) {
                        out.add("missing trade " + t.aggId() + " at " + Instant.ofEpochMilli(t.time())
                                + (reported ? " (in trade_gaps)" : ""));
                    }
                    continue;
                }
                if (BigDecimal.valueOf(r.price()).compareTo(tape.spec().price(t.priceUnits())) != 0
                        || BigDecimal.valueOf(r.qty()).compareTo(tape.spec().qty(t.qtyUnits())) != 0
                        || r.buyerMaker() == t.takerBuy()) {
                    out.add("trade " + t.aggId() + " stored as " + r + ", traded as " + t);
                }
                stored.gaps().stream().filter(g -> g.strictlyInside(r.time()))
                        .forEach(g -> out.add("gap " + g + " holds the stored trade " + t.aggId()));
            }
        }
        byId.values().forEach(r -> out.add("stored trade not on the tape (or after the freeze): " + r));
        LOG.info("{}: {} trades on the tape from the first stored, {} stored, {} missing, gaps {}", venue, expected,
                stored.trades().size(), missing, stored.gaps());
        return out.size() > 20 ? List.of(out.size() + " differences, first: " + out.subList(0, 20)) : out;
    }

    /** The id the collector stores: the aggregate id (Binance), the tradeId (Bitget), the execId's hash (Bybit). */
    private static long collectorId(Venue venue, TradeTape tape, SimTrade t) {
        return venue == Venue.BYBIT_LINEAR ? JsonTrades.idOf(tape.tradeUuid(t.aggId())) : t.aggId();
    }

    private Map<Venue, Integer> storedCounts() throws Exception {
        Map<Venue, Integer> counts = new LinkedHashMap<>();
        Path db = data.resolve("collector.db");
        for (Map.Entry<Venue, String> e : EXCHANGES.entrySet()) {
            counts.put(e.getKey(), Files.exists(db) ? StoredRawTrades.read(db, e.getValue(), "BTCUSDT").trades().size() : 0);
        }
        return counts;
    }

    /** Waits until every venue stored a trade traded at or after {@code time} (market time). */
    private void awaitEveryVenueStoredTradedAfter(Instant time) {
        await().atMost(SETTLE).pollInterval(Duration.ofMillis(250)).until(() -> {
            Path db = data.resolve("collector.db");
            for (String exchangeName : EXCHANGES.values()) {
                List<StoredRawTrades.Row> trades = StoredRawTrades.read(db, exchangeName, "BTCUSDT").trades();
                if (trades.isEmpty() || trades.get(trades.size() - 1).time() < time.toEpochMilli()) {
                    return false;
                }
            }
            return true;
        });
    }

    /** Waits until every venue stored at least {@code more} trades beyond {@code before} (live again). */
    private void awaitEveryVenueStoredMore(Map<Venue, Integer> before, int more) {
        await().atMost(SETTLE).pollInterval(Duration.ofMillis(250)).until(() -> {
            Map<Venue, Integer> now = storedCounts();
            return EXCHANGES.keySet().stream().allMatch(v -> now.get(v) >= before.getOrDefault(v, 0) + more);
        });
    }

    private Map<String, String> environment() {
        Map<String, String> env = new HashMap<>();
        env.put("CRYPTOFLOW_DATA_DIR", data.toString());
        env.put("COLLECTOR_PORT", Integer.toString(ServiceJar.freePort()));
        ServiceJar.exchangeEnvNames().forEach(n -> env.put(n, exchange.baseUrl()));
        String ws = exchange.wsBaseUrl();
        env.put("BINANCE_FUTURES_WS_URL", ws + "/market");
        env.put("BYBIT_WS_URL", ws + "/v5/public/linear");
        env.put("BITGET_WS_URL", ws + "/v2/ws/public");
        return env;
    }
}
