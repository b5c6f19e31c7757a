package io.cryptoflow.api.render;

import java.io.IOException;
import java.io.OutputStream;

/**
 * One candle's JSON object as served, rendered once per row revision. {@code json} holds the full
 * object; the bytes {@code [clustersFrom, clustersTo)} are its {@code ,"clusters":{...}} member, so
 * the {@code clusters=false} shape is the same array minus that slice (no second copy).
 *
 * @param rev the row's {@code rev} when it was rendered: a later write always carries a higher one
 */
public record RenderedCandle(long time, long rev, boolean closed, byte[] json, int clustersFrom, int clustersTo) {

    public void writeTo(OutputStream out, boolean withClusters) throws IOException {
        if (withClusters) {
            out.write(json);
        } else {
            out.write(json, 0, clustersFrom);
            out.write(json, clustersTo, json.length - clustersTo);
        }
    }

    public void writeTo(JsonBytes out, boolean withClusters) {
        if (withClusters) {
            out.raw(json);
        } else {
            out.raw(json, 0, clustersFrom);
            out.raw(json, clustersTo, json.length - clustersTo);
        }
    }

    public int size(boolean withClusters) {
        return withClusters ? json.length : json.length - (clustersTo - clustersFrom);
    }

    /** Bytes this entry keeps on the heap, roughly (array + record headers). */
    public long heapBytes() {
        return json.length + 64L;
    }
}
