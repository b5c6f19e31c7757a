package io.cryptoflow.simulator.rest;

import io.cryptoflow.simulator.http.Route;
import io.cryptoflow.simulator.http.SimRequest;
import io.cryptoflow.simulator.http.SimResponse;
import io.cryptoflow.simulator.limits.RequestCountLimiter;
import io.cryptoflow.simulator.market.MarketData;
import io.cryptoflow.simulator.market.SimTrade;
import io.cryptoflow.simulator.market.SymbolSpec;
import io.cryptoflow.simulator.market.TradeTape;
import io.cryptoflow.simulator.market.Venue;
import java.util.ArrayList;
import java.util.List;

/**
 * Bitget v2 USDT-M futures public trades (sources: Bitget docs "Get Recent Transactions" and
 * "Get Fills History" under https://www.bitget.com/api-doc/contract/market/; ccxt ts/src/bitget.ts
 * {@code fetchTrades}, which pages fills-history with {@code idLessThan}):
 * <ul>
 *   <li>{@code /api/v2/mix/market/fills}: the newest trades only, limit default 100, max 100.</li>
 *   <li>{@code /api/v2/mix/market/fills-history}: limit default 500, max 1000; NEWEST FIRST; filters
 *       {@code startTime <= ts <= endTime} and {@code tradeId < idLessThan}, so a client pages
 *       backwards through any gap. The docs bound a startTime..endTime span at 7 days: refused here.</li>
 * </ul>
 * Rows: {@code {tradeId, price, size, side: "Buy"|"Sell", ts, symbol}}, all strings; tradeId equals the
 * WebSocket trade channel's, so a client can de-duplicate across the two.
 */
public final class BitgetFillsRoutes implements Route {

    static final String RECENT = "/api/v2/mix/market/fills";
    static final String HISTORY = "/api/v2/mix/market/fills-history";
    static final long MAX_SPAN_MS = 7L * 86_400_000L;

    private final MarketData data;
    private final RequestCountLimiter limiter;

    public BitgetFillsRoutes(MarketData data, RequestCountLimiter limiter) {
        this.data = data;
        this.limiter = limiter;
    }

    @Override
    public boolean matches(String path) {
        return path.equals(RECENT) || path.equals(HISTORY);
    }

    @Override
    public SimResponse handle(SimRequest request) {
        return BitgetRoutes.admitted(data, limiter, "numbers expected",
                () -> fills(request, request.path().equals(HISTORY)));
    }

    private SimResponse fills(SimRequest request, boolean history) {
        if (!"USDT-FUTURES".equalsIgnoreCase(request.param("productType"))) {
            return BitgetRoutes.error(data, 400, "40019", "Parameter productType cannot be empty or is not supported");
        }
        TradeTape tape = data.tape(Venue.BITGET_FUTURES, request.param("symbol")).orElse(null);
        if (tape == null) {
            return BitgetRoutes.error(data, 400, "40034", "Parameter symbol does not exist");
        }
        int max = history ? 1000 : 100;
        int limit = (int) request.longParam("limit").orElse(history ? 500 : 100);
        if (limit < 1 || limit > max) {
            return BitgetRoutes.error(data, 400, "40017", "Parameter verification failed: limit must be 1.." + max);
        }
        long start = history ? request.longParam("startTime").orElse(Long.MIN_VALUE / 2) : Long.MIN_VALUE / 2;
        long end = history ? request.longParam("endTime").orElse(data.now()) : data.now();
        if (history && request.has("startTime") && request.has("endTime") && end - start > MAX_SPAN_MS) {
            return BitgetRoutes.error(data, 400, "40017", "Parameter verification failed: startTime and endTime interval cannot exceed 7 days");
        }
        long idLessThan = history ? request.longParam("idLessThan").orElse(Long.MAX_VALUE) : Long.MAX_VALUE;
        List<SimTrade> newestFirst = newest(tape, start, end, idLessThan, limit);
        SymbolSpec spec = tape.spec();
        StringBuilder list = new StringBuilder(newestFirst.size() * 110);
        for (SimTrade t : newestFirst) {
            if (list.length() > 0) {
                list.append(',');
            }
            list.append("{\"tradeId\":\"").append(t.aggId()).append("\",\"price\":\"")
                    .append(spec.price(t.priceUnits()).toPlainString()).append("\",\"size\":\"")
                    .append(spec.qty(t.qtyUnits()).toPlainString()).append("\",\"side\":\"")
                    .append(t.takerBuy() ? "Buy" : "Sell").append("\",\"ts\":\"").append(t.time())
                    .append("\",\"symbol\":\"").append(spec.symbol()).append("\"}");
        }
        return SimResponse.json(200, "{\"code\":\"00000\",\"msg\":\"success\",\"requestTime\":" + data.now()
                + ",\"data\":[" + list + "]}");
    }

    /** The newest {@code limit} trades with start <= ts <= end and id < idLessThan, newest first. */
    private List<SimTrade> newest(TradeTape tape, long start, long end, long idLessThan, int limit) {
        long upTo = end;
        int slack = 0;
        if (idLessThan != Long.MAX_VALUE) {
            long minute = tape.minuteOfAggId(idLessThan);
            upTo = Math.min(end, (minute + 1) * 60_000L - 1);
            slack = tape.tradesOfMinute(minute).size();
        }
        List<SimTrade> oldestFirst = data.newestTradesUpTo(tape, start, upTo, limit + slack);
        List<SimTrade> out = new ArrayList<>(limit);
        for (int i = oldestFirst.size() - 1; i >= 0 && out.size() < limit; i--) {
            if (oldestFirst.get(i).aggId() < idLessThan) {
                out.add(oldestFirst.get(i));
            }
        }
        return out;
    }
}
