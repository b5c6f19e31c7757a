package io.cryptoflow.api.api;

import io.cryptoflow.api.render.ByteChunks;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * gzip for page bodies. A joined body is compressed once per cached page version and gets zlib's
 * default level (6); a streamed body (above the join limit) is compressed on every request and
 * gets level 1, the cheapest.
 */
public final class Gzip {

    private Gzip() {
    }

    /** A joined body compressed at the default level into chunks (see {@link ByteChunks}). */
    public static ByteChunks compress(ByteChunks plain) {
        ByteChunks out = new ByteChunks(Math.max(64, plain.length() / 4));
        try (GZIPOutputStream z = new GZIPOutputStream(out, 64 * 1024)) {
            plain.writeTo(z);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // not thrown by an in-memory stream
        }
        return out.seal();
    }

    /**
     * A streamed body compressed at level 1 while it is written; {@code finish()} writes the trailer and
     * frees zlib's native state (~270 KB malloc'd per stream) at once. Callers finish and never close
     * (closing would close the response stream under it), so without this the state stayed allocated
     * until a GC ran the Deflater's cleaner: under streamed requests hundreds of them at a time, malloc
     * memory that glibc then kept in its arenas (the API's RSS, docs/benchmarks.md "API RSS").
     */
    public static Stream stream(OutputStream out) throws IOException {
        return new Stream(out);
    }

    /** See {@link #stream}. */
    public static final class Stream extends GZIPOutputStream {

        private boolean ended;

        private Stream(OutputStream out) throws IOException {
            super(out, 64 * 1024);
            def.setLevel(Deflater.BEST_SPEED);
        }

        @Override
        public void finish() throws IOException {
            if (ended) {
                return;
            }
            try {
                super.finish();
            } finally { // also when the client went away mid-body: the stream is not used after that
                def.end();
                ended = true;
            }
        }

        /** Whether zlib's native state was freed (by {@link #finish}). */
        public boolean ended() {
            return ended;
        }
    }
}
