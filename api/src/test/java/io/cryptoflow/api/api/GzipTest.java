package io.cryptoflow.api.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

class GzipTest {

    private static final byte[] BODY = "{\"candles\":[1,2,3]}".repeat(5_000).getBytes(StandardCharsets.US_ASCII);

    @Test
    void aStreamFinishedIsOneGzipMemberAndHasFreedItsNativeState() throws IOException {
        ByteArrayOutputStream socket = new ByteArrayOutputStream();
        Gzip.Stream z = Gzip.stream(socket);
        z.write(BODY);
        assertThat(z.ended()).isFalse();

        z.finish();

        assertThat(z.ended()).isTrue();
        assertThat(new GZIPInputStream(new ByteArrayInputStream(socket.toByteArray())).readAllBytes()).isEqualTo(BODY);
        z.finish(); // again, as close() would: nothing more is written
        z.close();
        assertThat(new GZIPInputStream(new ByteArrayInputStream(socket.toByteArray())).readAllBytes()).isEqualTo(BODY);
    }

    @Test
    void aClientGoneMidBodyStillFreesTheNativeState() throws IOException {
        OutputStream gone = new OutputStream() { // takes the 10-byte header, then the client is gone
            private int taken;

            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (taken + len > 10) {
                    throw new IOException("Broken pipe");
                }
                taken += len;
            }
        };
        Gzip.Stream z = Gzip.stream(gone);
        z.write(BODY, 0, 100); // buffered in zlib, nothing sent yet

        assertThatThrownBy(z::finish).isInstanceOf(IOException.class);

        assertThat(z.ended()).isTrue();
    }
}
