package io.cryptoflow.simulator.ws;

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
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.websocket.server.ServerUpgradeRequest;
import org.eclipse.jetty.websocket.server.ServerWebSocketContainer;

/** Maps the exchanges' WebSocket paths to their stream sessions and logs every upgrade. */
public final class WebSocketRoutes {

    private final MarketData data;
    private final FaultPlan faults;
    private final LiveTradeHub hub;
    private final RequestLog requestLog;
    private final Clock wallClock;

    public WebSocketRoutes(MarketData data, FaultPlan faults, LiveTradeHub hub, RequestLog requestLog, Clock wallClock) {
        this.data = data;
        this.faults = faults;
        this.hub = hub;
        this.requestLog = requestLog;
        this.wallClock = wallClock;
    }

    public void configure(ServerWebSocketContainer container) {
        container.setIdleTimeout(Duration.ofMinutes(10));
        container.addMapping("/market/ws/*", (req, resp, cb) -> binanceRaw(req, Venue.BINANCE_FUTURES, "/market/ws/"));
        container.addMapping("/ws/*", (req, resp, cb) -> binanceRaw(req, Venue.BINANCE_SPOT, "/ws/"));
        container.addMapping("/market/stream", (req, resp, cb) -> binanceCombined(req, Venue.BINANCE_FUTURES));
        container.addMapping("/stream", (req, resp, cb) -> binanceCombined(req, Venue.BINANCE_SPOT));
        container.addMapping("/v5/public/linear", (req, resp, cb) ->
                new BybitStreamSession(data, logged(req), faults, hub, Venue.BYBIT_LINEAR));
        container.addMapping("/v5/public/spot", (req, resp, cb) ->
                new BybitStreamSession(data, logged(req), faults, hub, Venue.BYBIT_SPOT));
        container.addMapping("/v2/ws/public", (req, resp, cb) -> new BitgetStreamSession(data, logged(req), faults, hub));
    }

    private Object binanceRaw(ServerUpgradeRequest request, Venue venue, String prefix) {
        String path = logged(request);
        List<String> streams = Arrays.stream(path.substring(prefix.length()).split("/"))
                .filter(s -> !s.isEmpty()).toList();
        return new BinanceStreamSession(data, path, faults, hub, venue, false, streams);
    }

    private Object binanceCombined(ServerUpgradeRequest request, Venue venue) {
        String path = logged(request);
        String streams = Request.extractQueryParameters(request).getValue("streams");
        List<String> names = streams == null ? List.of()
                : Arrays.stream(streams.split("/")).filter(s -> !s.isEmpty()).toList();
        return new BinanceStreamSession(data, path, faults, hub, venue, true, names);
    }

    private String logged(ServerUpgradeRequest request) {
        String path = Request.getPathInContext(request);
        String query = request.getHttpURI().getQuery();
        Map<String, String> params = new LinkedHashMap<>();
        Fields fields = Request.extractQueryParameters(request);
        fields.forEach(f -> params.put(f.getName(), f.getValue()));
        requestLog.add(new LoggedRequest(wallClock.instant(), path, query == null ? "" : query, params, 101, null));
        return path;
    }
}
