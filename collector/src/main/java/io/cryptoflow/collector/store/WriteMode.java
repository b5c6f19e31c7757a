package io.cryptoflow.collector.store;

/**
 * Which columns a batch owns. Klines and trades describe the same candle from two sources;
 * each source only overwrites the columns it knows, so a kline sync never erases footprint
 * clusters and trade-derived buy/sell volume is never replaced by a kline's missing taker data.
 */
public enum WriteMode {
    /** Klines with taker buy volume and trade count (Binance): OHLCV, buy/sell/delta, trade_count, closed. */
    KLINE,
    /** Klines without taker data (Bybit, Bitget): OHLCV and closed only; new rows start with zero taker fields. */
    KLINE_NO_TAKER,
    /** Trade-derived footprint: clusters only (OHLCV come from klines). */
    FOOTPRINT,
    /** Trade-derived footprint for markets whose klines lack taker data: clusters, buy/sell/delta, trade_count. */
    FOOTPRINT_WITH_TAKER
}
