package io.cryptoflow.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.EOFException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class Http1ExchangeTest {

    @Test
    void countsContentLengthBodiesOfResponsesArrivingBackToBack() throws Exception {
        Http1Exchange x = exchange(64, "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Type: application/json\r\n\r\nhello"
                + "HTTP/1.1 404 Not Found\r\ncontent-length: 2\r\n\r\n{}");

        assertThat(x.read()).isEqualTo(new Http1Exchange.Response(200, 5, true));
        assertThat(x.read()).isEqualTo(new Http1Exchange.Response(404, 2, true));
    }

    @Test
    void countsTheDataOfChunkedBodiesNotTheirFraming() throws Exception {
        Http1Exchange x = exchange(3, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "4\r\nabcd\r\na;ext=1\r\n0123456789\r\n0\r\nX-Trailer: y\r\n\r\n"
                + "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nz");

        assertThat(x.read()).isEqualTo(new Http1Exchange.Response(200, 14, true));
        assertThat(x.read().bodyBytes()).isEqualTo(1);
    }

    @Test
    void aBodyWithoutLengthEndsWhenTheServerCloses() throws Exception {
        Http1Exchange x = exchange(7, "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n" + "x".repeat(1000));

        assertThat(x.read()).isEqualTo(new Http1Exchange.Response(200, 1000, false));
    }

    @Test
    void notModifiedHasNoBodyAndConnectionCloseIsHonoured() throws Exception {
        Http1Exchange x = exchange(64, "HTTP/1.1 304 Not Modified\r\nETag: \"a\"\r\nContent-Length: 190000\r\n\r\n"
                + "HTTP/1.0 200 OK\r\nContent-Length: 3\r\n\r\nabc");

        assertThat(x.read()).isEqualTo(new Http1Exchange.Response(304, 0, true));
        assertThat(x.read()).isEqualTo(new Http1Exchange.Response(200, 3, false));
    }

    @Test
    void aConnectionClosedMidBodyIsAnError() {
        Http1Exchange x = exchange(64, "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc");

        assertThatThrownBy(x::read).isInstanceOf(EOFException.class);
    }

    @Test
    void theRequestCarriesHostAndTheGivenHeaders() {
        String request = new String(Http1Exchange.get("127.0.0.1", 3000, "/api/candles?tf=15",
                List.of("Accept-Encoding", "gzip")), StandardCharsets.US_ASCII);

        assertThat(request).isEqualTo("GET /api/candles?tf=15 HTTP/1.1\r\nHost: 127.0.0.1:3000\r\n"
                + "User-Agent: cryptoflow-bench\r\nAccept: */*\r\nAccept-Encoding: gzip\r\n\r\n");
    }

    /** A channel handing out the bytes at most {@code step} at a time, as a socket may. */
    private static Http1Exchange exchange(int step, String bytes) {
        ByteBuffer source = ByteBuffer.wrap(bytes.getBytes(StandardCharsets.ISO_8859_1));
        ReadableByteChannel channel = new ReadableByteChannel() {
            @Override
            public int read(ByteBuffer dst) {
                if (!source.hasRemaining()) {
                    return -1;
                }
                int n = Math.min(step, Math.min(dst.remaining(), source.remaining()));
                ByteBuffer slice = source.slice().limit(n);
                dst.put(slice);
                source.position(source.position() + n);
                return n;
            }

            @Override
            public boolean isOpen() {
                return true;
            }

            @Override
            public void close() {
            }
        };
        return new Http1Exchange(channel, ByteBuffer.allocate(16));
    }
}
