package io.cryptoflow.simulator.rest;

import io.cryptoflow.simulator.http.Route;
import io.cryptoflow.simulator.http.SimRequest;
import io.cryptoflow.simulator.http.SimResponse;
import io.cryptoflow.simulator.market.MarketData;
import io.cryptoflow.simulator.market.SimTrade;
import io.cryptoflow.simulator.market.SymbolSpec;
import io.cryptoflow.simulator.market.TradeTape;
import io.cryptoflow.simulator.market.Venue;
import java.util.List;

/**
 * Bybit v5 {@code GET /v5/market/recent-trade} (source: Bybit v5 docs "Get Public Recent Trading
 * History", https://bybit-exchange.github.io/docs/v5/market/recent-trade): category linear (limit
 * 1..1000, default 500) or spot (limit 1..60, default 60); the newest trades only, NEWEST FIRST, no
 * cursor and no time filter, so a gap longer than one page cannot be recovered here. Rows
 * {@code {execId, symbol, price, size, side: Buy|Sell, time, isBlockTrade}}, strings; execId is the
 * WebSocket {@code i}. Shares the IP gate with the kline endpoint ({@link BybitGate}).
 */
public final class BybitTradeRoutes implements Route {

    private final MarketData data;
    private final BybitGate gate;

    public BybitTradeRoutes(MarketData data, BybitGate gate) {
        this.data = data;
        this.gate = gate;
    }

    @Override
    public boolean matches(String path) {
        return path.equals("/v5/market/recent-trade");
    }

    @Override
    public SimResponse handle(SimRequest request) {
        return gate.serve(data, () -> trades(request));
    }

    private SimResponse trades(SimRequest request) {
        String category = request.param("category");
        boolean spot = "spot".equals(category);
        if (!spot && !"linear".equals(category)) {
            return BybitGate.error(data.now(), 10001, "Illegal category");
        }
        TradeTape tape = data.tape(spot ? Venue.BYBIT_SPOT : Venue.BYBIT_LINEAR, request.param("symbol")).orElse(null);
        if (tape == null) {
            return BybitGate.error(data.now(), 10001, "params error: Symbol Is Invalid");
        }
        int max = spot ? 60 : 1000;
        int limit;
        try {
            limit = (int) request.longParam("limit").orElse(spot ? 60 : 500);
        } catch (NumberFormatException e) {
            return BybitGate.error(data.now(), 10001, "params error: limit must be an integer");
        }
        limit = Math.max(1, Math.min(limit, max));
        List<SimTrade> oldestFirst = data.newestTradesUpTo(tape, Long.MIN_VALUE / 2, data.now(), limit);
        SymbolSpec spec = tape.spec();
        StringBuilder list = new StringBuilder(oldestFirst.size() * 160);
        for (int i = oldestFirst.size() - 1; i >= 0; i--) {
            SimTrade t = oldestFirst.get(i);
            if (list.length() > 0) {
                list.append(',');
            }
            list.append("{\"execId\":\"").append(tape.tradeUuid(t.aggId())).append("\",\"symbol\":\"")
                    .append(spec.symbol()).append("\",\"price\":\"").append(spec.price(t.priceUnits()).toPlainString())
                    .append("\",\"size\":\"").append(spec.qty(t.qtyUnits()).toPlainString()).append("\",\"side\":\"")
                    .append(t.takerBuy() ? "Buy" : "Sell").append("\",\"time\":\"").append(t.time())
                    .append("\",\"isBlockTrade\":false}");
        }
        return SimResponse.json(200, "{\"retCode\":0,\"retMsg\":\"OK\",\"result\":{\"category\":\"" + category
                + "\",\"list\":[" + list + "]},\"retExtInfo\":{},\"time\":" + data.now() + "}");
    }
}
