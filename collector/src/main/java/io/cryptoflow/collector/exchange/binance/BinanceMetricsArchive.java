package io.cryptoflow.collector.exchange.binance;

import io.cryptoflow.collector.exchange.MalformedResponseException;
import io.cryptoflow.collector.exchange.OpenInterestArchive;
import io.cryptoflow.common.OpenInterestSample;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipInputStream;

/**
 * Binance's daily USD-M {@code metrics} files (binance-public-data:
 * {@code data/futures/um/daily/metrics/SYM/SYM-metrics-YYYY-MM-DD.zip}): a CSV with header
 * {@code create_time,symbol,sum_open_interest,sum_open_interest_value,...}, one row per 5 minutes,
 * {@code create_time} as {@code yyyy-MM-dd HH:mm:ss} UTC. Only the first four columns are read.
 */
public final class BinanceMetricsArchive implements OpenInterestArchive {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    @Override
    public URI dayUri(String archiveBase, String symbol, LocalDate day) {
        String base = archiveBase.endsWith("/") ? archiveBase.substring(0, archiveBase.length() - 1) : archiveBase;
        return URI.create(base + "/data/futures/um/daily/metrics/" + symbol + "/" + symbol + "-metrics-" + day + ".zip");
    }

    @Override
    public List<OpenInterestSample> parse(byte[] file) throws MalformedResponseException {
        List<OpenInterestSample> out = new ArrayList<>(300);
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(file))) {
            if (zip.getNextEntry() == null) {
                throw new MalformedResponseException("metrics zip has no entry");
            }
            BufferedReader lines = new BufferedReader(new InputStreamReader(zip, StandardCharsets.US_ASCII));
            String line = lines.readLine();
            if (line == null || !line.startsWith("create_time,symbol,sum_open_interest,sum_open_interest_value")) {
                throw new MalformedResponseException("metrics file without its header: " + line);
            }
            while ((line = lines.readLine()) != null) {
                if (!line.isBlank()) {
                    out.add(row(line));
                }
            }
        } catch (IOException e) {
            throw new MalformedResponseException("unreadable metrics zip: " + e.getMessage());
        }
        return out;
    }

    private static OpenInterestSample row(String line) throws MalformedResponseException {
        String[] f = line.split(",", -1);
        if (f.length < 4) {
            throw new MalformedResponseException("metrics row with " + f.length + " columns: " + line);
        }
        try {
            long time = LocalDateTime.parse(f[0].trim(), TIME).toInstant(ZoneOffset.UTC).toEpochMilli();
            double oi = Double.parseDouble(f[2].trim());
            Double value = f[3].isBlank() ? null : Double.parseDouble(f[3].trim());
            return new OpenInterestSample(time, oi, value);
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new MalformedResponseException("malformed metrics row: " + line);
        }
    }
}
