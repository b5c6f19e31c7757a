package io.cryptoflow.collector.exchange.bybit;

import io.cryptoflow.collector.exchange.CsvRows;
import io.cryptoflow.collector.exchange.JsonTrades;
import io.cryptoflow.collector.exchange.MalformedTradeException;
import io.cryptoflow.collector.exchange.Trade;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;

/** Streams a Bybit csv.gz trade archive row by row: header check, blank lines skipped, column count checked. */
final class CsvGzRows {

    /** One row as a trade; its lineNo (1 is the header) is for error messages. */
    interface RowReader {
        Trade read(CsvRows row) throws MalformedTradeException;
    }

    private CsvGzRows() {
    }

    /**
     * @param headerPrefix what the header line must start with
     * @param expectedHeader how the error names the header wanted ("the header 'id,...'")
     * @return rows read
     */
    static long read(Path gz, String headerPrefix, String expectedHeader, int minColumns, RowReader rows,
                     Consumer<Trade> out) throws IOException, MalformedTradeException {
        try (InputStream in = Files.newInputStream(gz); GZIPInputStream g = new GZIPInputStream(in, 1 << 16)) {
            CsvRows row = new CsvRows(g);
            String header = row.next() && row.lineNo() == 1 ? row.line() : null;
            if (header == null || !header.startsWith(headerPrefix)) {
                throw new MalformedTradeException(gz.getFileName() + ": expected " + expectedHeader + ", got "
                        + JsonTrades.abbreviate(header));
            }
            long count = 0;
            while (row.next()) {
                if (row.columns() < minColumns) {
                    throw new MalformedTradeException("line " + row.lineNo() + ": expected at least " + minColumns
                            + " columns: " + JsonTrades.abbreviate(row.line()));
                }
                out.accept(rows.read(row));
                count++;
            }
            return count;
        }
    }
}
