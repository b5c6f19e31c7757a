package io.cryptoflow.collector.sources.depth;

/**
 * One depth market's state on /progress, in the {@code depth} health details and in the metrics.
 *
 * @param market     stored symbol, e.g. {@code BINANCE:BTCUSDT}
 * @param known      the book is known right now
 * @param knownSince start of the current stored known-right range (ms), null while none is open
 * @param written    second rows stored since the start
 * @param missing    ticks not stored because the book was not known right (or not proven right)
 * @param resyncs    books thrown away on a gap, out-of-order message, stale snapshot, checksum or crossed book
 * @param lastFault  why the book was last thrown away (or RECONNECT), null when never
 */
public record DepthStatus(String market, boolean known, Long knownSince, long written, long missing, long resyncs,
                          String lastFault) {
}
