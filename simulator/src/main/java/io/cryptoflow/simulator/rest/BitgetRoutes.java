package io.cryptoflow.simulator.rest;

import io.cryptoflow.simulator.http.Route;
import io.cryptoflow.simulator.http.SimRequest;
import io.cryptoflow.simulator.http.SimResponse;
import io.cryptoflow.simulator.limits.RequestCountLimiter;
import io.cryptoflow.simulator.market.Kline;
import io.cryptoflow.simulator.market.MarketData;
import io.cryptoflow.simulator.market.SymbolSpec;
import io.cryptoflow.simulator.market.TradeTape;
import io.cryptoflow.simulator.market.Venue;
import java.util.List;
import java.util.function.Supplier;

/**
 * Bitget v2 USDT-M futures candles, both endpoints (sources: Bitget docs "Get Candle Data" and
 * "Get History Candle Data" under https://www.bitget.com/api-doc/contract/market/, and ccxt
 * ts/src/bitget.ts {@code fetchOHLCV}):
 * <ul>
 *   <li>{@code /api/v2/mix/market/candles}: limit default 100, max 1000; serves only the granularity's
 *       recent window ({@link BitgetGranularity#recentWindowDays()}): older bars are simply absent, an
 *       empty {@code data} does not mean the exchange has none.</li>
 *   <li>{@code /api/v2/mix/market/history-candles}: limit default 100, max 200 (ccxt:
 *       "historical-candles support only max 200"), all of history, paged backwards by endTime.</li>
 *   <li>Both: rows ascending, the newest {@code limit} with {@code startTime <= ts < endTime}
 *       ({@code endTime} is exclusive), endTime defaulting to now; a startTime..endTime span over 90 days
 *       is refused (ccxt: "for contract, maximum 90 days allowed between start-end times"). The exact
 *       error code for that refusal is not documented; the simulator answers 400 with code 40017.</li>
 * </ul>
 * Over the request budget (20/s per IP on market endpoints): HTTP 429 code "429".
 */
public final class BitgetRoutes implements Route {

    static final String CANDLES = "/api/v2/mix/market/candles";
    static final String HISTORY = "/api/v2/mix/market/history-candles";
    static final long MAX_SPAN_MS = 90L * 86_400_000L;
    private static final long DAY = 86_400_000L;

    private final MarketData data;
    private final RequestCountLimiter limiter;

    public BitgetRoutes(MarketData data, RequestCountLimiter limiter) {
        this.data = data;
        this.limiter = limiter;
    }

    @Override
    public boolean matches(String path) {
        return path.equals(CANDLES) || path.equals(HISTORY);
    }

    @Override
    public SimResponse handle(SimRequest request) {
        return admitted(data, limiter, "startTime, endTime and limit must be integers",
                () -> candles(request, request.path().equals(HISTORY)));
    }

    private SimResponse candles(SimRequest request, boolean history) {
        if (!request.has("symbol")) {
            return error(data, 400, "40019", "Parameter symbol cannot be empty");
        }
        if (!"USDT-FUTURES".equalsIgnoreCase(request.param("productType"))) {
            return error(data, 400, "40019", "Parameter productType cannot be empty or is not supported");
        }
        TradeTape tape = data.tape(Venue.BITGET_FUTURES, request.param("symbol")).orElse(null);
        if (tape == null) {
            return error(data, 400, "40034", "Parameter symbol does not exist");
        }
        BitgetGranularity g = BitgetGranularity.CODES.get(request.param("granularity"));
        if (g == null) {
            return error(data, 400, "40017", "Parameter verification failed: granularity");
        }
        int maxLimit = history ? 200 : 1000;
        int limit = (int) request.longParam("limit").orElse(100);
        if (limit < 1 || limit > maxLimit) {
            return error(data, 400, "40017", "Parameter verification failed: limit must be 1.." + maxLimit);
        }
        long now = data.now();
        long end = request.longParam("endTime").orElse(now + 1); // exclusive
        long start = request.longParam("startTime").orElse(Long.MIN_VALUE / 2);
        if (request.has("startTime") && end - start > MAX_SPAN_MS) {
            return error(data, 400, "40017", "Parameter verification failed: startTime and endTime interval cannot exceed 90 days");
        }
        if (!history && g.recentWindowDays() > 0) {
            start = Math.max(start, now - g.recentWindowDays() * DAY);
        }
        List<Kline> rows = data.klines(tape, g.intervalMs(), g.offsetMs(), start, end - 1, limit, true);
        return SimResponse.json(200, "{\"code\":\"00000\",\"msg\":\"success\",\"requestTime\":" + now
                + ",\"data\":[" + rowsJson(rows, tape.spec()) + "]}");
    }

    private static String rowsJson(List<Kline> rows, SymbolSpec spec) {
        StringBuilder list = new StringBuilder(rows.size() * 120);
        for (Kline k : rows) {
            StringKlineRow.append(list, k, spec);
        }
        return list.toString();
    }

    /**
     * Bitget's answer around an endpoint: over the request budget HTTP 429 code "429"; a number that
     * does not parse, 400 code "40017" with {@code numbersMessage}; otherwise what {@code endpoint} answers.
     */
    static SimResponse admitted(MarketData data, RequestCountLimiter limiter, String numbersMessage,
                                Supplier<SimResponse> endpoint) {
        if (!limiter.admit().admitted()) {
            return error(data, 429, "429", "Too Many Requests");
        }
        try {
            return endpoint.get();
        } catch (NumberFormatException e) {
            return error(data, 400, "40017", "Parameter verification failed: " + numbersMessage);
        }
    }

    static SimResponse error(MarketData data, int status, String code, String msg) {
        return SimResponse.json(status, "{\"code\":\"" + code + "\",\"msg\":\"" + msg + "\",\"requestTime\":"
                + data.now() + ",\"data\":null}");
    }
}
