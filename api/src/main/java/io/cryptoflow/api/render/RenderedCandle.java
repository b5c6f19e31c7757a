package io.cryptoflow.api.render;

import java.io.IOException;
import java.io.OutputStream;

/**
 * One candle's JSON object as served, rendered once per row revision. {@code json} holds the full
 * object; the bytes {@code [clustersFrom, clustersTo)} are its {@code ,"clusters":{...}} member, so
 * the {@code clusters=false} shape is the same array minus that slice (no second copy). A candle
 * {@link ClosedCandles} keeps is packed instead: {@code shape} is set and {@code json} holds only its
 * values (see {@link CandleShape}); it writes the same bytes.
 *
 * @param rev the row's {@code rev} when it was rendered: a later write always carries a higher one
 */
public record RenderedCandle(long time, long rev, boolean closed, byte[] json, int clustersFrom, int clustersTo,
                             CandleShape shape) {

    private static final byte[] NO_MEMBERS = new byte[0];

    /** A rendering as the renderer makes it: the whole object in {@code json}. */
    public RenderedCandle(long time, long rev, boolean closed, byte[] json, int clustersFrom, int clustersTo) {
        this(time, rev, closed, json, clustersFrom, clustersTo, null);
    }

    public void writeTo(OutputStream out, boolean withClusters) throws IOException {
        writeTo(out, withClusters, NO_MEMBERS);
    }

    /**
     * The object with {@code members} (text starting with {@code ,"name":...}, or empty) inserted
     * before its closing brace: members that are not part of the row and not in this render.
     */
    public void writeTo(OutputStream out, boolean withClusters, byte[] members) throws IOException {
        if (shape != null) {
            shape.write(json, time, withClusters, members, out instanceof CandleShape.Sink sink ? sink : out::write);
            return;
        }
        int end = members.length == 0 ? json.length : json.length - 1;
        if (withClusters) {
            out.write(json, 0, end);
        } else {
            out.write(json, 0, clustersFrom);
            out.write(json, clustersTo, end - clustersTo);
        }
        if (members.length > 0) {
            out.write(members);
            out.write('}');
        }
    }

    public void writeTo(JsonBytes out, boolean withClusters) {
        writeTo(out, withClusters, NO_MEMBERS);
    }

    /** As {@link #writeTo(OutputStream, boolean, byte[])}. */
    public void writeTo(JsonBytes out, boolean withClusters, byte[] members) {
        if (shape != null) {
            try {
                shape.write(json, time, withClusters, members, out);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e); // not thrown by an in-memory buffer
            }
            return;
        }
        int end = members.length == 0 ? json.length : json.length - 1;
        if (withClusters) {
            out.raw(json, 0, end);
        } else {
            out.raw(json, 0, clustersFrom);
            out.raw(json, clustersTo, end - clustersTo);
        }
        if (members.length > 0) {
            out.raw(members);
            out.ascii("}");
        }
    }

    public int size(boolean withClusters) {
        if (shape != null) {
            return shape.size(json, time, withClusters);
        }
        return withClusters ? json.length : json.length - (clustersTo - clustersFrom);
    }

    /** Bytes this entry keeps on the heap, roughly (array + record headers). */
    public long heapBytes() {
        return json.length + 64L;
    }
}
