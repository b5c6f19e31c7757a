package io.cryptoflow.simulator.ws;

import io.cryptoflow.simulator.faults.BookFaults;
import io.cryptoflow.simulator.faults.FaultPlan;
import io.cryptoflow.simulator.log.LoggedRequest;
import io.cryptoflow.simulator.log.RequestLog;
import io.cryptoflow.simulator.market.MarketData;
import io.cryptoflow.simulator.market.Venue;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import io.cryptoflow.simulator.region.RegionRefusals;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.websocket.server.ServerUpgradeRequest;
import org.eclipse.jetty.websocket.server.ServerWebSocketContainer;
import org.eclipse.jetty.websocket.server.WebSocketCreator;

/**
 * Maps the exchanges' WebSocket paths to their stream sessions with each exchange's {@link StreamRules},
 * logs every upgrade, and refuses the upgrade (451 / 403) of an exchange that refuses this region.
 */
public final class WebSocketRoutes {

    private final MarketData data;
    private final FaultPlan faults;
    private final BookFaults bookFaults;
    private final LiveTradeHub hub;
    private final RequestLog requestLog;
    private final Clock wallClock;
    private final Map<Venue, StreamRules> rules;
    private final RegionRefusals refusals;

    public WebSocketRoutes(MarketData data, FaultPlan faults, BookFaults bookFaults, LiveTradeHub hub,
                           RequestLog requestLog, Clock wallClock,
                           Map<Venue, StreamRules> rules, RegionRefusals refusals) {
        this.data = data;
        this.faults = faults;
        this.bookFaults = bookFaults;
        this.hub = hub;
        this.requestLog = requestLog;
        this.wallClock = wallClock;
        this.rules = Map.copyOf(rules);
        this.refusals = refusals;
    }

    public void configure(ServerWebSocketContainer container) {
        container.setIdleTimeout(Duration.ofMinutes(10));
        container.addMapping("/market/ws/*", admitted((req, resp, cb) -> binanceRaw(req, Venue.BINANCE_FUTURES, "/market/ws/")));
        container.addMapping("/ws/*", admitted((req, resp, cb) -> binanceRaw(req, Venue.BINANCE_SPOT, "/ws/")));
        container.addMapping("/market/stream", admitted((req, resp, cb) -> binanceCombined(req, Venue.BINANCE_FUTURES)));
        container.addMapping("/stream", admitted((req, resp, cb) -> binanceCombined(req, Venue.BINANCE_SPOT)));
        container.addMapping("/v5/public/linear", admitted((req, resp, cb) ->
                new BybitStreamSession(data, logged(req, 101), faults, bookFaults, hub, Venue.BYBIT_LINEAR, rulesOf(Venue.BYBIT_LINEAR))));
        container.addMapping("/v5/public/spot", admitted((req, resp, cb) ->
                new BybitStreamSession(data, logged(req, 101), faults, bookFaults, hub, Venue.BYBIT_SPOT, rulesOf(Venue.BYBIT_SPOT))));
        container.addMapping("/v2/ws/public", admitted((req, resp, cb) ->
                new BitgetStreamSession(data, logged(req, 101), faults, bookFaults, hub, rulesOf(Venue.BITGET_FUTURES))));
    }

    /** The upgrade as {@code creator} answers it, unless the exchange refuses this region: then its status. */
    private WebSocketCreator admitted(WebSocketCreator creator) {
        return (req, resp, cb) -> {
            String path = Request.getPathInContext(req);
            var refusal = refusals.refusal(path);
            if (refusal.isEmpty()) {
                return creator.createWebSocket(req, resp, cb);
            }
            logged(req, refusal.get().status());
            resp.setStatus(refusal.get().status());
            resp.getHeaders().put(HttpHeader.CONTENT_TYPE, refusal.get().contentType());
            resp.write(true, ByteBuffer.wrap(refusal.get().body()), cb);
            return null;
        };
    }

    private StreamRules rulesOf(Venue venue) {
        return rules.getOrDefault(venue, StreamRules.NONE);
    }

    private Object binanceRaw(ServerUpgradeRequest request, Venue venue, String prefix) {
        String path = logged(request, 101);
        List<String> streams = Arrays.stream(path.substring(prefix.length()).split("/"))
                .filter(s -> !s.isEmpty()).toList();
        return new BinanceStreamSession(data, path, faults, bookFaults, hub, venue, false, streams, rulesOf(venue));
    }

    private Object binanceCombined(ServerUpgradeRequest request, Venue venue) {
        String path = logged(request, 101);
        String streams = Request.extractQueryParameters(request).getValue("streams");
        List<String> names = streams == null ? List.of()
                : Arrays.stream(streams.split("/")).filter(s -> !s.isEmpty()).toList();
        return new BinanceStreamSession(data, path, faults, bookFaults, hub, venue, true, names, rulesOf(venue));
    }

    private String logged(ServerUpgradeRequest request, int status) {
        String path = Request.getPathInContext(request);
        String query = request.getHttpURI().getQuery();
        Map<String, String> params = new LinkedHashMap<>();
        Fields fields = Request.extractQueryParameters(request);
        fields.forEach(f -> params.put(f.getName(), f.getValue()));
        requestLog.add(new LoggedRequest(wallClock.instant(), path, query == null ? "" : query, params, status, null));
        return path;
    }
}
