package io.cryptoflow.api.api;

import io.cryptoflow.api.render.CandleShape;
import java.io.IOException;
import java.io.OutputStream;

/**
 * An unsynchronized buffered stream over a per-thread 64 KiB array, for bodies written candle by
 * candle: a 500-candle page (~127 KB) reaches Jetty in two writes instead of sixteen 8 KiB ones
 * (each a blocking flush through Jersey and Jetty), and no buffer is allocated per request. Only
 * for a body written start to end on the request's own thread ({@link #flush} before returning).
 */
final class BodyBuffer extends OutputStream implements CandleShape.Sink {

    static final int SIZE = 64 * 1024;
    private static final ThreadLocal<byte[]> BUFFERS = ThreadLocal.withInitial(() -> new byte[SIZE]);

    private final OutputStream out;
    private final byte[] buf = BUFFERS.get();
    private int n;

    BodyBuffer(OutputStream out) {
        this.out = out;
    }

    @Override
    public void write(int b) throws IOException {
        if (n == buf.length) {
            drain();
        }
        buf[n++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (len >= buf.length) {
            drain();
            out.write(b, off, len);
            return;
        }
        if (len > buf.length - n) {
            drain();
        }
        System.arraycopy(b, off, buf, n, len);
        n += len;
    }

    @Override
    public void put(byte[] b, int off, int len) throws IOException {
        write(b, off, len);
    }

    private void drain() throws IOException {
        if (n > 0) {
            out.write(buf, 0, n);
            n = 0;
        }
    }

    @Override
    public void flush() throws IOException {
        drain();
        out.flush();
    }
}
