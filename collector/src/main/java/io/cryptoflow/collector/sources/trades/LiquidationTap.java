package io.cryptoflow.collector.sources.trades;

import io.cryptoflow.collector.aggregation.LiquidationRecorder;
import io.cryptoflow.collector.aggregation.OrderFlowMetrics;
import io.cryptoflow.collector.exchange.LiquidationProtocol;
import io.cryptoflow.collector.exchange.MalformedTradeException;
import io.cryptoflow.collector.exchange.TradeProtocol;
import io.cryptoflow.common.MarketSymbol;
import java.net.URI;
import java.util.List;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The liquidation stream riding on one trade connection ({@link LiquidationProtocol}): adds its
 * streams or topics to the connection, picks its pushes out of the messages, and tells the
 * {@link LiquidationRecorder} when the connection's markets are covered (from the moment the last
 * subscribe frame is sent plus one push interval, until the last frame heard before the connection
 * was lost).
 */
final class LiquidationTap {

    private static final Logger LOG = LoggerFactory.getLogger(LiquidationTap.class);

    private final LiquidationProtocol protocol;
    private final LiquidationRecorder recorder;
    private final String exchange;
    private final List<MarketSymbol> markets;
    private final OrderFlowMetrics metrics;
    private final LongSupplier clock;
    private final LongSupplier heardAt;

    /**
     * @param clock   wall-clock now
     * @param heardAt wall-clock time of the last frame of any kind that arrived on the connection
     */
    LiquidationTap(LiquidationProtocol protocol, LiquidationRecorder recorder, String exchange, List<MarketSymbol> markets,
                   OrderFlowMetrics metrics, LongSupplier clock, LongSupplier heardAt) {
        this.protocol = protocol;
        this.recorder = recorder;
        this.exchange = exchange;
        this.markets = List.copyOf(markets);
        this.metrics = metrics;
        this.clock = clock;
        this.heardAt = heardAt;
    }

    URI streamUri(URI tradeUri, List<String> symbols) {
        return protocol.streamUri(tradeUri, symbols);
    }

    List<String> subscriptions(List<String> symbols) {
        return protocol.subscriptions(symbols);
    }

    /** The connection is open and {@code frames} subscribe frames (trades' and ours) go out paced from now. */
    void opened(int frames) {
        long from = clock.getAsLong() + (long) frames * TradeProtocol.SUBSCRIBE_SPACING_MILLIS + protocol.pushIntervalMillis();
        markets.forEach(m -> recorder.connected(m, from, protocol.pushIntervalMillis(), heardAt));
    }

    /** The connection is gone: covered until it was last heard from, which may be a silence timeout before now. */
    void dropped() {
        long at = heardAt.getAsLong();
        markets.forEach(m -> recorder.disconnected(m, at));
    }

    /** True when {@code text} was a liquidation push (recorded, or rejected as malformed). */
    boolean consumed(String text) {
        try {
            return protocol.parseMessage(text).map(l -> {
                recorder.record(exchange, l);
                return true;
            }).orElse(false);
        } catch (MalformedTradeException e) {
            metrics.messagesRejected.inc();
            LOG.warn("{}: rejected a liquidation message that does not parse: {}", exchange, e.getMessage());
            return true;
        }
    }
}
