package io.cryptoflow.collector.sources.depth;

import static org.assertj.core.api.Assertions.assertThat;

import io.cryptoflow.collector.exchange.Prices;
import io.cryptoflow.common.PartitionKind;
import io.cryptoflow.common.TradePartition;
import io.cryptoflow.simulator.ExchangeSimulator;
import io.cryptoflow.simulator.market.OrderBook;
import io.cryptoflow.simulator.market.Venue;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Stored depth rows read back from collector.db and compared with the simulator's true book.
 *
 * <p>Time rule: a row stamped {@code T} holds the book after the last message applied before the
 * sampler ran at (or just after) the tick {@code T}; the simulator pushes a 100 ms step's diff once its
 * market clock passed the step (Bitget every 150 ms), so that book is the true book of a step shortly
 * before {@code T}. A row must equal, bin for bin, the true book of one of the steps from
 * {@value #MAX_STEPS_BEHIND} steps before the tick to {@value #STEPS_AHEAD} after it. This is not
 * lenient: the true book changes every step (several levels move), so a book that missed or misordered
 * a diff differs from every true book from that step on until each level it got wrong changes again
 * (0.5–6.4 s later); and a book equal to another step's true book is a right book, sampled late or
 * early (the faulted book of a tick before its fault was detected is such a book: the test checks
 * separately that no row exists in that time). The steps each row matched are printed.
 */
final class TrueBookRows {

    static final int MAX_STEPS_BEHIND = 20;
    /** The sampler's thread can run late on a loaded machine (seen: 1 step) and reads the book then. */
    static final int STEPS_AHEAD = 9;
    static final long STEP_MS = 100;

    /** One stored row, blobs decoded. */
    record Row(long time, double step, long bidBin, long askBin, float[] bids, float[] asks, int samples) {
    }

    private final Connection c;

    TrueBookRows(Connection c) {
        this.c = c;
    }

    /** Every row of {@code symbol} on {@code exchange} in the tier {@code kind}, by time. */
    List<Row> rows(PartitionKind kind, String exchange, String symbol) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table'")) {
            while (r.next()) {
                TradePartition.parse(r.getString(1)).filter(p -> p.kind() == kind && p.exchange().equals(exchange))
                        .ifPresent(p -> tables.add(p.table()));
            }
        }
        List<Row> rows = new ArrayList<>();
        for (String table : tables) {
            try (PreparedStatement p = c.prepareStatement("SELECT time, step, bid_bin, ask_bin, bids, asks, samples FROM "
                    + table + " WHERE symbol = ? ORDER BY time")) {
                p.setString(1, symbol);
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        rows.add(new Row(r.getLong(1), r.getDouble(2), r.getLong(3), r.getLong(4),
                                Heatmap.decode(r.getBytes(5)), Heatmap.decode(r.getBytes(6)), r.getInt(7)));
                    }
                }
            }
        }
        rows.sort(Comparator.comparingLong(Row::time));
        return rows;
    }

    /** The {@code depth_coverage} ranges {@code [from, to]} of a market. */
    List<long[]> coverage(String exchange, String symbol) throws SQLException {
        List<long[]> out = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement(
                "SELECT from_time, to_time FROM depth_coverage WHERE exchange = ? AND symbol = ? ORDER BY from_time")) {
            p.setString(1, exchange);
            p.setString(2, symbol);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    out.add(new long[] {r.getLong(1), r.getLong(2)});
                }
            }
        }
        return out;
    }

    /**
     * How many steps before the row's tick the true book it equals was (negative: after); fails when it
     * equals none of the books allowed by the time rule.
     */
    int trueBookLag(ExchangeSimulator sim, Venue venue, String symbol, int depth, double band, Row row) {
        String firstMismatch = null;
        for (int behind = -STEPS_AHEAD; behind <= MAX_STEPS_BEHIND; behind++) {
            OrderBook truth = sim.book(venue, symbol, row.time() - behind * STEP_MS).orElseThrow().top(depth);
            String mismatch = mismatch(row, expected(truth, BigDecimal.valueOf(row.step()), band));
            if (mismatch == null) {
                return behind;
            }
            if (behind == 0) {
                firstMismatch = mismatch;
            }
        }
        throw new AssertionError(venue + " row at " + row.time() + " equals no true book from " + MAX_STEPS_BEHIND
                + " steps before to " + STEPS_AHEAD + " after; against the book of the tick: " + firstMismatch);
    }

    /**
     * The true book binned as DepthSchema defines a row: bins of {@code width} from the best bid's bin
     * down and the best ask's bin up, only levels within {@code band} of the mid (and each side ends
     * at its deepest level), the binning itself done by the simulator's {@link OrderBook#binned}.
     */
    static Row expected(OrderBook truth, BigDecimal width, double band) {
        long bestBid = Prices.of(truth.bids().firstKey());
        long bestAsk = Prices.of(truth.asks().firstKey());
        long mid = bestBid + (bestAsk - bestBid) / 2;
        long reach = (long) (mid * band);
        long lowest = Math.max(mid - reach, Prices.of(truth.bids().lastKey()));
        long highest = Math.min(mid + reach, Prices.of(truth.asks().lastKey()));
        NavigableMap<Long, Long> bidUnits = new TreeMap<>(truth.bidUnits().comparator());
        truth.bidUnits().forEach((p, q) -> {
            if (Prices.of(truth.spec().price(p)) >= lowest) {
                bidUnits.put(p, q);
            }
        });
        NavigableMap<Long, Long> askUnits = new TreeMap<>();
        truth.askUnits().forEach((p, q) -> {
            if (Prices.of(truth.spec().price(p)) <= highest) {
                askUnits.put(p, q);
            }
        });
        OrderBook.BinnedBook binned = new OrderBook(truth.spec(), truth.timeMs(), truth.step(), bidUnits, askUnits)
                .binned(width);
        long step = Prices.of(width);
        long bidBin = Math.floorDiv(bestBid, step);
        long askBin = Math.floorDiv(bestAsk, step);
        float[] bids = new float[(int) (bidBin - Math.floorDiv(lowest, step) + 1)];
        float[] asks = new float[(int) (Math.floorDiv(highest, step) - askBin + 1)];
        binned.bids().forEach((start, size) -> bids[(int) (bidBin - Prices.of(start) / step)] = size.floatValue());
        binned.asks().forEach((start, size) -> asks[(int) (Prices.of(start) / step - askBin)] = size.floatValue());
        return new Row(truth.timeMs(), width.doubleValue(), bidBin, askBin, bids, asks, 1);
    }

    /** Null when {@code row} holds {@code expected}'s bins and sizes (to float32 precision), else the first difference. */
    static String mismatch(Row row, Row expected) {
        if (row.bidBin() != expected.bidBin() || row.askBin() != expected.askBin()) {
            return "best bins " + row.bidBin() + "/" + row.askBin() + ", true " + expected.bidBin() + "/" + expected.askBin();
        }
        String bids = mismatch("bid", row.bids(), expected.bids());
        return bids != null ? bids : mismatch("ask", row.asks(), expected.asks());
    }

    private static String mismatch(String side, float[] stored, float[] truth) {
        if (stored.length != truth.length) {
            return side + " bins " + stored.length + ", true " + truth.length;
        }
        for (int i = 0; i < stored.length; i++) {
            if (!sameFloat(stored[i], truth[i])) {
                return side + " bin " + i + " holds " + stored[i] + ", true " + truth[i] + " (" + Arrays.toString(stored)
                        + " vs " + Arrays.toString(truth) + ")";
            }
        }
        return null;
    }

    /** Equal within 2 float32 ulps (the collector sums a bin's levels in float). */
    static boolean sameFloat(float a, float b) {
        return Math.abs(a - b) <= 2 * Math.ulp(Math.max(Math.abs(a), Math.abs(b)));
    }

    /** A minute row holds, per absolute bin, the mean of the second rows of its minute (absent bin = 0). */
    void assertMeanOfSeconds(Row minute, List<Row> seconds) {
        assertThat(minute.samples()).as("minute %d: samples = stored seconds", minute.time()).isEqualTo(seconds.size());
        TreeMap<Long, Double> bids = new TreeMap<>();
        TreeMap<Long, Double> asks = new TreeMap<>();
        for (Row s : seconds) {
            for (int i = 0; i < s.bids().length; i++) {
                bids.merge(s.bidBin() - i, (double) s.bids()[i], Double::sum);
            }
            for (int i = 0; i < s.asks().length; i++) {
                asks.merge(s.askBin() + i, (double) s.asks()[i], Double::sum);
            }
        }
        assertThat(minute.bidBin()).as("minute %d best bid bin", minute.time()).isEqualTo(bids.lastKey());
        assertThat(minute.askBin()).as("minute %d best ask bin", minute.time()).isEqualTo(asks.firstKey());
        assertMeans("bid", minute.time(), minute.bids(), bids.descendingMap(), seconds.size());
        assertMeans("ask", minute.time(), minute.asks(), asks, seconds.size());
    }

    private static void assertMeans(String side, long minute, float[] stored, Map<Long, Double> sums, int n) {
        assertThat(stored).as("minute %d %s bins", minute, side).hasSize(
                (int) (Math.abs(sums.keySet().stream().mapToLong(Long::longValue).max().orElseThrow()
                        - sums.keySet().stream().mapToLong(Long::longValue).min().orElseThrow()) + 1));
        long first = sums.keySet().iterator().next();
        sums.forEach((bin, sum) -> {
            int i = (int) Math.abs(bin - first);
            float mean = (float) (sum / n);
            assertThat(sameFloat(stored[i], mean)).as("minute %d %s bin %d: %s, mean of seconds %s", minute, side, bin,
                    stored[i], mean).isTrue();
        });
    }
}
