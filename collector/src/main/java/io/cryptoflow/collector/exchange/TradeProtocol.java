package io.cryptoflow.collector.exchange;

import java.net.URI;
import java.util.List;
import java.util.Optional;

/** How one exchange speaks trades: WebSocket address, subscriptions, keep-alive, message and REST shapes. */
public interface TradeProtocol {

    /** The exchange market type this protocol speaks for. */
    ExchangeType venue();

    URI streamUri(String wsBase, List<String> symbols);

    /**
     * Text frames to send right after the connection opens, each within the exchange's own limit of
     * topics per request (Bybit spot: 10 args); the stream paces them ({@link #SUBSCRIBE_SPACING_MILLIS}).
     */
    List<String> subscriptions(List<String> symbols);

    /**
     * Pause between two subscribe frames: at most 5 messages per second, below every documented
     * incoming-message limit (Binance USD-M 10/s, spot 5/s; Bitget 10/s with its pings counted).
     */
    long SUBSCRIBE_SPACING_MILLIS = 200;

    /**
     * Symbols one connection may carry (Binance: 1024 streams; Bitget: 1000 channels); more are
     * spread over several connections.
     */
    default int maxStreamsPerConnection() {
        return 1000;
    }

    /** The exchange's liquidation stream, carried on this trade connection; empty where there is none (spot, Bitget). */
    default Optional<LiquidationProtocol> liquidations() {
        return Optional.empty();
    }

    /** The client keep-alive text, if the exchange expects one (Binance pings us instead). */
    Optional<String> ping();

    /** Trades in one text message, oldest first; empty for acks and pongs. All or nothing. */
    List<SymbolTrade> parseMessage(String message) throws MalformedTradeException;

    /**
     * The REST page of trades after a position: Binance by {@code fromId = afterId + 1}; the others
     * return their most recent trades, filtered by time by the caller.
     */
    URI restTradesUri(String restBase, String symbol, long afterId, long afterTime, int limit);

    /** A REST page of trades, ascending by id/time. All or nothing. */
    List<Trade> parseRest(byte[] body) throws MalformedTradeException;

    int restLimit();

    /** What one REST trade request weighs against the exchange's budget ({@code RateGate}); 1 = one request. */
    default int restWeight() {
        return 1;
    }

    /**
     * How long an HTTP 403 bans this client from the exchange (Bybit: the IP limit, "wait at least
     * 10 minutes"); 0 when a 403 is an ordinary failure.
     */
    default long forbiddenBanMillis() {
        return 0;
    }

    /** A rate-limit answer inside an HTTP 200 (Bybit retCode 10006): how long to wait, or -1 when none. */
    default long bodyRateLimitMillis(byte[] body, java.net.http.HttpHeaders headers, long nowMs) {
        return -1;
    }

    /** Whether {@link #restTradesBeforeUri} pages backwards through history (Bitget fills-history). */
    default boolean pagesBackwards() {
        return false;
    }

    /**
     * The REST page of trades older than {@code beforeId} and not before {@code fromTime} ({@code
     * fromTime < 0}: no time range, as far back as the exchange serves), for
     * exchanges whose trade history pages backwards (Bitget fills-history, {@code idLessThan});
     * null when the exchange only serves its most recent trades (Bybit).
     */
    default URI restTradesBeforeUri(String restBase, String symbol, long fromTime, long toTime, long beforeId,
                                    int limit) {
        return null;
    }

    /** REST weight budget per minute reported in {@code X-MBX-USED-WEIGHT-1M} (Binance); 0 = not reported. */
    default int weightBudgetPerMinute() {
        return 0;
    }
}
