package io.cryptoflow.collector.core;

/** Timing knobs shared by every market worker. */
public record WorkerSettings(long syncIntervalMillis, int syncCandles, long retryDelayMillis,
                             long maxRetryDelayMillis, long gapCheckIntervalMillis) {
}
