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
 *       backwards through any gap. It answers the last {@code historyDepth} (www.bitget.com
 *       "Get History Transactions": "transaction records of the last 90 days", span "three months"; the
 *       bitget.ng mirror says 7 days): older trades are never served, and a {@code startTime} before the
 *       depth or a span wider than it is refused with 400 / {@code 43111 "param error time range illegal"}
 *       (Bitget's answer to a fills range beyond 90 days, ccxt issue #21502).</li>
 * </ul>
 * Rows: {@code {tradeId, price, size, side: "Buy"|"Sell", ts, symbol}}, all strings; tradeId equals the
 * WebSocket trade channel's, so a client can de-duplicate across the two. {@code ts} is in WHOLE SECONDS
 * (every example in Bitget's docs ends in {@code 000}, the spot page says "Transaction time(second
 * level)"), unlike the WebSocket trade channel's milliseconds; {@code restMillis} serves ms instead.
 */
public final class BitgetFillsRoutes implements Route {

    static final String RECENT = "/api/v2/mix/market/fills";
    static final String HISTORY = "/api/v2/mix/market/fills-history";
    static final String TIME_RANGE_ILLEGAL = "43111";

    private final MarketData data;
    private final RequestCountLimiter limiter;
    private final long historyDepthMs;
    private final boolean restMillis;

    /** {@code historyDepth}: how far back fills-history answers; {@code restMillis}: ts in ms, not whole seconds. */
    public BitgetFillsRoutes(MarketData data, RequestCountLimiter limiter, java.time.Duration historyDepth,
                             boolean restMillis) {
        this.data = data;
        this.limiter = limiter;
        this.historyDepthMs = historyDepth.toMillis();
        this.restMillis = restMillis;
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
        long oldest = data.now() - historyDepthMs;
        long start = history ? request.longParam("startTime").orElse(oldest) : oldest;
        long end = history ? request.longParam("endTime").orElse(data.now()) : data.now();
        if (history && (start < oldest || end - start > historyDepthMs)) {
            return BitgetRoutes.error(data, 400, TIME_RANGE_ILLEGAL, "param error time range illegal");
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
                    .append(t.takerBuy() ? "Buy" : "Sell").append("\",\"ts\":\"").append(restMillis ? t.time() : t.time() / 1000 * 1000)
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
