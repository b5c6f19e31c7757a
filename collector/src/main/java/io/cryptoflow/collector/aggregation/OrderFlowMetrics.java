package io.cryptoflow.collector.aggregation;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;

/** The order-flow metric names, registered once and shared by streams, aggregators and importers. */
public final class OrderFlowMetrics {

    public static final String PREFIX = "cryptoflow.collector.";

    public final Meter tradesReceived;
    public final Counter tradesLate;
    public final Counter tradesDuplicate;
    public final Counter gaps;
    public final Counter gapTradesLost;
    public final Meter tradesRecovered;
    public final Counter messagesRejected;
    public final Counter restErrors;
    public final Counter klineMismatch;
    public final Counter reconnects;
    public final Timer flush;
    public final Counter flushFailures;
    public final Counter archiveFiles;
    public final Counter archiveRejected;
    /** Archive days tried again (not published yet, or with trades neither the file nor REST held). */
    public final Counter archiveRetries;
    /** Archive days that left the footprint window without their file: reported as missing. */
    public final Counter archiveDaysMissing;
    /** Archive holes (ids missing in a file, a cut file, a missing day) filled over REST by id. */
    public final Counter archiveHolesFilled;
    public final Meter archiveTrades;

    public OrderFlowMetrics(MetricRegistry registry) {
        tradesReceived = registry.meter(PREFIX + "trades.received");
        tradesLate = registry.counter(PREFIX + "trades.late");
        tradesDuplicate = registry.counter(PREFIX + "trades.duplicate");
        gaps = registry.counter(PREFIX + "trades.gaps");
        gapTradesLost = registry.counter(PREFIX + "trades.gap-trades-lost");
        tradesRecovered = registry.meter(PREFIX + "trades.recovered");
        messagesRejected = registry.counter(PREFIX + "trades.rejected");
        restErrors = registry.counter(PREFIX + "trades.rest-errors");
        klineMismatch = registry.counter(PREFIX + "klines.mismatch");
        reconnects = registry.counter(PREFIX + "ws.reconnects");
        flush = registry.timer(PREFIX + "footprint.flush");
        flushFailures = registry.counter(PREFIX + "footprint.flush-failures");
        archiveFiles = registry.counter(PREFIX + "archive.files");
        archiveRejected = registry.counter(PREFIX + "archive.rejected");
        archiveRetries = registry.counter(PREFIX + "archive.retries");
        archiveDaysMissing = registry.counter(PREFIX + "archive.days-missing");
        archiveHolesFilled = registry.counter(PREFIX + "archive.holes-filled");
        archiveTrades = registry.meter(PREFIX + "archive.trades");
    }
}
