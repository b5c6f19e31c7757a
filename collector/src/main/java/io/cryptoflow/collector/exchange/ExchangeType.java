package io.cryptoflow.collector.exchange;

import io.cryptoflow.collector.store.WriteMode;
import io.dropwizard.util.Duration;
import java.util.Optional;

/**
 * One exchange market type, declared once in its exchange's package (binance, bybit, bitget) and
 * registered in {@code io.cryptoflow.collector.ExchangeRegistry}. It is the one documented mapping
 * between the two names an exchange market has: {@link #name()}, the key of its configuration
 * section ({@code exchanges.binance-futures}), also used in logs, health checks and admin tasks; and
 * {@link #exchange()}, the exchange part of its stored symbols ({@code BINANCE:BTCUSDT}), kept as
 * it was so existing databases stay valid. URLs are not here: collector/config.yml names them once,
 * with their environment variables ({@code ${BINANCE_FUTURES_REST_URL:-https://fapi.binance.com}}).
 */
public abstract class ExchangeType {

    private final String name;
    private final String exchange;
    private final WriteMode tradeWriteMode;
    private final boolean contiguousIds;
    private final Duration pingInterval;

    /**
     * @param tradeWriteMode which candle columns its trades own: Binance klines carry taker volume
     *                       and trade count, so its footprint only adds clusters (FOOTPRINT); Bybit
     *                       and Bitget klines do not, so trades also own buy/sell/delta/count
     * @param contiguousIds  trade ids increase by exactly one (Binance aggTrades), so a hole in them is a lost trade
     * @param pingInterval   the trade stream's client keep-alive unless its section sets one
     */
    protected ExchangeType(String name, String exchange, WriteMode tradeWriteMode, boolean contiguousIds,
                           Duration pingInterval) {
        this.name = name;
        this.exchange = exchange;
        this.tradeWriteMode = tradeWriteMode;
        this.contiguousIds = contiguousIds;
        this.pingInterval = pingInterval;
    }

    /** The configuration key, e.g. {@code binance-futures}. */
    public final String name() {
        return name;
    }

    /** The exchange part of the stored symbol, e.g. {@code BINANCE} in {@code BINANCE:BTCUSDT}. */
    public final String exchange() {
        return exchange;
    }

    public final WriteMode writeMode() {
        return tradeWriteMode;
    }

    public final boolean contiguousIds() {
        return contiguousIds;
    }

    public final Duration pingInterval() {
        return pingInterval;
    }

    /** Its kline API at {@code restUrl}. */
    public abstract Market market(String restUrl);

    /** How its trades are spoken; empty when this project does not collect its trades. */
    public abstract Optional<TradeProtocol> trades();

    /** Its daily trade archive; empty when it publishes none this project reads. */
    public abstract Optional<TradeArchive> archive();

    @Override
    public final String toString() {
        return name;
    }
}
