package io.cryptoflow.collector.exchange.bybit;

import io.cryptoflow.collector.exchange.JsonTrades;
import io.cryptoflow.collector.exchange.MalformedTradeException;
import io.cryptoflow.collector.exchange.Prices;
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

    private static Trade row(String[] f, String line, long lineNo) throws MalformedTradeException {
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
            return new Trade(JsonTrades.idOf(f[6].trim()), price, qty, buy, time);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new MalformedTradeException("line " + lineNo + ": " + e.getMessage(), e);
        }
    }
}
