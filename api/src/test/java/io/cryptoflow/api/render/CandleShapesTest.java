package io.cryptoflow.api.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CandleShapesTest {

    private static final String HEAD = "{\"time\":1790000100000,\"open\":68074.7,\"high\":68081.3,\"low\":null,"
            + "\"close\":-0.018,\"volume\":4.476,\"buyVolume\":null,\"sellVolume\":1.146,\"delta\":2.184,\"tradeCount\":120";
    private static final String TAIL = ",\"closed\":true,\"tradesComplete\":false}";

    /** A rendering as {@code db/CandleRenderer} makes it, its clusters member marked. */
    private static RenderedCandle rendered(String clusters) {
        String member = ",\"clusters\":" + clusters;
        byte[] json = (HEAD + member + TAIL).getBytes(StandardCharsets.UTF_8);
        return new RenderedCandle(1_790_000_100_000L, 7, true, json, HEAD.length(),
                HEAD.length() + member.getBytes(StandardCharsets.UTF_8).length);
    }

    private static String written(RenderedCandle c, boolean clusters, String members) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        c.writeTo(out, clusters, members.getBytes(StandardCharsets.US_ASCII));
        JsonBytes same = new JsonBytes(16);
        c.writeTo(same, clusters, members.getBytes(StandardCharsets.US_ASCII));
        assertThat(same.toByteArray()).isEqualTo(out.toByteArray());
        assertThat(c.size(clusters) + members.length()).isEqualTo(out.size());
        return out.toString(StandardCharsets.UTF_8);
    }

    private static RenderedCandle packed(CandleShapes shapes, RenderedCandle c) {
        CandleShapes.Packed p = shapes.pack(c);
        assertThat(p).as("packs").isNotNull();
        return new RenderedCandle(c.time(), c.rev(), true, p.values(), -1, -1, p.shape());
    }

    @Test
    void aPackedCandleWritesTheSameBytesWithAndWithoutClustersAndWithMembers() throws IOException {
        CandleShapes shapes = new CandleShapes();
        for (String clusters : new String[] {"null", "{\"68000.0\":[1.5,2.25],\"68010.0\":[0,3]}",
            "{\"a,b\":\"x}\\\"y{\",\"n\":[[1,{\"k\":2}],[]]}", "{}"}) {
            RenderedCandle plain = rendered(clusters);
            RenderedCandle small = packed(shapes, plain);
            for (boolean withClusters : new boolean[] {true, false}) {
                for (String members : new String[] {"", ",\"openInterest\":null,\"fundingRate\":0.0001"}) {
                    assertThat(written(small, withClusters, members)).as(clusters + " " + withClusters + " " + members)
                            .isEqualTo(written(plain, withClusters, members));
                }
            }
        }
    }

    @Test
    void keysAndConstantsAreSharedSoAPackedCandleKeepsItsValuesAlone() {
        CandleShapes shapes = new CandleShapes();
        RenderedCandle plain = rendered("null");
        CandleShapes.Packed p = shapes.pack(plain);
        // 7 numbers, each with a one-byte length: no key, no null, no true/false, and not the time (the slot's)
        String values = "68074.7" + "68081.3" + "-0.018" + "4.476" + "1.146" + "2.184" + "120";
        assertThat(p.values()).hasSize(values.length() + 7);
        assertThat(p.values().length).isLessThan(plain.json().length / 2);
        // candles with the same members share one shape; another set of nulls is another shape
        assertThat(shapes.pack(rendered("null")).shape()).isSameAs(p.shape());
        assertThat(shapes.pack(rendered("{\"1\":[1,2]}")).shape()).isNotSameAs(p.shape());
        // a packed candle offered again is kept as it is
        RenderedCandle again = new RenderedCandle(plain.time(), plain.rev(), true, p.values(), -1, -1, p.shape());
        assertThat(shapes.pack(again).values()).isSameAs(p.values());
    }

    @Test
    void aValueLongerThan127BytesIsPackedWithAVarintLength() throws IOException {
        StringBuilder big = new StringBuilder("{");
        for (int i = 0; i < 400; i++) {
            big.append(i == 0 ? "" : ",").append('"').append(60_000 + i).append(".0\":[").append(i).append(",1]");
        }
        RenderedCandle plain = rendered(big.append('}').toString());
        RenderedCandle small = packed(new CandleShapes(), plain);
        assertThat(written(small, true, "")).isEqualTo(written(plain, true, ""));
        assertThat(written(small, false, ",\"x\":1")).isEqualTo(written(plain, false, ",\"x\":1"));
    }

    @Test
    void whatDoesNotSplitCleanlyIsNotPacked() {
        CandleShapes shapes = new CandleShapes();
        byte[] notAnObject = "[1,2]".getBytes(StandardCharsets.US_ASCII);
        assertThat(shapes.pack(new RenderedCandle(0, 1, true, notAnObject, 0, 0))).isNull();
        byte[] unterminated = "{\"a\":\"x}".getBytes(StandardCharsets.US_ASCII);
        assertThat(shapes.pack(new RenderedCandle(0, 1, true, unterminated, 0, 0))).isNull();
        byte[] ok = "{\"a\":1}".getBytes(StandardCharsets.US_ASCII);
        assertThat(shapes.pack(new RenderedCandle(0, 1, true, ok, 3, 9))).as("clusters slice outside").isNull();
    }
}
