package io.cryptoflow.collector.exchange.bybit;

import io.cryptoflow.collector.exchange.JsonTrades;
import io.cryptoflow.collector.exchange.MalformedTradeException;
import io.cryptoflow.collector.exchange.Trade;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;

/** Streams a Bybit csv.gz trade archive row by row: header check, blank lines skipped, column count checked. */
final class CsvGzRows {

    /** One row's columns as a trade; lineNo (1 is the header) is for error messages. */
    interface RowReader {
        Trade read(String[] columns, String line, long lineNo) throws MalformedTradeException;
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
            BufferedReader r = new BufferedReader(new InputStreamReader(g, StandardCharsets.US_ASCII), 1 << 16);
            String header = r.readLine();
            if (header == null || !header.startsWith(headerPrefix)) {
                throw new MalformedTradeException(gz.getFileName() + ": expected " + expectedHeader + ", got "
                        + JsonTrades.abbreviate(header));
            }
            String line;
            long lineNo = 1;
            long count = 0;
            while ((line = r.readLine()) != null) {
                lineNo++;
                if (line.isEmpty()) {
                    continue;
                }
                String[] f = line.split(",", -1);
                if (f.length < minColumns) {
                    throw new MalformedTradeException("line " + lineNo + ": expected at least " + minColumns + " columns: "
                            + JsonTrades.abbreviate(line));
                }
                out.accept(rows.read(f, line, lineNo));
                count++;
            }
            return count;
        }
    }
}
