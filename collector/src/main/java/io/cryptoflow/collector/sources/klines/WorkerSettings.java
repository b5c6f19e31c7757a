package io.cryptoflow.collector.sources.klines;

/** Timing knobs shared by every market worker. */
public record WorkerSettings(long syncIntervalMillis, int syncCandles, long retryDelayMillis,
                             long maxRetryDelayMillis, long gapCheckIntervalMillis) {
}
