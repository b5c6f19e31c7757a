package io.cryptoflow.e2e.fault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cryptoflow.common.Timeframe;
import io.cryptoflow.simulator.market.SimTrade;
import io.cryptoflow.simulator.market.TradeTape;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one candle must hold according to the simulator's own trade tape: every agg trade with
 * time in the candle and id at most {@code lastId}, each counted once. Sums are exact decimals.
 */
record TapeFootprint(long time, BigDecimal volume, BigDecimal buy, long rawTrades, long aggTrades,
                     Map<BigDecimal, BigDecimal[]> levels) {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Finer than any trade quantity (BTCUSDT: 0.001), coarser than double rounding of 8-decimal sums. */
    private static final double QTY_TOLERANCE = 1e-7;

    static TapeFootprint of(TradeTape tape, Timeframe tf, long openTime, long lastId, BigDecimal tick) {
        BigDecimal volume = BigDecimal.ZERO;
        BigDecimal buy = BigDecimal.ZERO;
        long raw = 0;
        long agg = 0;
        Map<BigDecimal, BigDecimal[]> levels = new TreeMap<>();
        for (long minute = openTime / 60_000; minute < (openTime + tf.millis()) / 60_000; minute++) {
            for (SimTrade t : tape.tradesOfMinute(minute)) {
                if (t.aggId() > lastId) {
                    break;
                }
                BigDecimal qty = tape.spec().qty(t.qtyUnits());
                BigDecimal level = tape.spec().price(t.priceUnits()).divide(tick, 0, RoundingMode.FLOOR).multiply(tick)
                        .stripTrailingZeros();
                BigDecimal[] bs = levels.computeIfAbsent(level, k -> new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO});
                volume = volume.add(qty);
                if (t.takerBuy()) {
                    buy = buy.add(qty);
                    bs[0] = bs[0].add(qty);
                } else {
                    bs[1] = bs[1].add(qty);
                }
                raw += t.rawCount();
                agg++;
            }
        }
        return new TapeFootprint(openTime, volume, buy, raw, agg, levels);
    }

    /** Every way {@code row} differs from this candle's trades; empty when it holds exactly them. */
    List<String> differences(CandleRows.Row row) {
        List<String> out = new ArrayList<>();
        String at = "candle " + time + ": ";
        if (row == null) {
            out.add(at + "not stored");
            return out;
        }
        BigDecimal sell = volume.subtract(buy);
        compare(out, at + "volume", row.volume(), volume);
        compare(out, at + "buy_volume", row.buy(), buy);
        compare(out, at + "sell_volume", row.sell(), sell);
        compare(out, at + "delta", row.delta(), buy.subtract(sell));
        if (row.tradeCount() != rawTrades) {
            out.add(at + "trade_count " + row.tradeCount() + ", the tape has " + rawTrades);
        }
        Map<BigDecimal, double[]> stored;
        try {
            stored = parseClusters(row.clusters());
        } catch (IOException | RuntimeException e) {
            out.add(at + "clusters do not parse: " + e.getMessage() + ": " + row.clusters());
            return out;
        }
        if (!stored.keySet().equals(levels.keySet())) {
            out.add(at + "cluster price levels " + stored.keySet() + ", the tape has " + levels.keySet());
            return out;
        }
        levels.forEach((level, bs) -> {
            compare(out, at + "level " + level.toPlainString() + " buy", stored.get(level)[0], bs[0]);
            compare(out, at + "level " + level.toPlainString() + " sell", stored.get(level)[1], bs[1]);
        });
        return out;
    }

    private static void compare(List<String> out, String what, double stored, BigDecimal expected) {
        if (Math.abs(stored - expected.doubleValue()) > QTY_TOLERANCE) {
            out.add(what + " " + stored + ", the tape has " + expected.toPlainString());
        }
    }

    static Map<BigDecimal, double[]> parseClusters(String json) throws IOException {
        Map<BigDecimal, double[]> levels = new TreeMap<>();
        if (json == null) {
            return levels;
        }
        JsonNode root = JSON.readTree(json);
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            levels.put(new BigDecimal(e.getKey()).stripTrailingZeros(),
                    new double[] {e.getValue().path("buy").asDouble(), e.getValue().path("sell").asDouble()});
        }
        return levels;
    }
}
