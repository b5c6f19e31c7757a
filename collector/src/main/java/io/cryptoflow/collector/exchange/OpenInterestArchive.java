package io.cryptoflow.collector.exchange;

import io.cryptoflow.common.OpenInterestSample;
import java.net.URI;
import java.time.LocalDate;
import java.util.List;

/** An exchange's daily files of open interest (Binance's {@code metrics}): where a day is and how to read it. */
public interface OpenInterestArchive {

    URI dayUri(String archiveBase, String symbol, LocalDate day);

    /** The day's samples, ascending; any malformed row rejects the file. */
    List<OpenInterestSample> parse(byte[] file) throws MalformedResponseException;
}
