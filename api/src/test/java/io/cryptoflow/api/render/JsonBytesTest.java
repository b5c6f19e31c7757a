package io.cryptoflow.api.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class JsonBytesTest {

    static String write(double v) {
        JsonBytes b = new JsonBytes(8);
        b.number(v);
        return new String(b.toByteArray(), StandardCharsets.US_ASCII);
    }

    static String significant(float v) {
        JsonBytes b = new JsonBytes(8);
        b.significant(v, 4);
        return new String(b.toByteArray(), StandardCharsets.US_ASCII);
    }

    @Test
    void longsAreWrittenAndMeasuredAsLongToStringDoes() {
        SplittableRandom random = new SplittableRandom(7);
        long[] edges = {0, 1, -1, 9, 10, -10, 99, 100, 999_999_999_999L, 1_000_000_000_000L, 1_796_601_600_000L,
            Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE + 1, 999_999_999_999_999_999L, 1_000_000_000_000_000_000L};
        for (int i = 0; i < edges.length + 10_000; i++) {
            long v = i < edges.length ? edges[i] : random.nextLong() >> random.nextInt(64);
            byte[] into = new byte[JsonBytes.MAX_DECIMAL + 3];
            int end = JsonBytes.decimal(v, into, 3);
            assertThat(new String(into, 3, end - 3, StandardCharsets.US_ASCII)).as("%d", v).isEqualTo(Long.toString(v));
            assertThat(JsonBytes.decimalLength(v)).as("length of %d", v).isEqualTo(Long.toString(v).length());
            JsonBytes b = new JsonBytes(1);
            b.number(v);
            assertThat(new String(b.toByteArray(), StandardCharsets.US_ASCII)).isEqualTo(Long.toString(v));
        }
    }

    @Test
    void sizesAreRoundedToFourSignificantDigits() {
        assertThat(significant(1.2345678f)).isEqualTo("1.235");
        assertThat(significant(123456.7f)).isEqualTo("123500.0");
        assertThat(significant(0.000123456f)).isEqualTo("0.0001235");
        assertThat(significant(2f)).isEqualTo("2.0");
        assertThat(significant(0.2f)).isEqualTo("0.2");
        assertThat(significant(-9.9996f)).isEqualTo("-10.0");
        assertThat(significant(0f)).isEqualTo("0");
        assertThat(significant(Float.NaN)).isEqualTo("null");
        SplittableRandom r = new SplittableRandom(7);
        for (int i = 0; i < 10_000; i++) {
            float v = (float) (r.nextDouble() * Math.pow(10, r.nextInt(-5, 9)));
            double back = Double.parseDouble(significant(v));
            assertThat(Math.abs(back - v)).as("%s", v).isLessThanOrEqualTo(Math.abs(v) * 5e-4 * 1.0001);
        }
    }

    @Test
    void exchangeStyleDecimalsAreWrittenShortestAndReadBackExactly() {
        assertThat(write(67000)).isEqualTo("67000.0");
        assertThat(write(27.492)).isEqualTo("27.492");
        assertThat(write(0.1)).isEqualTo("0.1");
        assertThat(write(-1.5)).isEqualTo("-1.5");
        assertThat(write(0.00012345)).isEqualTo("0.00012345");
        assertThat(write(1.2345e-7)).isEqualTo("1.2345E-7");
        assertThat(write(0.0012345)).isEqualTo("0.0012345");
        assertThat(write(0)).isEqualTo("0.0");
        assertThat(write(55.426 - 27.934)).isEqualTo(Double.toString(55.426 - 27.934));
        assertThat(write(Double.NaN)).isEqualTo("null");
        assertThat(write(1e300)).isEqualTo("1.0E300");
    }

    @Test
    void everyDoubleReadsBackAsItself() {
        SplittableRandom r = new SplittableRandom(42);
        for (int i = 0; i < 200_000; i++) {
            double v = switch (i % 4) {
                case 0 -> Math.round(r.nextDouble(0, 200_000) * 100) / 100.0;
                case 1 -> Math.round(r.nextDouble(0, 10) * 1e8) / 1e8;
                case 2 -> r.nextDouble(-1e6, 1e6);
                default -> Double.longBitsToDouble(r.nextLong());
            };
            String s = write(v);
            if (Double.isFinite(v)) {
                assertThat(Double.parseDouble(s)).as(s).isEqualTo(v);
            }
        }
    }

    @Test
    void longsIncludingTheExtremes() {
        for (long v : new long[] {0, 7, -7, 10, 1_700_000_000_000L, Long.MAX_VALUE, Long.MIN_VALUE}) {
            JsonBytes b = new JsonBytes(1);
            b.number(v);
            assertThat(new String(b.toByteArray(), StandardCharsets.US_ASCII)).isEqualTo(Long.toString(v));
        }
    }

    @Test
    void everyFloatReadsBackAsItselfAndShort() {
        SplittableRandom r = new SplittableRandom(7);
        for (int i = 0; i < 200_000; i++) {
            float v = switch (i % 3) {
                case 0 -> Math.round(r.nextDouble(0, 500) * 1000) / 1000f;
                case 1 -> (float) r.nextDouble(0, 1e6);
                default -> Float.intBitsToFloat(r.nextInt());
            };
            JsonBytes b = new JsonBytes(1);
            b.number(v);
            String s = new String(b.toByteArray(), StandardCharsets.US_ASCII);
            if (Float.isFinite(v)) {
                assertThat(Float.parseFloat(s)).as(s).isEqualTo(v);
            }
        }
        JsonBytes b = new JsonBytes(1);
        b.number(0.2f).ascii(",").number(1f).ascii(",").number(0f).ascii(",").number(12.345f);
        assertThat(new String(b.toByteArray(), StandardCharsets.US_ASCII)).isEqualTo("0.2,1.0,0.0,12.345");
    }
}
