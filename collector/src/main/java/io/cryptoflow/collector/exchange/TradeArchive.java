package io.cryptoflow.collector.exchange;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.function.Consumer;

/** An exchange's public archive of past trades: one file per symbol and UTC day. */
public interface TradeArchive {

    /** The file of one symbol's trades on one UTC day under the configured archive base URL. */
    URI dayUri(String archiveBase, String symbol, LocalDate day);

    /** Whether the exchange publishes a sibling {@code .CHECKSUM} ({@code <sha256>  <name>}) to verify. */
    boolean checksummed();

    /** Streams the file's trades in file order; returns the rows read. All or nothing for the caller. */
    long read(Path file, Consumer<Trade> out) throws IOException, MalformedTradeException;
}
