package io.cryptoflow.api.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ByteChunksTest {

    /** A 1.5 MB body (a 1000-candle page with 30-level clusters) is held in chunks no larger than 128 KiB. */
    @Test
    void aBodyIsHeldInChunksBelowG1sHumongousSizeAndWrittenBackExactly() throws Exception {
        byte[] body = new byte[1_536_001];
        new Random(7).nextBytes(body);
        List<Integer> writes = new ArrayList<>();
        ByteChunks chunks = new ByteChunks(body.length);
        int at = 0;
        for (int n = 1; at < body.length; n = n * 3 % 9_973 + 1) {
            int len = Math.min(n, body.length - at);
            if (len == 1) {
                chunks.write(body[at]);
            } else {
                chunks.write(body, at, len);
            }
            at += len;
        }
        chunks.seal();
        ByteArrayOutputStream out = new ByteArrayOutputStream() {
            @Override
            public void write(byte[] b) {
                writes.add(b.length);
                super.write(b, 0, b.length);
            }
        };
        chunks.writeTo(out);
        assertThat(out.toByteArray()).isEqualTo(body);
        assertThat(chunks.toByteArray()).isEqualTo(body);
        assertThat(chunks.length()).isEqualTo(body.length);
        assertThat(writes).allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(ByteChunks.CHUNK)).hasSize(12);
    }

    @Test
    void aSmallBodyIsOneTrimmedChunk() throws Exception {
        ByteChunks chunks = new ByteChunks(1000);
        chunks.write("{\"candles\":[]}".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        chunks.seal();
        assertThat(new String(chunks.toByteArray(), java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("{\"candles\":[]}");
    }
}
