package io.cryptoflow.collector.exchange;

import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * How one exchange pushes liquidations. Both exchanges that have a public stream carry it on the
 * trade stream's own connection (Binance USD-M: another stream of the combined URL; Bybit linear:
 * another topic of the same subscribe), so the trade stream speaks it too: one connection, one
 * reconnect and keep-alive, and the time that connection was up is the time liquidations are known.
 * Bitget has no public liquidation stream (its type has none: liquidations are unknown, null).
 */
public interface LiquidationProtocol {

    /** The trade stream's address with the liquidation streams added (Binance); unchanged where topics are subscribed. */
    URI streamUri(URI tradeStreamUri, List<String> symbols);

    /** Subscribe frames to send after the trade stream's own (Bybit); each within the exchange's topics-per-request limit. */
    List<String> subscriptions(List<String> symbols);

    /**
     * How long after a liquidation the exchange pushes it at the latest (its push interval: Binance
     * 1 s, Bybit 500 ms): the connected range is known only up to this much before now.
     */
    long pushIntervalMillis();

    /** The liquidations in one message, oldest first; empty when the message is not a liquidation push. */
    Optional<List<Liquidation>> parseMessage(String message) throws MalformedTradeException;
}
