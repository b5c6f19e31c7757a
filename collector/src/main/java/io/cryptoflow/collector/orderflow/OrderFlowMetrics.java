package io.cryptoflow.collector.orderflow;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;

/** The order-flow metric names, registered once and shared by streams, aggregators and importers. */
public final class OrderFlowMetrics {

    public static final String PREFIX = "cryptoflow.collector.";

    final Meter tradesReceived;
    final Counter tradesLate;
    final Counter tradesDuplicate;
    final Counter gaps;
    final Counter gapTradesLost;
    final Meter tradesRecovered;
    final Counter messagesRejected;
    final Counter restErrors;
    final Counter klineMismatch;
    final Counter reconnects;
    final Timer flush;
    final Counter flushFailures;
    final Counter archiveFiles;
    final Counter archiveRejected;
    final Meter archiveTrades;

    public OrderFlowMetrics(MetricRegistry registry) {
        tradesReceived = registry.meter(PREFIX + "trades.received");
        tradesLate = registry.counter(PREFIX + "trades.late");
        tradesDuplicate = registry.counter(PREFIX + "trades.duplicate");
        gaps = registry.counter(PREFIX + "trades.gaps");
        gapTradesLost = registry.counter(PREFIX + "trades.gapTradesLost");
        tradesRecovered = registry.meter(PREFIX + "trades.recovered");
        messagesRejected = registry.counter(PREFIX + "trades.rejected");
        restErrors = registry.counter(PREFIX + "trades.restErrors");
        klineMismatch = registry.counter(PREFIX + "klines.mismatch");
        reconnects = registry.counter(PREFIX + "ws.reconnects");
        flush = registry.timer(PREFIX + "footprint.flush");
        flushFailures = registry.counter(PREFIX + "footprint.flushFailures");
        archiveFiles = registry.counter(PREFIX + "archive.files");
        archiveRejected = registry.counter(PREFIX + "archive.rejected");
        archiveTrades = registry.meter(PREFIX + "archive.trades");
    }
}
