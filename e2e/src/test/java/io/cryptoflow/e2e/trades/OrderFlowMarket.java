package io.cryptoflow.e2e.trades;

import io.cryptoflow.collector.exchange.ExchangeType;
import io.cryptoflow.collector.exchange.JsonTrades;
import io.cryptoflow.collector.exchange.Market;
import io.cryptoflow.collector.exchange.binance.BinanceExchanges;
import io.cryptoflow.collector.exchange.binance.BinanceFuturesMarket;
import io.cryptoflow.collector.exchange.binance.BinanceSpotMarket;
import io.cryptoflow.collector.exchange.bitget.BitgetExchanges;
import io.cryptoflow.collector.exchange.bybit.BybitExchanges;
import io.cryptoflow.common.MarketSymbol;
import io.cryptoflow.simulator.market.SimTrade;
import io.cryptoflow.simulator.market.TradeTape;
import io.cryptoflow.simulator.market.Venue;
import java.util.function.Function;

/**
 * The markets with order flow, as the collector configures each against the simulator: its section
 * type, the simulator's tape, the stored exchange name, the WebSocket path, and the id the collector
 * stores for a tape trade (null where it depends on the source that carried the trade).
 */
enum OrderFlowMarket {
    BINANCE_USDM(BinanceExchanges.FUTURES, Venue.BINANCE_FUTURES, "/market", "/market/", BinanceFuturesMarket::new),
    BINANCE_SPOT(BinanceExchanges.SPOT, Venue.BINANCE_SPOT, "", "/stream", BinanceSpotMarket::new),
    BYBIT_LINEAR(BybitExchanges.LINEAR, Venue.BYBIT_LINEAR, "/v5/public/linear", "/v5/public/linear", null),
    BYBIT_SPOT(BybitExchanges.SPOT, Venue.BYBIT_SPOT, "/v5/public/spot", "/v5/public/spot", null),
    BITGET_USDTM(BitgetExchanges.FUTURES, Venue.BITGET_FUTURES, "/v2/ws/public", "/v2/ws/public", null);

    final ExchangeType type;
    final Venue venue;
    /** Appended to the simulator's WebSocket base for the section's {@code wsUrl}. */
    final String wsPath;
    /** The prefix of this market's WebSocket paths alone, to cut its connection. */
    final String cutPath;
    /** The kline market whose klines own the candles' taker fields (Binance), null where trades own them. */
    final Function<String, Market> takerKlines;

    OrderFlowMarket(ExchangeType type, Venue venue, String wsPath, String cutPath, Function<String, Market> takerKlines) {
        this.type = type;
        this.venue = venue;
        this.wsPath = wsPath;
        this.cutPath = cutPath;
        this.takerKlines = takerKlines;
    }

    MarketSymbol symbol(String symbol) {
        return MarketSymbol.of(type.exchange(), symbol);
    }

    /** The {@code exchange} parameter of the API for this market. */
    String apiExchange() {
        return type.exchange().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * The id the collector stores for {@code t}: Binance's aggregate id and Bitget's tradeId are the
     * tape's id; Bybit linear sends the same UUID live, over REST and in its archive, stored as
     * {@link JsonTrades#idOf}'s hash. Bybit spot: null — its archive numbers rows ({@code id} column)
     * while its stream and REST send another id, so the id depends on the source.
     */
    /** Bitget's fills REST gives whole-second times: a trade recovered over it is stored at its second. */
    boolean restTimesInSeconds() {
        return this == BITGET_USDTM;
    }

    boolean idsCompared() {
        return this != BYBIT_SPOT;
    }

    Long collectorId(TradeTape tape, SimTrade t) {
        return switch (this) {
            case BYBIT_LINEAR -> JsonTrades.idOf(tape.tradeUuid(t.aggId()));
            case BYBIT_SPOT -> null;
            default -> t.aggId();
        };
    }
}
