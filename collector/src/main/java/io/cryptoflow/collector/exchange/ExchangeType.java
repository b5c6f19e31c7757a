package io.cryptoflow.collector.exchange;

import io.cryptoflow.collector.store.WriteMode;
import io.dropwizard.util.Duration;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One exchange market type, declared once in its exchange's package (e.g.
 * {@code binance/BinanceExchanges.FUTURES}) and registered in {@code io.cryptoflow.collector.ExchangeRegistry}.
 * It is the one documented mapping between the two names an exchange market has: {@code name}, the
 * key of its configuration section ({@code exchanges.binance-futures}), also used in logs, health
 * checks and admin tasks; and {@code exchange}, the exchange part of its stored symbols
 * ({@code BINANCE:BTCUSDT}), kept as it was so existing databases stay valid. URLs are not here:
 * collector/config.yml names each once, with its environment variable
 * ({@code ${BINANCE_FUTURES_REST_URL:-https://fapi.binance.com}}).
 *
 * @param name          the configuration key, e.g. {@code binance-futures}
 * @param exchange      the exchange part of the stored symbol, e.g. {@code BINANCE}
 * @param writeMode     which candle columns its trades own: Binance klines carry taker volume and
 *                      trade count, so its footprint only adds clusters (FOOTPRINT); Bybit and
 *                      Bitget klines do not, so trades also own buy/sell/delta/count
 * @param contiguousIds trade ids increase by exactly one (Binance aggTrades), so a hole in them is a lost trade
 * @param pingInterval  the trade stream's client keep-alive unless its section sets one
 * @param klines        its kline API at a REST base URL
 * @param tradeProtocol how its trades are spoken; null when this project does not collect its trades
 * @param tradeArchive  its daily trade archive; null when it publishes none this project reads
 * @param derivatives   its open interest and funding API at a REST base URL; null for spot markets,
 *                      which have neither
 */
public record ExchangeType(String name, String exchange, WriteMode writeMode, boolean contiguousIds,
                           Duration pingInterval, Function<String, Market> klines,
                           Supplier<TradeProtocol> tradeProtocol, Supplier<TradeArchive> tradeArchive,
                           Function<String, DerivativesApi> derivatives) {

    /** A market type without open interest and funding (spot). */
    public ExchangeType(String name, String exchange, WriteMode writeMode, boolean contiguousIds,
                        Duration pingInterval, Function<String, Market> klines,
                        Supplier<TradeProtocol> tradeProtocol, Supplier<TradeArchive> tradeArchive) {
        this(name, exchange, writeMode, contiguousIds, pingInterval, klines, tradeProtocol, tradeArchive, null);
    }

    /** Its open interest and funding API at {@code restUrl}; empty for spot. */
    public Optional<DerivativesApi> derivatives(String restUrl) {
        return Optional.ofNullable(derivatives).map(f -> f.apply(restUrl));
    }

    public Market market(String restUrl) {
        return klines.apply(restUrl);
    }

    public Optional<TradeProtocol> trades() {
        return Optional.ofNullable(tradeProtocol).map(Supplier::get);
    }

    public Optional<TradeArchive> archive() {
        return Optional.ofNullable(tradeArchive).map(Supplier::get);
    }

    @Override
    public String toString() {
        return name;
    }
}
