package io.cryptoflow.api.core;

import io.cryptoflow.api.api.DepthSeries;
import io.cryptoflow.api.api.GzipJoin;
import io.cryptoflow.api.api.GzipParts;
import io.cryptoflow.api.render.JsonBytes;
import java.io.IOException;
import java.util.List;
import java.util.function.Function;

/**
 * An answer as {@link DepthReader#readInPieces} read it: either whole ({@code pieces} null, the
 * series holds everything) or as the series' members without arrays ({@code answer.series()} gives
 * exchange, symbol, step, range, missing) plus the {@link DepthChunks.Chunk pieces} holding the steps.
 */
public record DepthPieces(DepthReader.Answer answer, List<DepthChunks.Chunk> pieces) {

    /** Writes the gzip body: the pieces' deflated members joined by reference, everything else deflated here. */
    public void writeGzip(GzipParts out) throws IOException {
        try (GzipJoin z = new GzipJoin(out)) {
            if (pieces == null) {
                answer.series().writeJson(z);
                return;
            }
            DepthSeries s = answer.series();
            JsonBytes json = new JsonBytes(1024); // head, separators and missing: drained after each few bytes
            DepthSeries.head(json, s.exchange(), s.symbol(), s.tier(), s.step(), s.from(), s.to(), priceStep());
            json.ascii(",\"times\":[");
            join(json, z, DepthChunks.Chunk::times);
            json.ascii("],\"bidBin\":[");
            join(json, z, DepthChunks.Chunk::bidBin);
            json.ascii("],\"askBin\":[");
            join(json, z, DepthChunks.Chunk::askBin);
            json.ascii("],\"bids\":[");
            join(json, z, DepthChunks.Chunk::bids);
            json.ascii("],\"asks\":[");
            join(json, z, DepthChunks.Chunk::asks);
            DepthSeries.tail(json.ascii("]"), s.missing()).drainTo(z);
        }
    }

    private Double priceStep() {
        for (DepthChunks.Chunk c : pieces) {
            if (c.priceStep() != null) {
                return c.priceStep();
            }
        }
        return null;
    }

    /** One member's pieces, comma-separated: the separators deflated here, the pieces appended. */
    private void join(JsonBytes json, GzipJoin z, Function<DepthChunks.Chunk, GzipJoin.Fragment> member)
            throws IOException {
        boolean first = true;
        for (DepthChunks.Chunk c : pieces) {
            if (c.steps() > 0) {
                (first ? json : json.ascii(",")).drainTo(z);
                z.append(member.apply(c));
                first = false;
            }
        }
    }
}
