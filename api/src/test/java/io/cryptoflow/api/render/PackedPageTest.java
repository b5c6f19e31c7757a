package io.cryptoflow.api.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.cryptoflow.common.Timeframe;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A page taken from the blocks writes every candle as its rendering does, in either order, whole or cut. */
class PackedPageTest {

    private static final Timeframe TF = Timeframe.M15;
    private static final long STEP = TF.millis();
    private static final long T0 = 1_790_000_000_000L / STEP * STEP;
    private static final byte[] MEMBERS = ",\"x\":1".getBytes(StandardCharsets.US_ASCII);

    private static RenderedCandle candle(long i, long rev) {
        byte[] json = ("{\"time\":" + (T0 + i * STEP) + ",\"open\":" + (100 + i) + ",\"rev\":" + rev + "}")
                .getBytes(StandardCharsets.US_ASCII);
        return new RenderedCandle(T0 + i * STEP, rev, true, json, json.length - 1, json.length - 1);
    }

    /** Candles 0..1500 newest first, every seventh missing (a gap in the series). */
    private static List<RenderedCandle> rows() {
        List<RenderedCandle> out = new ArrayList<>();
        for (long i = 1500; i >= 0; i--) {
            if (i % 7 != 3) {
                out.add(candle(i, 20 + i));
            }
        }
        return out;
    }

    private static String text(RenderedCandle c, byte[] members) {
        JsonBytes out = new JsonBytes(64);
        c.writeTo(out, true, members);
        return new String(out.toByteArray(), StandardCharsets.US_ASCII);
    }

    private static String text(PackedPage p, int i, byte[] members) throws Exception {
        JsonBytes out = new JsonBytes(64);
        p.writeTo(i, out, true, members);
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        p.writeTo(i, stream, true, members);
        String viaJson = new String(out.toByteArray(), StandardCharsets.US_ASCII);
        assertThat(stream.toString(StandardCharsets.US_ASCII)).isEqualTo(viaJson);
        return viaJson;
    }

    private static PackedPage taken() {
        List<RenderedCandle> rows = rows();
        ClosedCandles memory = new ClosedCandles(1 << 22);
        memory.trustFrom(0); // as the change tracker does when it starts at revision 0
        memory.offer(TF, "BINANCE:BTCUSDT", rows, T0, T0 + 1501 * STEP, 0, true);
        ClosedCandles.Known k = memory.known(TF, "BINANCE:BTCUSDT", T0, T0 + 1501 * STEP, 1000);
        assertThat(k).isNotNull();
        return k.newestFirst();
    }

    @Test
    void everyCandleIsItsRenderingAcrossBlocksAndGaps() throws Exception {
        PackedPage page = taken();
        List<RenderedCandle> rows = rows().subList(0, 1000);
        assertThat(page).hasSize(1000);
        for (int i = 0; i < page.size(); i++) {
            RenderedCandle want = rows.get(i);
            assertThat(page.time(i)).isEqualTo(want.time());
            assertThat(page.rev(i)).isEqualTo(want.rev());
            assertThat(text(page, i, MEMBERS)).isEqualTo(text(want, MEMBERS));
            assertThat(page.size(i, true)).isEqualTo(text(want, new byte[0]).length());
            assertThat(text(page.get(i), MEMBERS)).isEqualTo(text(want, MEMBERS));
            assertThat(PackedPage.timeAt(page, i)).isEqualTo(want.time());
        }
    }

    @Test
    void reversedAndCutPagesAreTheListsReversedAndCut() throws Exception {
        PackedPage page = taken();
        List<RenderedCandle> rows = new ArrayList<>(rows().subList(0, 1000));
        PackedPage first = (PackedPage) page.subList(0, 600);
        PackedPage oldestFirst = first.reversed();
        List<RenderedCandle> want = new ArrayList<>(rows.subList(0, 600));
        java.util.Collections.reverse(want);
        assertThat(oldestFirst).hasSize(600);
        for (int i = 0; i < 600; i++) {
            assertThat(oldestFirst.time(i)).isEqualTo(want.get(i).time());
            assertThat(text(oldestFirst, i, MEMBERS)).isEqualTo(text(want.get(i), MEMBERS));
        }
        PackedPage middle = (PackedPage) oldestFirst.subList(100, 250);
        for (int i = 0; i < 150; i++) {
            assertThat(middle.time(i)).isEqualTo(want.get(100 + i).time());
        }
        assertThat(oldestFirst.reversed().time(0)).isEqualTo(page.time(0));
    }
}
