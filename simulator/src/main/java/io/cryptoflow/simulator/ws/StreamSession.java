package io.cryptoflow.simulator.ws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cryptoflow.simulator.faults.BookFaults;
import io.cryptoflow.simulator.faults.Fault;
import io.cryptoflow.simulator.faults.FaultPlan;
import io.cryptoflow.simulator.market.LiquidationPush;
import io.cryptoflow.simulator.market.MarketData;
import io.cryptoflow.simulator.market.OrderBookModel;
import io.cryptoflow.simulator.market.SimLiquidation;
import io.cryptoflow.simulator.market.SimTrade;
import io.cryptoflow.simulator.market.TradeTape;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebSocket connection of a simulated exchange: parses the exchange's control messages,
 * remembers its subscriptions and formats trades in that exchange's protocol. The
 * {@link LiveTradeHub} feeds it the tape's trades as the market clock passes them.
 */
public abstract class StreamSession implements Session.Listener.AutoDemanding {

    private static final Logger LOG = LoggerFactory.getLogger(StreamSession.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Between a mid-message fragment and the cut of the connection. */
    static final long CUT_AFTER_FRAGMENT_MS = 250;

    protected final MarketData data;
    protected final String path;
    private final FaultPlan faults;
    private final LiveTradeHub hub;
    protected final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();
    protected final List<LiquidationSubscription> liquidationSubscriptions = new CopyOnWriteArrayList<>();
    protected final List<BookSubscription> bookSubscriptions = new CopyOnWriteArrayList<>();
    protected final BookFaults bookFaults;
    private volatile Session session;
    /** Cut, silenced, or a mid-message fault sent its fragment: nothing else may follow on this connection. */
    private volatile boolean cutting;
    /** Wall-clock open time, set by the hub. */
    volatile long openedAtMs;
    protected final StreamRules rules;
    private final IncomingMessageLimit incoming;
    private volatile KeepAlive keepAlive;

    StreamSession(MarketData data, String path, FaultPlan faults, BookFaults bookFaults, LiveTradeHub hub,
                  StreamRules rules) {
        this.data = data;
        this.path = path;
        this.faults = faults;
        this.bookFaults = bookFaults;
        this.hub = hub;
        this.rules = rules;
        this.incoming = new IncomingMessageLimit(rules.maxMessagesPerSecond());
    }

    /** Answers a client text message (subscribe, ping, ...). */
    protected abstract void onControl(String text);

    /** Messages carrying {@code trades} (oldest first) of one subscription. */
    protected abstract List<String> tradeMessages(Subscription subscription, List<SimTrade> trades);

    /** The message of one liquidation push (a window's events, oldest first); only exchanges that have the stream. */
    protected String liquidationMessage(LiquidationSubscription subscription, List<SimLiquidation> push) {
        throw new UnsupportedOperationException("no liquidation stream on " + path);
    }

    @Override
    public void onWebSocketOpen(Session session) {
        this.session = session;
        hub.register(this);
        keepAlive = new KeepAlive(rules.pingInterval(), rules.pongTimeout(), openedAtMs);
        onOpen();
    }

    /** Subscriptions given in the URL are set up here. */
    protected void onOpen() {
    }

    @Override
    public void onWebSocketText(String message) {
        if (!tooMany()) {
            onControl(message);
        }
    }

    /**
     * A client's ping frame is answered with a pong of its payload (RFC 6455 5.5.2; Binance: "client can
     * send ping message to Websocket server, the server will return pong"), and counts as an incoming
     * message (Binance: "A message is considered: a PING frame, a PONG frame, a JSON control message").
     * Jetty sends no pong by itself once the endpoint takes pings.
     */
    @Override
    public void onWebSocketPing(java.nio.ByteBuffer payload) {
        if (!tooMany()) {
            sendPong(payload);
        }
    }

    private synchronized void sendPong(java.nio.ByteBuffer payload) {
        Session s = session;
        if (s != null && s.isOpen() && !cutting) {
            s.sendPong(payload, Callback.NOOP);
        }
    }

    /** Counts one incoming message; past the exchange's limit the connection is closed and true is returned. */
    private boolean tooMany() {
        if (!incoming.exceededBy(hub.now())) {
            return false;
        }
        LOG.info("exchange simulator: closing {}: more than {} incoming messages in a second", path,
                rules.maxMessagesPerSecond());
        hub.unregister(this);
        Session s = session;
        if (s != null) {
            s.close(1008, "Too many requests", Callback.NOOP);
        }
        return true;
    }

    @Override
    public void onWebSocketPong(java.nio.ByteBuffer payload) {
        KeepAlive k = keepAlive;
        if (k != null) {
            k.ponged(hub.now());
        }
    }

    /** Called by the hub on every tick: the server's ping when one is due, the cut when a pong is overdue. */
    void keepAlive(long nowMs) {
        KeepAlive k = keepAlive;
        Session s = session;
        if (k == null || s == null) {
            return;
        }
        switch (k.tick(nowMs)) {
            case PING -> sendPing(s);
            case CUT -> {
                LOG.info("exchange simulator: cutting {}: no pong within {}", path, rules.pongTimeout());
                disconnect();
            }
            default -> {
            }
        }
    }

    private synchronized void sendPing(Session s) {
        if (s.isOpen() && !cutting) {
            s.sendPing(java.nio.ByteBuffer.allocate(0), Callback.NOOP);
        }
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason, org.eclipse.jetty.websocket.api.Callback callback) {
        hub.unregister(this);
        callback.succeed();
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        hub.unregister(this);
    }

    protected Subscription subscribe(TradeTape tape, String name, String arg) {
        return subscribe(tape, name, arg, s -> { });
    }

    /**
     * Subscribes, sending {@code first} (Bitget's snapshot of recent trades) before the hub may push
     * the subscription's first update, as the exchange orders them; an existing subscription is returned as it is.
     */
    protected Subscription subscribe(TradeTape tape, String name, String arg, java.util.function.Consumer<Subscription> first) {
        for (Subscription s : subscriptions) {
            if (s.name.equals(name)) {
                return s;
            }
        }
        Subscription s = new Subscription(tape, name, arg, tape.lastAggIdAtOrBefore(data.now()));
        first.accept(s);
        subscriptions.add(s);
        return s;
    }

    protected void subscribeLiquidations(TradeTape tape, String name, LiquidationPush push) {
        if (liquidationSubscriptions.stream().noneMatch(s -> s.name.equals(name))) {
            liquidationSubscriptions.add(new LiquidationSubscription(tape, name, push, data.now()));
        }
    }

    /**
     * A new order-book subscription {@code name} fed by {@code feed}, not yet started (null when the
     * session already has it): {@link #startBook} sends its first message and starts its pushes.
     */
    protected BookSubscription newBook(TradeTape tape, String name, Function<OrderBookModel, BookFeed> feed) {
        if (bookSubscriptions.stream().anyMatch(s -> s.name.equals(name))) {
            return null;
        }
        OrderBookModel model = data.books(tape);
        return new BookSubscription(name, model, feed.apply(model), bookFaults, data.now());
    }

    /** Sends the subscription's first message (a snapshot, if the exchange sends one), then registers it for pushes. */
    protected void startBook(BookSubscription subscription) {
        if (subscription == null) {
            return;
        }
        String first = subscription.start(data.now());
        if (first != null) {
            sendControl(first);
        }
        bookSubscriptions.add(subscription);
    }

    protected boolean unsubscribe(String name) {
        return subscriptions.removeIf(s -> s.name.equals(name)) | liquidationSubscriptions.removeIf(s -> s.name.equals(name))
                | bookSubscriptions.removeIf(s -> s.name.equals(name));
    }

    /** Called by the hub on every tick: sends what the clock has passed since the last delivery. */
    void deliver(int maxTradesPerSubscription) {
        for (Subscription s : subscriptions) {
            List<SimTrade> trades = s.takeDue(data.now(), maxTradesPerSubscription);
            if (trades.isEmpty()) {
                continue;
            }
            for (String message : tradeMessages(s, trades)) {
                if (!sendData(message, true)) {
                    return;
                }
            }
        }
        for (LiquidationSubscription s : liquidationSubscriptions) {
            for (List<SimLiquidation> push : s.takeDue(data.now())) {
                if (!sendData(liquidationMessage(s, push), false)) {
                    return;
                }
            }
        }
        for (BookSubscription s : bookSubscriptions) {
            for (String message : s.takeDue(data.now())) {
                if (!sendData(message, false)) {
                    return;
                }
            }
        }
    }

    /**
     * Sends a data message unless a WebSocket fault says otherwise; false when the connection was cut.
     * Only trade messages take a fault: a cut queued by a test must lose trades, or the catch-up it
     * waits for may never be needed (a cut on a liquidation push with no trade during the reconnect).
     */
    private synchronized boolean sendData(String message, boolean carriesTrades) {
        Session s = session;
        if (s == null || !s.isOpen() || cutting) {
            return false;
        }
        Optional<Fault> fault = carriesTrades ? faults.takeWebSocket(path) : Optional.empty();
        if (fault.isPresent()) {
            LOG.info("exchange simulator: injected WebSocket fault [{}] on {}", fault.get(), path);
            hub.unregister(this);
            if (fault.get().kind() == Fault.Kind.WS_DROP_MID_MESSAGE) {
                cutting = true;
                // Half the message as a non-final frame; the TCP connection is cut (no close frame) a
                // moment after the fragment left, not in the same burst: a FIN that a JDK 17 HttpClient
                // reads before its listener has taken the fragment hits a JDK bug (the EOF finds no
                // outstanding demand, acknowledgeReception throws InternalError on the selector thread)
                // and the client never learns that the connection is gone.
                s.sendPartialText(message.substring(0, Math.max(1, message.length() / 2)), false,
                        Callback.from(() -> cutAfter(s, CUT_AFTER_FRAGMENT_MS), x -> s.disconnect()));
                // The fragment's callback can wait behind queued frames; cut the connection regardless.
                cutAfter(s, CUT_AFTER_FRAGMENT_MS + 1000);
            } else {
                s.disconnect();
            }
            return false;
        }
        s.sendText(message, Callback.NOOP);
        return true;
    }

    private static void cutAfter(Session s, long millis) {
        CompletableFuture.delayedExecutor(millis, TimeUnit.MILLISECONDS).execute(s::disconnect);
    }

    /**
     * A control message as JSON, or null once the exchange's answer to one that is not JSON (worded
     * by {@code notJson}) has been sent.
     */
    protected JsonNode readControl(String text, Function<Exception, String> notJson) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            sendControl(notJson.apply(e));
            return null;
        }
    }

    protected synchronized void sendControl(String message) {
        Session s = session;
        if (s != null && s.isOpen() && !cutting) {
            s.sendText(message, Callback.NOOP);
        }
    }

    /** Cuts the connection without a close frame; whatever the client still sends gets no answer. */
    void disconnect() {
        hub.unregister(this);
        cutting = true;
        Session s = session;
        if (s != null) {
            s.disconnect();
        }
    }

    /**
     * Keeps the connection open but sends nothing more on it, not even a pong: what a client sees when
     * the network path dies without a FIN or RST reaching it (a NAT or firewall dropping the flow).
     */
    void silence() {
        hub.unregister(this);
        cutting = true;
    }

    String path() {
        return path;
    }
}
