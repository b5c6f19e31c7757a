package io.cryptoflow.api.core;

/**
 * What api.db tells, in one read snapshot, about a market that has no data of a {@link DataKind} to
 * answer ({@link CatalogReads#kindFacts}).
 *
 * @param configuredSince  ms the collector first named the market in its configuration (its active
 *                         {@code configured_markets} row); null when no collector configures it now
 * @param configuredOn     whether that row's recorded {@code kinds} name the kind (the collector's running
 *                         configuration collects it); null when not recorded: no active row, or one
 *                         written by a collector from before schema 7
 * @param hasCandles       whether any timeframe holds a candle of the market
 * @param marketHolds      whether the market has any data of the kind at all (trades in a live
 *                         partition, liquidation or depth coverage, open interest or funding rows)
 * @param exchangeCollects whether another market of the same exchange has data of the kind, for a kind
 *                         switched on per exchange section ({@link DataKind#perExchange}); false otherwise
 * @param beforeFirstRevision whether api.db is the copy of a collector.db at revision 0 ({@code cf_replica.source_rev}):
 *                         the collector has not committed even its configured markets yet
 */
public record KindFacts(Long configuredSince, Boolean configuredOn, boolean hasCandles, boolean marketHolds,
                        boolean exchangeCollects, boolean beforeFirstRevision) {
}
