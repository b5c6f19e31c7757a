package io.cryptoflow.collector.aggregation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cryptoflow.collector.exchange.Prices;
import io.cryptoflow.collector.exchange.Trade;
import io.cryptoflow.collector.aggregation.OrderFlowMetrics;
import io.cryptoflow.collector.store.CandleBatch;
import io.cryptoflow.collector.store.WriteMode;
import io.cryptoflow.common.Candle;
import io.cryptoflow.common.MarketSymbol;
import io.cryptoflow.common.Timeframe;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class TradeAggregatorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final MarketSymbol SOL = MarketSymbol.of("BYBIT", "SOLUSDT");
    private static final long DAY0 = 1_767_225_600_000L; // 2026-01-01T00:00Z

    private final MetricRegistry registry = new MetricRegistry();
    private final OrderFlowMetrics metrics = new OrderFlowMetrics(registry);

    /** A trade as an exchange sends it: decimal strings. */
    record Raw(long id, String price, String qty, boolean buy, long time) {
        Trade trade() {
            return new Trade(id, Prices.parse(price), Double.parseDouble(qty), buy, time);
        }
    }

    private static List<Raw> randomTrades(long seed, long from, long to, int count) {
        Random r = new Random(seed);
        List<Raw> out = new ArrayList<>();
        BigDecimal price = new BigDecimal("145.00");
        for (int i = 0; i < count; i++) {
            price = price.add(BigDecimal.valueOf(r.nextInt(21) - 10, 2)).max(new BigDecimal("100.00"));
            String qty = BigDecimal.valueOf(1 + r.nextInt(500_000), 3).toPlainString();
            long time = from + (to - from) * i / count;
            out.add(new Raw(i + 1, price.toPlainString(), qty, r.nextBoolean(), time));
        }
        return out;
    }

    private static List<CandleBatch> drainAll(TradeAggregator agg, List<CandleBatch> into) {
        into.addAll(agg.drain().batches());
        return into;
    }

    private static Map<String, double[]> clusters(Candle c) throws Exception {
        Map<String, double[]> m = new TreeMap<>();
        JsonNode root = JSON.readTree(c.clusters());
        for (var e : root.properties()) {
            m.put(e.getKey(), new double[] {e.getValue().get("buy").asDouble(), e.getValue().get("sell").asDouble()});
        }
        return m;
    }

    @Test
    void clustersOfEveryClosedCandleSumToItsVolumeAndMatchTheTradesPerLevel() throws Exception {
        TradeAggregator agg = new TradeAggregator(SOL, WriteMode.FOOTPRINT_WITH_TAKER, Prices.parse("0.1"), metrics);
        List<Raw> trades = randomTrades(42, DAY0, DAY0 + 2 * 86_400_000L, 20_000);
        List<CandleBatch> batches = new ArrayList<>();
        for (int i = 0; i < trades.size(); i++) {
            agg.accept(trades.get(i).trade());
            if (i % 997 == 0) {
                drainAll(agg, batches);
            }
        }
        agg.closeAll();
        drainAll(agg, batches);

        for (Timeframe tf : Timeframe.values()) {
            // the last closed version of each candle, as the writer would keep it
            Map<Long, Candle> closed = new TreeMap<>();
            batches.stream().filter(b -> b.timeframe() == tf).flatMap(b -> b.candles().stream())
                    .filter(Candle::closed).forEach(c -> closed.put(c.time(), c));
            assertThat(closed).hasSize((int) (2 * 86_400_000L / tf.millis()));

            // independent oracle in BigDecimal from the trades' decimal strings
            Map<Long, Map<String, BigDecimal[]>> expected = new HashMap<>();
            for (Raw t : trades) {
                String level = new BigDecimal(t.price()).divide(new BigDecimal("0.1"), 0, RoundingMode.FLOOR)
                        .multiply(new BigDecimal("0.1")).stripTrailingZeros().toPlainString();
                BigDecimal[] bs = expected.computeIfAbsent(tf.openTimeOf(t.time()), k -> new HashMap<>())
                        .computeIfAbsent(level, k -> new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO});
                bs[t.buy() ? 0 : 1] = bs[t.buy() ? 0 : 1].add(new BigDecimal(t.qty()));
            }
            for (Candle c : closed.values()) {
                Map<String, double[]> levels = clusters(c);
                double sum = levels.values().stream().mapToDouble(v -> v[0] + v[1]).sum();
                double buy = levels.values().stream().mapToDouble(v -> v[0]).sum();
                assertThat(sum).as("Σ clusters of %s %d", tf, c.time()).isCloseTo(c.volume(), within(1e-6));
                assertThat(buy).isCloseTo(c.buyVolume(), within(1e-6));
                assertThat(c.sellVolume()).isCloseTo(c.volume() - c.buyVolume(), within(1e-6));
                assertThat(c.delta()).isCloseTo(c.buyVolume() - c.sellVolume(), within(1e-6));

                Map<String, BigDecimal[]> want = expected.get(c.time());
                assertThat(levels.keySet()).isEqualTo(want.keySet());
                want.forEach((level, bs) -> {
                    assertThat(levels.get(level)[0]).as("buy at %s", level).isCloseTo(bs[0].doubleValue(), within(1e-8));
                    assertThat(levels.get(level)[1]).as("sell at %s", level).isCloseTo(bs[1].doubleValue(), within(1e-8));
                });
            }
            long count = closed.values().stream().mapToLong(Candle::tradeCount).sum();
            assertThat(count).isEqualTo(trades.size());
        }
    }

    @Test
    void priceLevelKeysAreExactDecimalsFlooredToTheTick() throws Exception {
        TradeAggregator agg = new TradeAggregator(SOL, WriteMode.FOOTPRINT_WITH_TAKER, Prices.parse("0.1"), metrics);
        agg.accept(new Raw(1, "145.29", "1", true, DAY0).trade());
        agg.accept(new Raw(2, "145.20000000", "2", false, DAY0 + 1).trade());
        agg.accept(new Raw(3, "0.30000000000000004", "0.5", true, DAY0 + 2).trade());
        Candle c = agg.drain().batches().get(0).candles().get(0);

        assertThat(c.clusters()).isEqualTo("{\"0.3\":{\"buy\":0.5,\"sell\":0},\"145.2\":{\"buy\":1,\"sell\":2}}");
    }

    @Test
    void ohlcVolumesAndCountFollowTheTradesWithBuyMeaningTakerBuy() {
        TradeAggregator agg = new TradeAggregator(SOL, WriteMode.FOOTPRINT_WITH_TAKER, Prices.parse("0.1"), metrics);
        agg.accept(new Raw(1, "100.5", "1.5", true, DAY0).trade());
        agg.accept(new Raw(2, "102.0", "0.25", false, DAY0 + 1000).trade());
        agg.accept(new Raw(3, "99.9", "2", false, DAY0 + 2000).trade());
        agg.accept(new Raw(4, "101.1", "0.75", true, DAY0 + 3000).trade());

        TradeAggregator.Flush flush = agg.drain();
        assertThat(flush.batches()).extracting(CandleBatch::timeframe).containsExactly(Timeframe.values());
        for (CandleBatch b : flush.batches()) {
            assertThat(b.market()).isEqualTo(SOL);
            assertThat(b.mode()).isEqualTo(WriteMode.FOOTPRINT_WITH_TAKER);
            Candle c = b.candles().get(0);
            assertThat(c).isEqualTo(new Candle(DAY0, 100.5, 102.0, 99.9, 101.1, 4.5, 2.25, 2.25, 0, 4,
                    "{\"99.9\":{\"buy\":0,\"sell\":2},\"100.5\":{\"buy\":1.5,\"sell\":0},"
                            + "\"101.1\":{\"buy\":0.75,\"sell\":0},\"102\":{\"buy\":0,\"sell\":0.25}}", false));
        }
        assertThat(flush.sessions()).singleElement().satisfies(s -> {
            assertThat(s.symbol()).isEqualTo("BYBIT:SOLUSDT");
            assertThat(s.date()).isEqualTo("2026-01-01");
            assertThat(s.poc()).isEqualTo(99.9);
        });
        assertThat(agg.drain().isEmpty()).as("nothing changed since the last drain").isTrue();
    }

    @Test
    void aCandleIsFlushedClosedOnceWhenTheNextPeriodStarts() {
        TradeAggregator agg = new TradeAggregator(SOL, WriteMode.FOOTPRINT, Prices.parse("0.1"), metrics);
        agg.accept(new Raw(1, "100", "1", true, DAY0).trade());
        agg.drain();
        agg.accept(new Raw(2, "101", "1", true, DAY0 + 15 * 60_000L).trade());

        List<CandleBatch> batches = agg.drain().batches();
        CandleBatch m15 = batches.stream().filter(b -> b.timeframe() == Timeframe.M15).findFirst().orElseThrow();
        assertThat(m15.candles()).extracting(Candle::time, Candle::closed)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(DAY0, true),
                        org.assertj.core.groups.Tuple.tuple(DAY0 + 15 * 60_000L, false));
        assertThat(batches.stream().filter(b -> b.timeframe() == Timeframe.H1).findFirst().orElseThrow().candles())
                .extracting(Candle::closed).containsExactly(false);
        agg.accept(new Raw(3, "102", "1", true, DAY0 + 15 * 60_000L + 30_000).trade()); // same minute: nothing closes
        assertThat(agg.drain().batches()).allSatisfy(b -> assertThat(b.candles()).noneMatch(Candle::closed));
    }

    @Test
    void aLateTradeUpdatesTheJustClosedCandleAndAnOlderOneIsCountedLate() {
        TradeAggregator agg = new TradeAggregator(SOL, WriteMode.FOOTPRINT, Prices.parse("0.1"), metrics);
        agg.accept(new Raw(1, "100", "1", true, DAY0).trade());
        agg.accept(new Raw(2, "100", "1", true, DAY0 + 15 * 60_000L).trade());
        agg.drain();
        // in the just-closed 15m candle and in the just-closed 1m one (a minute earlier would be late for 1m)
        agg.accept(new Raw(3, "100", "2", false, DAY0 + 30_000L).trade());

        Candle reclosed = agg.drain().batches().stream().filter(b -> b.timeframe() == Timeframe.M15)
                .findFirst().orElseThrow().candles().get(0);
        assertThat(reclosed.time()).isEqualTo(DAY0);
        assertThat(reclosed.closed()).isTrue();
        assertThat(reclosed.volume()).isEqualTo(3.0);
        assertThat(reclosed.sellVolume()).isEqualTo(2.0);
        assertThat(agg.closedVolume(Timeframe.M15, DAY0)).hasValue(3.0);

        agg.accept(new Raw(4, "100", "1", true, DAY0 + 30 * 60_000L).trade());
        agg.accept(new Raw(5, "100", "1", true, DAY0 + 60_000L).trade());
        assertThat(registry.counter("cryptoflow.collector.trades.late").getCount()).isEqualTo(1);
    }

    @Test
    void onlyTheGivenTimeframesGetFootprintsAndAnArchiveDayTakesTheSame() {
        Set<Timeframe> tfs = EnumSet.of(Timeframe.M5, Timeframe.M15, Timeframe.D1);
        TradeAggregator agg = new TradeAggregator(SOL, WriteMode.FOOTPRINT, Prices.parse("0.1"), metrics, tfs);
        agg.accept(new Raw(1, "100", "1", true, DAY0).trade());
        agg.accept(new Raw(2, "101", "2", false, DAY0 + 16 * 60_000L).trade());

        assertThat(agg.drain().batches()).extracting(CandleBatch::timeframe).containsExactlyInAnyOrderElementsOf(tfs);
        assertThat(agg.timeframes()).isEqualTo(tfs);
        DayFootprint day = new DayFootprint(SOL, java.time.LocalDate.of(2026, 1, 1), Prices.parse("0.1"), agg.timeframes());
        day.add(new Raw(1, "100", "1", true, DAY0).trade());
        assertThat(day.batches(WriteMode.FOOTPRINT)).extracting(CandleBatch::timeframe).containsExactlyInAnyOrderElementsOf(tfs);
    }

    @Test
    void quietCandlesCloseByTheClock() {
        TradeAggregator agg = new TradeAggregator(SOL, WriteMode.FOOTPRINT, Prices.parse("0.1"), metrics);
        agg.accept(new Raw(1, "100", "1", true, DAY0).trade());
        agg.drain();
        agg.closeEndedBy(DAY0 + 15 * 60_000L);

        List<CandleBatch> batches = agg.drain().batches().stream().filter(b -> b.timeframe() == Timeframe.M15).toList();
        assertThat(batches).singleElement().satisfies(b -> {
            assertThat(b.timeframe()).isEqualTo(Timeframe.M15);
            assertThat(b.candles()).singleElement().extracting(Candle::closed).isEqualTo(true);
        });
    }

    /** The newest version of each 15m candle in what was drained. */
    private static Map<Long, Candle> m15(TradeAggregator agg) {
        Map<Long, Candle> m15 = new TreeMap<>();
        agg.drain().batches().stream().filter(b -> b.timeframe() == Timeframe.M15)
                .flatMap(b -> b.candles().stream()).forEach(c -> m15.put(c.time(), c));
        return m15;
    }

    @Test
    void candlesWhoseTradesWereNotSeenWholeHaveUnknownTradeFieldsNotPartialSums() {
        TradeAggregator agg = new TradeAggregator(SOL, WriteMode.FOOTPRINT_WITH_TAKER, Prices.parse("0.1"), metrics);
        agg.markIncompleteThrough(DAY0 + 6 * 60_000L); // the first trade seen, at 00:06
        agg.accept(new Raw(1, "100", "2", true, DAY0 + 6 * 60_000L).trade());
        agg.accept(new Raw(2, "101", "3", false, DAY0 + 16 * 60_000L).trade());
        agg.accept(new Raw(3, "102", "1", true, DAY0 + 31 * 60_000L).trade());
        Map<Long, Candle> seen = m15(agg);
        Candle started = seen.get(DAY0);
        assertThat(started.volume()).isEqualTo(2.0); // OHLCV still merge with the kline's view
        assertThat(started.buyVolume()).isNull();
        assertThat(started.sellVolume()).isNull();
        assertThat(started.delta()).isNull();
        assertThat(started.tradeCount()).isNull();
        assertThat(started.clusters()).isNull();
        assertThat(seen.get(DAY0 + 15 * 60_000L).tradeCount()).isEqualTo(1);
        assertThat(agg.closedVolume(Timeframe.M15, DAY0)).isEmpty(); // not judged against the kline
        assertThat(agg.closedVolume(Timeframe.M15, DAY0 + 15 * 60_000L)).hasValue(3.0);

        // a gap REST could not recover, inside the forming 00:30 candle: flushed again as unknown
        agg.markUnseen(DAY0 + 31 * 60_000L, DAY0 + 40 * 60_000L);
        Candle forming = m15(agg).get(DAY0 + 30 * 60_000L);
        assertThat(forming.clusters()).isNull();
        assertThat(forming.buyVolume()).isNull();
        agg.accept(new Raw(4, "102", "1", true, DAY0 + 46 * 60_000L).trade());
        assertThat(m15(agg).get(DAY0 + 45 * 60_000L).tradeCount()).isEqualTo(1);
    }

    @Test
    void aTradeArrivingAfterTheClockClosedItsCandleJoinsThatCandleNotANewOne() {
        TradeAggregator agg = new TradeAggregator(SOL, WriteMode.FOOTPRINT_WITH_TAKER, Prices.parse("0.1"), metrics);
        agg.accept(new Raw(1, "100", "2", true, DAY0 + 60_000L).trade());
        agg.closeEndedBy(DAY0 + 15 * 60_000L); // the clock passed 00:15 ...
        agg.accept(new Raw(2, "101", "3", false, DAY0 + 15 * 60_000L - 5).trade()); // ... before 00:14:59.995 arrived

        Map<Long, Candle> m15 = new TreeMap<>();
        agg.drain().batches().stream().filter(b -> b.timeframe() == Timeframe.M15)
                .flatMap(b -> b.candles().stream()).forEach(c -> m15.put(c.time(), c)); // the newest version wins
        assertThat(m15).containsOnlyKeys(DAY0);
        Candle c = m15.get(DAY0);
        assertThat(c.tradeCount()).isEqualTo(2);
        assertThat(c.volume()).isEqualTo(5.0);
        assertThat(c.buyVolume()).isEqualTo(2.0);
        assertThat(c.closed()).isTrue();
        assertThat(registry.counter("cryptoflow.collector.trades.late").getCount()).isZero();
    }

    /**
     * The clock closed 00:00 with one trade; its late trade and the next candle's trade arrived, and the
     * clock closed 00:15 too, all before a drain: 00:00 is stored with both its trades. (Before, closing
     * 00:15 dropped the pending re-flush of 00:00, whose stored version kept one trade; a flaky
     * OrderFlowSqliteTest, whose clock is minutes ahead of its trades, showed it.)
     */
    @Test
    void aLateTradeForTheJustClosedCandleSurvivesTheNextCandleClosingBeforeADrain() {
        TradeAggregator agg = new TradeAggregator(SOL, WriteMode.FOOTPRINT_WITH_TAKER, Prices.parse("0.1"), metrics);
        agg.accept(new Raw(1, "100", "2", true, DAY0 + 60_000L).trade());
        agg.closeEndedBy(DAY0 + 15 * 60_000L);
        agg.accept(new Raw(2, "101", "3", false, DAY0 + 15 * 60_000L - 5).trade());
        agg.accept(new Raw(3, "102", "1", true, DAY0 + 16 * 60_000L).trade());
        agg.closeEndedBy(DAY0 + 30 * 60_000L);

        Map<Long, Candle> m15 = m15(agg);
        assertThat(m15.get(DAY0).tradeCount()).isEqualTo(2);
        assertThat(m15.get(DAY0).volume()).isEqualTo(5.0);
        assertThat(m15.get(DAY0 + 15 * 60_000L).tradeCount()).isEqualTo(1);
        assertThat(registry.counter("cryptoflow.collector.trades.late").getCount()).isZero();
    }

    @Test
    void memoryHoldsOnlyFormingAndJustClosedCandlesWhateverTheRunLength() {
        TradeAggregator agg = new TradeAggregator(SOL, WriteMode.FOOTPRINT, Prices.parse("0.1"), metrics);
        int maxHeld = 0;
        for (Raw t : randomTrades(7, DAY0, DAY0 + 10 * 86_400_000L, 50_000)) {
            agg.accept(t.trade());
            maxHeld = Math.max(maxHeld, agg.heldCandles());
        }
        assertThat(maxHeld).isEqualTo(2 * Timeframe.values().length);
    }

    @Test
    void unknownSymbolsGetAnAutomaticTickNearATenThousandthOfThePrice() throws Exception {
        TradeAggregator agg = new TradeAggregator(MarketSymbol.of("BINANCE", "XRPUSDT"), WriteMode.FOOTPRINT, 0, metrics);
        agg.accept(new Raw(1, "2.3456", "10", true, DAY0).trade());
        assertThat(Prices.format(agg.tick())).isEqualTo("0.0002");
        Candle c = agg.drain().batches().get(0).candles().get(0);
        assertThat(clusters(c)).containsOnlyKeys("2.3456");
    }
}
