package io.cryptoflow.collector.orderflow;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Reads trade archive files row by row (streamed).
 *
 * <ul>
 *   <li>Binance aggTrades zip (one CSV): {@code agg_trade_id,price,quantity,first_trade_id,last_trade_id,
 *       transact_time,is_buyer_maker[,is_best_match]}. Futures files since 2022 start with that header
 *       row, spot and older ones do not: a first byte that is not a digit means a header. Spot times are
 *       microseconds since 2025: the unit is told by magnitude.</li>
 *   <li>Bybit trading csv.gz: header {@code timestamp,symbol,side,size,price,...}, timestamp in seconds
 *       with a fraction, side Buy/Sell.</li>
 * </ul>
 */
public final class ArchiveTradeReader {

    private ArchiveTradeReader() {
    }

    /** Epoch ms from s, ms, µs or ns, judged by magnitude (ms ≈ 1.7e12 today). */
    static long toMillis(long t) {
        if (t >= 100_000_000_000_000_000L) {
            return t / 1_000_000;
        }
        if (t >= 100_000_000_000_000L) {
            return t / 1_000;
        }
        if (t < 100_000_000_000L) {
            return t * 1_000;
        }
        return t;
    }

    /** @return rows read; the consumer sees every trade in file order */
    public static long readBinanceZip(Path zip, Consumer<Trade> out) throws IOException, MalformedTradeException {
        try (InputStream in = Files.newInputStream(zip); ZipInputStream z = new ZipInputStream(in)) {
            ZipEntry e = z.getNextEntry();
            if (e == null) {
                throw new MalformedTradeException(zip.getFileName() + " holds no file");
            }
            return readBinanceCsv(z, out);
        }
    }

    static long readBinanceCsv(InputStream csv, Consumer<Trade> out) throws IOException, MalformedTradeException {
        BufferedReader r = new BufferedReader(new InputStreamReader(csv, StandardCharsets.US_ASCII), 1 << 16);
        String line;
        long lineNo = 0;
        long rows = 0;
        while ((line = r.readLine()) != null) {
            lineNo++;
            if (line.isEmpty()) {
                continue;
            }
            if (lineNo == 1 && !Character.isDigit(line.charAt(0))) {
                continue; // header row
            }
            String[] f = line.split(",", -1);
            if (f.length != 7 && f.length != 8) {
                throw new MalformedTradeException("line " + lineNo + ": expected 7 or 8 columns, got " + f.length
                        + ": " + JsonTrades.abbreviate(line));
            }
            try {
                long id = Long.parseLong(f[0].trim());
                long price = Prices.parse(f[1].trim());
                double qty = Double.parseDouble(f[2].trim());
                long time = toMillis(Long.parseLong(f[5].trim()));
                boolean buyerMaker = bool(f[6].trim());
                if (price <= 0 || !(qty > 0)) {
                    throw new MalformedTradeException("line " + lineNo + ": price and quantity must be > 0");
                }
                out.accept(new Trade(id, price, qty, !buyerMaker, time));
                rows++;
            } catch (NumberFormatException | ArithmeticException e) {
                throw new MalformedTradeException("line " + lineNo + ": " + e.getMessage() + ": " + JsonTrades.abbreviate(line), e);
            }
        }
        return rows;
    }

    private static boolean bool(String s) {
        if (s.equalsIgnoreCase("true")) {
            return true;
        }
        if (s.equalsIgnoreCase("false")) {
            return false;
        }
        throw new NumberFormatException("is_buyer_maker must be true/false, got '" + s + "'");
    }

    /** @return rows read; Bybit has no trade sequence, ids are hashes of trdMatchID */
    public static long readBybitCsvGz(Path gz, Consumer<Trade> out) throws IOException, MalformedTradeException {
        try (InputStream in = Files.newInputStream(gz); GZIPInputStream g = new GZIPInputStream(in, 1 << 16)) {
            BufferedReader r = new BufferedReader(new InputStreamReader(g, StandardCharsets.US_ASCII), 1 << 16);
            String header = r.readLine();
            if (header == null || !header.startsWith("timestamp,")) {
                throw new MalformedTradeException(gz.getFileName() + ": expected a header starting with 'timestamp,', got "
                        + JsonTrades.abbreviate(header));
            }
            String line;
            long lineNo = 1;
            long rows = 0;
            while ((line = r.readLine()) != null) {
                lineNo++;
                if (line.isEmpty()) {
                    continue;
                }
                String[] f = line.split(",", -1);
                if (f.length < 7) {
                    throw new MalformedTradeException("line " + lineNo + ": expected at least 7 columns: " + JsonTrades.abbreviate(line));
                }
                try {
                    long time = new java.math.BigDecimal(f[0].trim()).movePointRight(3).longValue();
                    boolean buy;
                    if (f[2].equalsIgnoreCase("Buy")) {
                        buy = true;
                    } else if (f[2].equalsIgnoreCase("Sell")) {
                        buy = false;
                    } else {
                        throw new NumberFormatException("side must be Buy or Sell, got '" + f[2] + "'");
                    }
                    double qty = Double.parseDouble(f[3].trim());
                    long price = Prices.parse(f[4].trim());
                    if (price <= 0 || !(qty > 0)) {
                        throw new MalformedTradeException("line " + lineNo + ": price and size must be > 0");
                    }
                    out.accept(new Trade(JsonTrades.idOf(f[6].trim()), price, qty, buy, time));
                    rows++;
                } catch (NumberFormatException | ArithmeticException e) {
                    throw new MalformedTradeException("line " + lineNo + ": " + e.getMessage(), e);
                }
            }
            return rows;
        }
    }
}
