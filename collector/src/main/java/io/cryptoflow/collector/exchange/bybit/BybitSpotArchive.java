package io.cryptoflow.collector.exchange.bybit;

import io.cryptoflow.collector.exchange.CsvRows;
import io.cryptoflow.collector.exchange.JsonTrades;
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
 * Bybit's daily SPOT trade archive, another name and layout than linear's (docs/exchanges.md):
 * {@code public.bybit.com/spot/SYM/SYM_YYYY-MM-DD.csv.gz}, header {@code id,timestamp,price,volume,side}
 * (a trailing {@code rpi} column may follow), timestamp in milliseconds, side {@code buy}/{@code sell}
 * (the taker's). Streamed row by row; no checksum file is published.
 */
public final class BybitSpotArchive implements TradeArchive {

    @Override
    public URI dayUri(String archiveBase, String symbol, LocalDate day) {
        return URI.create(Urls.stripSlash(archiveBase) + "/spot/" + symbol + "/" + symbol + "_" + day + ".csv.gz");
    }

    @Override
    public boolean checksummed() {
        return false;
    }

    @Override
    public long read(Path file, Consumer<Trade> out) throws IOException, MalformedTradeException {
        return CsvGzRows.read(file, "id,timestamp,price,volume,side", "the header 'id,timestamp,price,volume,side'", 5,
                BybitSpotArchive::row, out);
    }

    private static Trade row(CsvRows row) throws MalformedTradeException {
        try {
            boolean buy;
            if (row.is(4, "buy")) {
                buy = true;
            } else if (row.is(4, "sell")) {
                buy = false;
            } else {
                throw new NumberFormatException("side must be buy or sell, got '" + row.text(4) + "'");
            }
            long time = row.longAt(1);
            long price = row.priceAt(2);
            double qty = row.doubleAt(3);
            if (price <= 0 || !(qty > 0)) {
                throw new MalformedTradeException("line " + row.lineNo() + ": price and volume must be > 0");
            }
            return new Trade(row.idAt(0), price, qty, buy, time);
        } catch (NumberFormatException e) {
            throw new MalformedTradeException("line " + row.lineNo() + ": " + e.getMessage() + ": "
                    + JsonTrades.abbreviate(row.line()));
        }
    }
}
