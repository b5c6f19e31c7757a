package io.cryptoflow.simulator.archive;

import io.cryptoflow.simulator.market.DerivativesSeries;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Binance's daily USD-M {@code metrics} file (binance-public-data:
 * {@code data/futures/um/daily/metrics/SYM/SYM-metrics-YYYY-MM-DD.zip}): one CSV with a header row
 * {@code create_time,symbol,sum_open_interest,sum_open_interest_value,count_toptrader_long_short_ratio,
 * sum_toptrader_long_short_ratio,count_long_short_ratio,sum_taker_long_short_vol_ratio}, one row per
 * 5 minutes of the UTC day, {@code create_time} as {@code yyyy-MM-dd HH:mm:ss} UTC. It carries the
 * open interest for years, where REST {@code openInterestHist} keeps 30 days. The ratio columns are
 * written as fixed placeholders: the collector does not read them.
 */
final class MetricsFile {

    static final String HEADER = "create_time,symbol,sum_open_interest,sum_open_interest_value,"
            + "count_toptrader_long_short_ratio,sum_toptrader_long_short_ratio,count_long_short_ratio,"
            + "sum_taker_long_short_vol_ratio\n";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneOffset.UTC);

    private MetricsFile() {
    }

    static byte[] zip(DerivativesSeries series, LocalDate day, String csvName) {
        long start = day.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        List<DerivativesSeries.OpenInterest> rows = series.openInterest(DerivativesSeries.FIVE_MINUTES, start,
                start + 86_400_000L - 1, Long.MAX_VALUE, 288, false);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(rows.size() * 120 + 512);
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            ZipEntry entry = new ZipEntry(csvName);
            entry.setTime(0);
            zip.putNextEntry(entry);
            Writer out = new OutputStreamWriter(zip, StandardCharsets.US_ASCII);
            out.write(HEADER);
            String symbol = series.tape().spec().symbol();
            for (DerivativesSeries.OpenInterest oi : rows) {
                out.write(TIME.format(Instant.ofEpochMilli(oi.time())));
                out.write(',');
                out.write(symbol);
                out.write(',');
                out.write(oi.size().toPlainString());
                out.write(',');
                out.write(oi.value().toPlainString());
                out.write(",1.00000000,1.00000000,1.00000000,1.00000000\n");
            }
            out.flush();
            zip.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
