package io.cryptoflow.collector.exchange.binance;

import io.cryptoflow.collector.exchange.CsvRows;
import io.cryptoflow.collector.exchange.JsonTrades;
import io.cryptoflow.collector.exchange.MalformedTradeException;
import io.cryptoflow.collector.exchange.Trade;
import io.cryptoflow.collector.exchange.TradeArchive;
import io.cryptoflow.collector.exchange.Urls;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Binance's daily aggTrades archive on data.binance.vision (USD-M futures or spot), read row by row
 * (streamed): a zip holding one CSV {@code agg_trade_id,price,quantity,first_trade_id,last_trade_id,
 * transact_time,is_buyer_maker[,is_best_match]}. Futures files since 2022 start with that header row,
 * spot and older ones do not: a first byte that is not a digit means a header. Spot times are
 * microseconds since 2025: the unit is told by magnitude. Every file has a sibling {@code .CHECKSUM}.
 */
public final class BinanceArchive implements TradeArchive {

    private final String pathPrefix;

    private BinanceArchive(String pathPrefix) {
        this.pathPrefix = pathPrefix;
    }

    public static BinanceArchive futures() {
        return new BinanceArchive("/data/futures/um/daily/aggTrades/");
    }

    public static BinanceArchive spot() {
        return new BinanceArchive("/data/spot/daily/aggTrades/");
    }

    @Override
    public URI dayUri(String archiveBase, String symbol, LocalDate day) {
        return URI.create(Urls.stripSlash(archiveBase) + pathPrefix + symbol + "/" + symbol + "-aggTrades-" + day + ".zip");
    }

    @Override
    public boolean checksummed() {
        return true;
    }

    @Override
    public long read(Path file, Consumer<Trade> out) throws IOException, MalformedTradeException {
        return readBinanceZip(file, out);
    }

    /** Epoch ms from s, ms, µs or ns, judged by magnitude (ms ≈ 1.7e12 today). */
    public static long toMillis(long t) {
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

    public static long readBinanceCsv(InputStream csv, Consumer<Trade> out) throws IOException, MalformedTradeException {
        CsvRows row = new CsvRows(csv);
        long rows = 0;
        while (row.next()) {
            long lineNo = row.lineNo();
            if (lineNo == 1 && !row.startsWithDigit()) {
                continue; // header row
            }
            if (row.columns() != 7 && row.columns() != 8) {
                throw new MalformedTradeException("line " + lineNo + ": expected 7 or 8 columns, got " + row.columns()
                        + ": " + JsonTrades.abbreviate(row.line()));
            }
            try {
                long id = row.longAt(0);
                long price = row.priceAt(1);
                double qty = row.doubleAt(2);
                long time = toMillis(row.longAt(5));
                boolean buyerMaker = bool(row);
                if (price <= 0 || !(qty > 0)) {
                    throw new MalformedTradeException("line " + lineNo + ": price and quantity must be > 0");
                }
                out.accept(new Trade(id, price, qty, !buyerMaker, time));
                rows++;
            } catch (NumberFormatException | ArithmeticException e) {
                throw new MalformedTradeException("line " + lineNo + ": " + e.getMessage() + ": "
                        + JsonTrades.abbreviate(row.line()), e);
            }
        }
        return rows;
    }

    /** is_buyer_maker: {@code true}/{@code false} (futures), {@code True}/{@code False} (spot). */
    private static boolean bool(CsvRows row) {
        if (row.is(6, "true")) {
            return true;
        }
        if (row.is(6, "false")) {
            return false;
        }
        throw new NumberFormatException("is_buyer_maker must be true/false, got '" + row.text(6) + "'");
    }

}
