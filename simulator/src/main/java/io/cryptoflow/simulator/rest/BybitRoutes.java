package io.cryptoflow.simulator.rest;

import io.cryptoflow.simulator.http.Route;
import io.cryptoflow.simulator.http.SimRequest;
import io.cryptoflow.simulator.http.SimResponse;
import io.cryptoflow.simulator.market.Kline;
import io.cryptoflow.simulator.market.MarketData;
import io.cryptoflow.simulator.market.SymbolSpec;
import io.cryptoflow.simulator.market.TradeTape;
import io.cryptoflow.simulator.market.Venue;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Bybit v5 {@code /v5/market/kline} (category linear or spot). The list is NEWEST FIRST and holds
 * the newest {@code limit} candles with start time in [start, end] (end defaults to now). Errors are
 * HTTP 200 with {@code retCode != 0}; over the request budget → retCode 10006.
 */
public final class BybitRoutes implements Route {

    static final Map<String, Long> INTERVALS = Map.ofEntries(
            Map.entry("1", 1L), Map.entry("3", 3L), Map.entry("5", 5L), Map.entry("15", 15L), Map.entry("30", 30L),
            Map.entry("60", 60L), Map.entry("120", 120L), Map.entry("240", 240L), Map.entry("360", 360L),
            Map.entry("720", 720L), Map.entry("D", 1440L));

    private final MarketData data;
    private final BybitGate gate;

    public BybitRoutes(MarketData data, BybitGate gate) {
        this.data = data;
        this.gate = gate;
    }

    @Override
    public boolean matches(String path) {
        return path.equals("/v5/market/kline");
    }

    @Override
    public SimResponse handle(SimRequest request) {
        return gate.serve(data, () -> {
            try {
                return kline(request);
            } catch (NumberFormatException e) {
                return error(10001, "params error: start, end and limit must be integers");
            }
        });
    }

    private SimResponse kline(SimRequest request) {
        String category = request.param("category");
        Venue venue;
        if ("linear".equals(category)) {
            venue = Venue.BYBIT_LINEAR;
        } else if ("spot".equals(category)) {
            venue = Venue.BYBIT_SPOT;
        } else {
            return error(10001, "Illegal category");
        }
        if (!request.has("symbol")) {
            return error(10001, "params error: symbol invalid");
        }
        TradeTape tape = data.tape(venue, request.param("symbol")).orElse(null);
        if (tape == null) {
            return error(10001, "params error: Symbol Is Invalid");
        }
        Long minutes = INTERVALS.get(request.param("interval"));
        if (minutes == null) {
            return error(10001, "Invalid period!");
        }
        int limit = (int) request.longParam("limit").orElse(200);
        if (limit < 1 || limit > 1000) {
            limit = Math.max(1, Math.min(limit, 1000));
        }
        OptionalLong start = request.longParam("start");
        OptionalLong end = request.longParam("end");
        long from = start.orElse(Long.MIN_VALUE / 2);
        long to = end.orElse(data.now());
        List<Kline> rows = data.klines(tape, minutes * 60_000L, from, to, limit, true);
        SymbolSpec spec = tape.spec();
        StringBuilder list = new StringBuilder(rows.size() * 120);
        for (int i = rows.size() - 1; i >= 0; i--) {
            StringKlineRow.append(list, rows.get(i), spec);
        }
        return SimResponse.json(200, "{\"retCode\":0,\"retMsg\":\"OK\",\"result\":{\"category\":\"" + category
                + "\",\"symbol\":\"" + spec.symbol() + "\",\"list\":[" + list + "]},\"retExtInfo\":{},\"time\":"
                + data.now() + "}");
    }

    private SimResponse error(int retCode, String msg) {
        return BybitGate.error(data.now(), retCode, msg);
    }
}
