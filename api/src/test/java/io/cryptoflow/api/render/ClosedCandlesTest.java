package io.cryptoflow.api.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.cryptoflow.common.Timeframe;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClosedCandlesTest {

    private static final Timeframe TF = Timeframe.M15;
    private static final long STEP = TF.millis();
    private static final long T0 = 1_790_000_000_000L / STEP * STEP;

    private static RenderedCandle candle(long i, long rev, boolean closed) {
        byte[] json = ("{\"time\":" + (T0 + i * STEP) + ",\"rev\":" + rev + "}").getBytes(StandardCharsets.US_ASCII);
        return new RenderedCandle(T0 + i * STEP, rev, closed, json, json.length - 1, json.length - 1);
    }

    /** The bytes a candle writes, as text. */
    static String text(RenderedCandle c) {
        JsonBytes out = new JsonBytes(64);
        c.writeTo(out, true);
        return new String(out.toByteArray(), StandardCharsets.US_ASCII);
    }

    /** Candles {@code from..to} (inclusive) newest first, as a page read returns them. */
    private static List<RenderedCandle> newestFirst(long from, long to, long rev) {
        List<RenderedCandle> out = new ArrayList<>();
        for (long i = to; i >= from; i--) {
            out.add(candle(i, rev + i, true));
        }
        return out;
    }

    /** The summary SQLite gives for exactly {@code rows} (newest first). */
    private static ClosedCandles.Expected expected(List<RenderedCandle> rows) {
        long timeSum = 0;
        long revSum = 0;
        long maxRev = -1;
        for (RenderedCandle c : rows) {
            timeSum += c.time();
            revSum += c.rev();
            maxRev = Math.max(maxRev, c.rev());
        }
        return new ClosedCandles.Expected(rows.size(), rows.get(rows.size() - 1).time(), rows.get(0).time(), maxRev,
                timeSum, revSum);
    }

    @Test
    void aPageAcrossBlocksIsServedWhenEveryRowMatches() {
        ClosedCandles index = new ClosedCandles(1 << 20);
        index.offer(TF, "BINANCE:BTCUSDT", newestFirst(0, 1500, 10));
        List<RenderedCandle> db = newestFirst(400, 1000, 10); // the newest 501 of a range
        List<RenderedCandle> page = index.page(TF, "BINANCE:BTCUSDT", expected(db), 500);
        assertThat(page).hasSize(500);
        assertThat(page.get(0).time()).isEqualTo(T0 + 1000 * STEP);
        assertThat(page.get(499).time()).isEqualTo(T0 + 501 * STEP);
        assertThat(page).extracting(RenderedCandle::time, RenderedCandle::rev)
                .containsExactlyElementsOf(db.subList(0, 500).stream()
                        .map(c -> org.assertj.core.groups.Tuple.tuple(c.time(), c.rev())).toList());
    }

    @Test
    void fewerRowsThanTheLimitAreServedWhole() {
        ClosedCandles index = new ClosedCandles(1 << 20);
        index.offer(TF, "S", newestFirst(0, 99, 1));
        assertThat(index.page(TF, "S", expected(newestFirst(0, 99, 1)), 500)).hasSize(100);
    }

    @Test
    void aCandleNeverReadOrChangedSinceIsNotServed() {
        ClosedCandles index = new ClosedCandles(1 << 20);
        List<RenderedCandle> read = new ArrayList<>(newestFirst(0, 99, 1));
        read.remove(50); // a candle of the range this index never saw
        index.offer(TF, "S", read);
        assertThat(index.page(TF, "S", expected(newestFirst(0, 99, 1)), 500)).isNull();

        index.offer(TF, "S", newestFirst(0, 99, 1));
        assertThat(index.page(TF, "S", expected(newestFirst(0, 99, 1)), 500)).hasSize(100);
        // candle 30 rewritten in api.db with a higher revision
        List<RenderedCandle> now = new ArrayList<>(newestFirst(0, 99, 1));
        now.set(99 - 30, candle(30, 1000, true));
        assertThat(index.page(TF, "S", expected(now), 500)).isNull();
        index.offer(TF, "S", now);
        RenderedCandle rewritten = index.page(TF, "S", expected(now), 500).get(99 - 30);
        assertThat(rewritten.rev()).isEqualTo(1000);
        assertThat(text(rewritten)).isEqualTo(text(now.get(99 - 30)));
    }

    @Test
    void aCandleDeletedFromApiDbIsNotServed() {
        ClosedCandles index = new ClosedCandles(1 << 20);
        index.offer(TF, "S", newestFirst(0, 99, 1));
        List<RenderedCandle> now = new ArrayList<>(newestFirst(0, 99, 1));
        now.remove(40);
        assertThat(index.page(TF, "S", expected(now), 500)).isNull();
    }

    @Test
    void formingCandlesOtherMarketsAndOlderRevisionsAreNotKept() {
        ClosedCandles index = new ClosedCandles(1 << 20);
        List<RenderedCandle> rows = new ArrayList<>(newestFirst(0, 9, 1));
        rows.set(0, candle(9, 10, false)); // the forming candle
        index.offer(TF, "S", rows);
        assertThat(index.page(TF, "S", expected(rows), 500)).isNull();
        assertThat(index.page(TF, "S", expected(rows.subList(1, 10)), 500)).hasSize(9);
        assertThat(index.page(TF, "OTHER", expected(rows.subList(1, 10)), 500)).isNull();
        assertThat(index.page(Timeframe.H1, "S", expected(rows.subList(1, 10)), 500)).isNull();

        index.offer(TF, "S", List.of(candle(5, 99, true)));
        index.offer(TF, "S", List.of(candle(5, 6, true))); // a slower reader's older copy
        List<RenderedCandle> page = index.page(TF, "S", expected(rows.subList(1, 10)), 500);
        assertThat(page).isNull(); // api.db says rev 6, this holds 99: read the rows
    }

    @Test
    void aKnownRangeOfferedAgainKeepsWhatItHoldsAndNeverPutsBackAnOlderRevision() {
        ClosedCandles index = new ClosedCandles(1 << 20);
        index.trustFrom(0);
        List<RenderedCandle> newer = new ArrayList<>(newestFirst(0, 99, 1));
        newer.set(99 - 5, candle(5, 500, true));
        index.offer(TF, "S", newer, T0, T0 + 100 * STEP, 500);
        long bytes = index.bytes();

        // a slower reader's snapshot of the same range: candle 5 still at its older revision
        index.offer(TF, "S", newestFirst(0, 99, 1), T0, T0 + 100 * STEP, 500);
        assertThat(index.bytes()).isEqualTo(bytes);
        List<RenderedCandle> page = index.page(TF, "S", expected(newer), 500);
        assertThat(page).as("the newer revision kept").hasSize(100);
        assertThat(page.get(99 - 5).rev()).isEqualTo(500);
        assertThat(text(page.get(99 - 5))).isEqualTo(text(newer.get(99 - 5)));
        assertThat(text(page.get(99 - 6))).isEqualTo(text(newer.get(99 - 6)));

        // the same range without candle 7 (deleted from api.db since): known empty, not kept
        List<RenderedCandle> deleted = new ArrayList<>(newer);
        deleted.remove(99 - 7);
        index.offer(TF, "S", deleted, T0, T0 + 100 * STEP, 501);
        assertThat(index.page(TF, "S", expected(newer), 500)).isNull();
        assertThat(index.page(TF, "S", expected(deleted), 500)).hasSize(99);
    }

    @Test
    void boundedInBytesAndCleared() {
        ClosedCandles index = new ClosedCandles(64 * 1024);
        for (int m = 0; m < 100; m++) {
            index.offer(TF, "S" + m, newestFirst(0, 400, 1));
        }
        assertThat(index.bytes()).isLessThanOrEqualTo(64 * 1024);
        index.offer(TF, "S", newestFirst(0, 9, 1));
        index.clear();
        assertThat(index.page(TF, "S", expected(newestFirst(0, 9, 1)), 500)).isNull();
    }
}
