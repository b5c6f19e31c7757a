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

    public static GZIPOutputStream stream(OutputStream out) throws IOException {
        return new GZIPOutputStream(out, 64 * 1024) {
            {
                def.setLevel(Deflater.BEST_SPEED);
            }
        };
    }
}
