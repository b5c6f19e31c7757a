package io.cryptoflow.collector.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CsvRowsTest {

    /** A stream that hands out at most a few bytes per read, so lines cross every buffer boundary. */
    private static InputStream trickle(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII)) {
            private final Random random = new Random(7);

            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 1 + random.nextInt(7)));
            }
        };
    }

    private static List<String> lines(CsvRows rows) throws Exception {
        List<String> out = new ArrayList<>();
        while (rows.next()) {
            StringBuilder b = new StringBuilder(rows.lineNo() + ":");
            for (int i = 0; i < rows.columns(); i++) {
                b.append(i == 0 ? "" : "|").append(rows.text(i));
            }
            out.add(b.toString());
        }
        return out;
    }

    @Test
    void readsRowsAcrossReadsWithCrlfBlankLinesSpacesAndNoLastNewline() throws Exception {
        String text = "id,price\r\n1, 2.5 ,x\r\n\n\r\n3,4\n5,,6";
        assertThat(lines(new CsvRows(trickle(text))))
                .containsExactly("1:id|price", "2:1|2.5|x", "5:3|4", "6:5||6");
        assertThat(lines(new CsvRows(new ByteArrayInputStream(new byte[0])))).isEmpty();
    }

    @Test
    void aLineLongerThanTheBufferIsReadWhole() throws Exception {
        String longField = "9".repeat(200_000);
        CsvRows rows = new CsvRows(trickle("a,b\n" + longField + ",1\nc,d\n"));
        assertThat(rows.next()).isTrue();
        assertThat(rows.next()).isTrue();
        assertThat(rows.text(0)).isEqualTo(longField);
        assertThat(rows.longAt(1)).isEqualTo(1);
        assertThat(rows.next()).isTrue();
        assertThat(rows.text(1)).isEqualTo("d");
        assertThat(rows.next()).isFalse();
    }

    @Test
    void aLineOverAMegabyteIsAMalformedFileNamingItsLine() {
        CsvRows rows = new CsvRows(new ByteArrayInputStream(("a,b\n" + "9".repeat(1 << 21) + "\n")
                .getBytes(StandardCharsets.US_ASCII)));
        assertThatThrownBy(() -> {
            while (rows.next()) {
                rows.columns();
            }
        }).isInstanceOf(MalformedTradeException.class).hasMessageStartingWith("line 2: longer than");
    }

    @Test
    void numbersAreReadAsTheJdkReadsThem() throws Exception {
        Random r = new Random(42);
        StringBuilder csv = new StringBuilder();
        List<String> values = new ArrayList<>();
        for (int n = 0; n < 20_000; n++) {
            String v = switch (n % 6) {
                case 0 -> Long.toString(r.nextInt(1_000_000));
                case 1 -> BigDecimal.valueOf(r.nextLong() % 10_000_000_000L, r.nextInt(12)).abs().toPlainString();
                case 2 -> BigDecimal.valueOf(Math.abs(r.nextLong()), r.nextInt(25)).toPlainString(); // up to 19 digits
                case 3 -> "0.000" + (1 + r.nextInt(99_999));
                case 4 -> r.nextInt(100) + "." + "0".repeat(r.nextInt(20)) + r.nextInt(10);
                default -> Double.toString(r.nextDouble() * Math.pow(10, r.nextInt(10) - 5)); // may use an exponent
            };
            values.add(v);
            csv.append(v).append(',').append(v).append('\n');
        }
        CsvRows rows = new CsvRows(trickle(csv.toString()));
        for (String v : values) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.doubleAt(0)).as(v).isEqualTo(Double.parseDouble(v));
            assertThat(rows.secondsAsMillisAt(1)).as(v).isEqualTo(new BigDecimal(v).movePointRight(3).longValue());
        }
    }

    @Test
    void aBybitTimeInSecondsIsCutToTheMillisecond() throws Exception {
        CsvRows rows = new CsvRows(trickle("1671580800.4855,1671580800,1671580800.1,1.6715808E9\n"));
        assertThat(rows.next()).isTrue();
        assertThat(rows.secondsAsMillisAt(0)).isEqualTo(1_671_580_800_485L);
        assertThat(rows.secondsAsMillisAt(1)).isEqualTo(1_671_580_800_000L);
        assertThat(rows.secondsAsMillisAt(2)).isEqualTo(1_671_580_800_100L);
        assertThat(rows.secondsAsMillisAt(3)).isEqualTo(1_671_580_800_000L);
    }

    @Test
    void tradeIdsAreTheNumberOrTheSameHashAsBefore() throws Exception {
        List<String> ids = new ArrayList<>(List.of("0", "42", "+42", "-42", "9223372036854775807", "9223372036854775808",
                "-9223372036854775808", "-9223372036854775809", "12a", "-", "+", "1.5"));
        Random r = new Random(1);
        for (int n = 0; n < 200; n++) {
            ids.add(new UUID(r.nextLong(), r.nextLong()).toString());
            ids.add(Long.toString(r.nextLong()));
        }
        CsvRows rows = new CsvRows(trickle(String.join("\n", ids) + "\n"));
        for (String id : ids) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.idAt(0)).as(id).isEqualTo(idAsBefore(id));
            assertThat(JsonTrades.idOf(id)).as(id).isEqualTo(idAsBefore(id));
        }
    }

    /** JsonTrades.idOf as it was (the ids of trades stored by earlier versions). */
    private static long idAsBefore(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            long h = 0xcbf29ce484222325L;
            for (int i = 0; i < text.length(); i++) {
                h ^= text.charAt(i);
                h *= 0x100000001b3L;
            }
            return h & Long.MAX_VALUE;
        }
    }

    @Test
    void wordsPricesAndBadFields() throws Exception {
        CsvRows rows = new CsvRows(trickle("True,FALSE,buy, 145.2 ,x1,,0.000000000001\n"));
        assertThat(rows.next()).isTrue();
        assertThat(rows.is(0, "true")).isTrue();
        assertThat(rows.is(1, "false")).isTrue();
        assertThat(rows.is(2, "Buy")).isTrue();
        assertThat(rows.is(2, "Sell")).isFalse();
        assertThat(rows.priceAt(3)).isEqualTo(Prices.parse("145.2"));
        assertThatThrownBy(() -> rows.longAt(4)).isInstanceOf(NumberFormatException.class);
        assertThatThrownBy(() -> rows.doubleAt(5)).isInstanceOf(NumberFormatException.class);
        assertThat(rows.priceAt(6)).isZero(); // under the price scale: the caller refuses a price <= 0
        assertThat(rows.startsWithDigit()).isFalse();
        assertThat(rows.line()).isEqualTo("True,FALSE,buy, 145.2 ,x1,,0.000000000001");
    }
}
