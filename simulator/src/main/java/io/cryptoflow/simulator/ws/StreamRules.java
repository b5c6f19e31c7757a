package io.cryptoflow.simulator.ws;

import java.time.Duration;

/**
 * What one exchange's stream host enforces on a connection (0 or null: nothing):
 * <ul>
 *   <li>{@code maxArgsPerSubscribe}: Bybit v5 "Connect": "Spot can input up to 10 args for each
 *       subscription request"; more → {@code {"success":false,"ret_msg":"args size >10",...,"op":"subscribe"}}
 *       (the reply quoted in yufuquant/rust-bybit#24 and nautilus_trader#1793).</li>
 *   <li>{@code maxMessagesPerSecond}: client messages (subscribe, ping, ...) in any second; more → the
 *       connection is closed (1008 "Too many requests"). Binance USD-M "WebSocket connections have a limit
 *       of 10 incoming messages per second. A connection that goes beyond the limit will be disconnected";
 *       Binance spot 5; Bitget "accepts up to 10 messages per second ... the connection will be
 *       disconnected". Bybit documents no such limit.</li>
 *   <li>{@code pingInterval}/{@code pongTimeout}: the server's ping frames and how long it waits for a pong
 *       before it disconnects: Binance USD-M every 3 minutes / 10 minutes, spot every 20 s / 1 minute.</li>
 * </ul>
 */
public record StreamRules(int maxArgsPerSubscribe, int maxMessagesPerSecond, Duration pingInterval,
                          Duration pongTimeout) {

    public static final StreamRules NONE = new StreamRules(0, 0, null, null);

    public static StreamRules binanceFutures(Duration ping, Duration pongTimeout) {
        return new StreamRules(0, 10, ping, pongTimeout);
    }

    public static StreamRules binanceSpot(Duration ping, Duration pongTimeout) {
        return new StreamRules(0, 5, ping, pongTimeout);
    }

    public static StreamRules bybitSpot(int maxArgs) {
        return new StreamRules(maxArgs, 0, null, null);
    }

    public static StreamRules bitget() {
        return new StreamRules(0, 10, null, null);
    }

    /** The same rules without the per-connection limits (args and message rate): keep-alive stays. */
    public StreamRules withoutLimits() {
        return new StreamRules(0, 0, pingInterval, pongTimeout);
    }
}
