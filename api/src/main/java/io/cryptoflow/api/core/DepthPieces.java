package io.cryptoflow.api.core;

import io.cryptoflow.api.api.DepthSeries;
import io.cryptoflow.api.api.GzipJoin;
import io.cryptoflow.api.render.JsonBytes;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * An answer as {@link DepthReader#readInPieces} read it: either whole ({@code pieces} null, the
 * series holds everything) or as the series' members without arrays ({@code answer.series()} gives
 * exchange, symbol, step, range, missing) plus the {@link DepthChunks.Chunk pieces} holding the steps.
 */
public record DepthPieces(DepthReader.Answer answer, List<DepthChunks.Chunk> pieces) {

    /** Writes the gzip body: the pieces' deflated rows copied in, everything else deflated here. */
    public void writeGzip(OutputStream out) throws IOException {
        try (GzipJoin z = new GzipJoin(out)) {
            if (pieces == null) {
                answer.series().writeJson(z);
                return;
            }
            DepthSeries s = answer.series();
            JsonBytes json = new JsonBytes(64 * 1024);
            DepthSeries.head(json, s.exchange(), s.symbol(), s.tier(), s.step(), s.from(), s.to(), priceStep());
            json.ascii(",\"times\":[");
            longs(json, z, DepthChunks.Chunk::times);
            json.ascii("],\"bidBin\":[");
            longs(json, z, DepthChunks.Chunk::bidBin);
            json.ascii("],\"askBin\":[");
            longs(json, z, DepthChunks.Chunk::askBin);
            json.ascii("],\"bids\":[");
            rows(json, z, true);
            json.ascii("],\"asks\":[");
            rows(json, z, false);
            DepthSeries.tail(json.ascii("]"), s.missing()).drainTo(z);
        }
    }

    /** About the gzip body's size: the pieces' deflated rows plus room for the rest (fewer buffer copies). */
    int gzipSizeHint() {
        long n = 64 * 1024;
        for (DepthChunks.Chunk c : pieces == null ? List.<DepthChunks.Chunk>of() : pieces) {
            n += c.bids().deflated().length + c.asks().deflated().length + 4L * c.times().length;
        }
        return (int) Math.min(n, 64L << 20);
    }

    private Double priceStep() {
        for (DepthChunks.Chunk c : pieces) {
            if (c.priceStep() != null) {
                return c.priceStep();
            }
        }
        return null;
    }

    private void longs(JsonBytes json, OutputStream z, java.util.function.Function<DepthChunks.Chunk, long[]> member)
            throws IOException {
        boolean first = true;
        for (DepthChunks.Chunk c : pieces) {
            if (c.times().length > 0) {
                DepthSeries.longs(first ? json : json.ascii(","), member.apply(c), z);
                first = false;
            }
        }
    }

    private void rows(JsonBytes json, GzipJoin z, boolean bids) throws IOException {
        boolean first = true;
        for (DepthChunks.Chunk c : pieces) {
            if (c.times().length > 0) {
                (first ? json : json.ascii(",")).drainTo(z);
                z.append(bids ? c.bids() : c.asks());
                first = false;
            }
        }
    }
}
