package io.cryptoflow.simulator.ws;

import com.fasterxml.jackson.databind.JsonNode;
import io.cryptoflow.simulator.market.OrderBook;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.zip.CRC32;

/**
 * A client's local book as maintained clients keep it: levels as received (price and size strings),
 * absolute sizes, size 0 removes the level (absent levels may be "removed", that is normal).
 */
final class LocalBook {

    private final TreeMap<BigDecimal, String[]> bids = new TreeMap<>(Collections.reverseOrder());
    private final TreeMap<BigDecimal, String[]> asks = new TreeMap<>();

    void clear() {
        bids.clear();
        asks.clear();
    }

    /** Applies {@code [["price","size"],...]} rows to the bids ({@code bid}) or asks. */
    void apply(JsonNode rows, boolean bid) {
        TreeMap<BigDecimal, String[]> side = bid ? bids : asks;
        for (JsonNode row : rows) {
            String price = row.get(0).asText();
            String size = row.get(1).asText();
            if (new BigDecimal(size).signum() == 0) {
                side.remove(new BigDecimal(price));
            } else {
                side.put(new BigDecimal(price), new String[] {price, size});
            }
        }
    }

    /** True when this book holds exactly {@code truth}'s levels and sizes. */
    boolean matches(OrderBook truth) {
        return decimals(bids).equals(truth.bids()) && decimals(asks).equals(truth.asks());
    }

    /** Bitget's checksum over the best 25 levels of each side, interleaved, strings as received. */
    int bitgetChecksum() {
        List<String[]> b = new ArrayList<>(bids.values());
        List<String[]> a = new ArrayList<>(asks.values());
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            if (i < b.size()) {
                parts.add(b.get(i)[0] + ":" + b.get(i)[1]);
            }
            if (i < a.size()) {
                parts.add(a.get(i)[0] + ":" + a.get(i)[1]);
            }
        }
        CRC32 crc = new CRC32();
        crc.update(String.join(":", parts).getBytes(StandardCharsets.UTF_8));
        return (int) crc.getValue();
    }

    private static NavigableMap<BigDecimal, BigDecimal> decimals(TreeMap<BigDecimal, String[]> side) {
        TreeMap<BigDecimal, BigDecimal> out = new TreeMap<>(side.comparator());
        for (Map.Entry<BigDecimal, String[]> e : side.entrySet()) {
            out.put(e.getKey(), new BigDecimal(e.getValue()[1]));
        }
        return out;
    }
}
