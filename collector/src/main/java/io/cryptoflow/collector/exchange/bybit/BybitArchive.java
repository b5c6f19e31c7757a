package io.cryptoflow.collector.exchange.bybit;

import io.cryptoflow.collector.exchange.CsvRows;
import io.cryptoflow.collector.exchange.MalformedTradeException;
import io.cryptoflow.collector.exchange.Trade;
import io.cryptoflow.collector.exchange.TradeArchive;
import io.cryptoflow.collector.exchange.Urls;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.function.Consumer;

/**
 * Bybit's daily trading archive on public.bybit.com, read row by row (streamed): csv.gz with header
 * {@code timestamp,symbol,side,size,price,...}, timestamp in seconds with a fraction, side Buy/Sell.
 * No checksum file is published.
 */
public final class BybitArchive implements TradeArchive {

    @Override
    public URI dayUri(String archiveBase, String symbol, LocalDate day) {
        return URI.create(Urls.stripSlash(archiveBase) + "/trading/" + symbol + "/" + symbol + day + ".csv.gz");
    }

    @Override
    public boolean checksummed() {
        return false;
    }

    @Override
    public long read(Path file, Consumer<Trade> out) throws IOException, MalformedTradeException {
        return readBybitCsvGz(file, out);
    }

    /** @return rows read; Bybit has no trade sequence, ids are hashes of trdMatchID */
    static long readBybitCsvGz(Path gz, Consumer<Trade> out) throws IOException, MalformedTradeException {
        return CsvGzRows.read(gz, "timestamp,", "a header starting with 'timestamp,'", 7, BybitArchive::row, out);
    }

    private static Trade row(CsvRows row) throws MalformedTradeException {
        try {
            long time = row.secondsAsMillisAt(0);
            boolean buy;
            if (row.is(2, "Buy")) {
                buy = true;
            } else if (row.is(2, "Sell")) {
                buy = false;
            } else {
                throw new NumberFormatException("side must be Buy or Sell, got '" + row.text(2) + "'");
            }
            double qty = row.doubleAt(3);
            long price = row.priceAt(4);
            if (price <= 0 || !(qty > 0)) {
                throw new MalformedTradeException("line " + row.lineNo() + ": price and size must be > 0");
            }
            return new Trade(row.idAt(6), price, qty, buy, time);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new MalformedTradeException("line " + row.lineNo() + ": " + e.getMessage(), e);
        }
    }
}
