package io.cryptoflow.simulator.rest;

import io.cryptoflow.simulator.http.Route;
import io.cryptoflow.simulator.http.SimRequest;
import io.cryptoflow.simulator.http.SimResponse;
import io.cryptoflow.simulator.limits.RequestCountLimiter;
import io.cryptoflow.simulator.market.Kline;
import io.cryptoflow.simulator.market.KlineAggregate;
import io.cryptoflow.simulator.market.MarketData;
import io.cryptoflow.simulator.market.SymbolSpec;
import io.cryptoflow.simulator.market.TradeTape;
import io.cryptoflow.simulator.market.Venue;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Bitget v2 USDT-M futures {@code /api/v2/mix/market/candles}: ascending rows of seven strings,
 * the newest {@code limit} (default 100, max 1000) with ts in [startTime, endTime], endTime
 * defaulting to now. Errors: HTTP 400 with a Bitget code; over budget: HTTP 429 code "429".
 */
public final class BitgetRoutes implements Route {

    static final Map<String, Long> GRANULARITIES = Map.ofEntries(
            Map.entry("1m", 1L), Map.entry("3m", 3L), Map.entry("5m", 5L), Map.entry("15m", 15L),
            Map.entry("30m", 30L), Map.entry("1H", 60L), Map.entry("4H", 240L), Map.entry("6H", 360L),
            Map.entry("12H", 720L), Map.entry("1D", 1440L));

    private final MarketData data;
    private final RequestCountLimiter limiter;

    public BitgetRoutes(MarketData data, RequestCountLimiter limiter) {
        this.data = data;
        this.limiter = limiter;
    }

    @Override
    public boolean matches(String path) {
        return path.equals("/api/v2/mix/market/candles");
    }

    @Override
    public SimResponse handle(SimRequest request) {
        if (!limiter.admit().admitted()) {
            return error(429, "429", "Too Many Requests");
        }
        try {
            return candles(request);
        } catch (NumberFormatException e) {
            return error(400, "40017", "Parameter verification failed: startTime, endTime and limit must be integers");
        }
    }

    private SimResponse candles(SimRequest request) {
        if (!request.has("symbol")) {
            return error(400, "40019", "Parameter symbol cannot be empty");
        }
        if (!"USDT-FUTURES".equalsIgnoreCase(request.param("productType"))) {
            return error(400, "40019", "Parameter productType cannot be empty or is not supported");
        }
        TradeTape tape = data.tape(Venue.BITGET_FUTURES, request.param("symbol")).orElse(null);
        if (tape == null) {
            return error(400, "40034", "Parameter symbol does not exist");
        }
        Long minutes = GRANULARITIES.get(request.param("granularity"));
        if (minutes == null) {
            return error(400, "40017", "Parameter verification failed: granularity");
        }
        int limit = (int) request.longParam("limit").orElse(100);
        if (limit < 1 || limit > 1000) {
            return error(400, "40017", "Parameter verification failed: limit must be 1..1000");
        }
        OptionalLong start = request.longParam("startTime");
        OptionalLong end = request.longParam("endTime");
        List<Kline> rows = data.klines(tape, minutes * 60_000L, start.orElse(Long.MIN_VALUE / 2),
                end.orElse(data.now()), limit, true);
        SymbolSpec spec = tape.spec();
        StringBuilder list = new StringBuilder(rows.size() * 120);
        for (Kline k : rows) {
            KlineAggregate a = k.agg();
            if (list.length() > 0) {
                list.append(',');
            }
            list.append("[\"").append(k.openTime()).append("\",\"")
                    .append(spec.price(a.open()).toPlainString()).append("\",\"")
                    .append(spec.price(a.high()).toPlainString()).append("\",\"")
                    .append(spec.price(a.low()).toPlainString()).append("\",\"")
                    .append(spec.price(a.close()).toPlainString()).append("\",\"")
                    .append(spec.qty(a.volume()).toPlainString()).append("\",\"")
                    .append(spec.quote(a.quoteVolume()).toPlainString()).append("\"]");
        }
        return SimResponse.json(200, "{\"code\":\"00000\",\"msg\":\"success\",\"requestTime\":" + data.now()
                + ",\"data\":[" + list + "]}");
    }

    private SimResponse error(int status, String code, String msg) {
        return SimResponse.json(status, "{\"code\":\"" + code + "\",\"msg\":\"" + msg + "\",\"requestTime\":"
                + data.now() + ",\"data\":null}");
    }
}
