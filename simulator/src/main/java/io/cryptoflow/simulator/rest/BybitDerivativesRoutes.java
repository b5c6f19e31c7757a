package io.cryptoflow.simulator.rest;

import io.cryptoflow.simulator.http.Route;
import io.cryptoflow.simulator.http.SimRequest;
import io.cryptoflow.simulator.http.SimResponse;
import io.cryptoflow.simulator.market.DerivativesSeries;
import io.cryptoflow.simulator.market.MarketData;
import io.cryptoflow.simulator.market.TradeTape;
import io.cryptoflow.simulator.market.Venue;
import java.util.List;
import java.util.Map;

/**
 * Bybit v5 open interest and funding history, category {@code linear} only (spot has neither; sources:
 * Bybit v5 docs "Get Open Interest" https://bybit-exchange.github.io/docs/v5/market/open-interest and
 * "Get Funding Rate History" https://bybit-exchange.github.io/docs/v5/market/history-fund-rate):
 * <ul>
 * <li>{@code GET /v5/market/open-interest?category&symbol&intervalTime&startTime&endTime&limit&cursor}:
 * intervalTime 5min, 15min, 30min, 1h, 4h, 1d; limit 1..200 (default 50); list NEWEST FIRST
 * {@code {openInterest, timestamp}} (size only, no value); {@code nextPageCursor} pages to older rows
 * (opaque to clients; empty on the last page).</li>
 * <li>{@code GET /v5/market/funding/history?category&symbol&startTime&endTime&limit}: limit 1..200
 * (default 200), NEWEST FIRST {@code {symbol, fundingRate, fundingRateTimestamp}} (no mark price);
 * only startTime is an error, only endTime → the newest up to it: clients page backwards by endTime.</li>
 * </ul>
 * Both share Bybit's IP gate ({@link BybitGate}).
 */
public final class BybitDerivativesRoutes implements Route {

    private static final Map<String, Long> INTERVALS = Map.of("5min", 5L, "15min", 15L, "30min", 30L,
            "1h", 60L, "4h", 240L, "1d", 1440L);

    private final MarketData data;
    private final BybitGate gate;

    public BybitDerivativesRoutes(MarketData data, BybitGate gate) {
        this.data = data;
        this.gate = gate;
    }

    @Override
    public boolean matches(String path) {
        return path.equals("/v5/market/open-interest") || path.equals("/v5/market/funding/history");
    }

    @Override
    public SimResponse handle(SimRequest request) {
        return gate.serve(data, () -> {
            if (!"linear".equals(request.param("category"))) {
                return BybitGate.error(data.now(), 10001, "Illegal category");
            }
            TradeTape tape = data.tape(Venue.BYBIT_LINEAR, request.param("symbol")).orElse(null);
            if (tape == null) {
                return BybitGate.error(data.now(), 10001, "params error: Symbol Is Invalid");
            }
            try {
                DerivativesSeries series = new DerivativesSeries(tape);
                return request.path().endsWith("/open-interest") ? openInterest(request, series)
                        : fundingHistory(request, series);
            } catch (NumberFormatException e) {
                return BybitGate.error(data.now(), 10001, "params error: a number does not parse");
            }
        });
    }

    private SimResponse openInterest(SimRequest request, DerivativesSeries series) {
        Long minutes = INTERVALS.get(request.param("intervalTime"));
        if (minutes == null) {
            return BybitGate.error(data.now(), 10001, "params error: intervalTime invalid");
        }
        int limit = (int) Math.max(1, Math.min(200, request.longParam("limit").orElse(50)));
        long now = data.now();
        long from = request.longParam("startTime").orElse(Long.MIN_VALUE / 2);
        long to = request.longParam("endTime").orElse(now);
        if (request.has("cursor")) {
            to = Math.min(to, Long.parseLong(request.param("cursor")) - 1);
        }
        List<DerivativesSeries.OpenInterest> rows = series.openInterest(minutes * 60_000L, from, to, now, limit + 1, true);
        boolean more = rows.size() > limit;
        List<DerivativesSeries.OpenInterest> page = more ? rows.subList(1, rows.size()) : rows;
        StringBuilder list = new StringBuilder(page.size() * 60);
        for (int i = page.size() - 1; i >= 0; i--) {
            DerivativesSeries.OpenInterest oi = page.get(i);
            if (list.length() > 0) {
                list.append(',');
            }
            list.append("{\"openInterest\":\"").append(oi.size().toPlainString()).append("\",\"timestamp\":\"")
                    .append(oi.time()).append("\"}");
        }
        String cursor = more ? Long.toString(page.get(0).time()) : "";
        return SimResponse.json(200, "{\"retCode\":0,\"retMsg\":\"OK\",\"result\":{\"symbol\":\""
                + series.tape().spec().symbol() + "\",\"category\":\"linear\",\"list\":[" + list
                + "],\"nextPageCursor\":\"" + cursor + "\"},\"retExtInfo\":{},\"time\":" + now + "}");
    }

    private SimResponse fundingHistory(SimRequest request, DerivativesSeries series) {
        if (request.has("startTime") && !request.has("endTime")) {
            return BybitGate.error(data.now(), 10001, "params error: endTime is required when startTime is set");
        }
        int limit = (int) Math.max(1, Math.min(200, request.longParam("limit").orElse(200)));
        long now = data.now();
        long from = request.longParam("startTime").orElse(Long.MIN_VALUE / 2);
        long to = request.longParam("endTime").orElse(now);
        List<DerivativesSeries.Funding> rows = series.funding(from, to, now, limit, true);
        String symbol = series.tape().spec().symbol();
        StringBuilder list = new StringBuilder(rows.size() * 90);
        for (int i = rows.size() - 1; i >= 0; i--) {
            DerivativesSeries.Funding f = rows.get(i);
            if (list.length() > 0) {
                list.append(',');
            }
            list.append("{\"symbol\":\"").append(symbol).append("\",\"fundingRate\":\"")
                    .append(f.rate().toPlainString()).append("\",\"fundingRateTimestamp\":\"").append(f.time())
                    .append("\"}");
        }
        return SimResponse.json(200, "{\"retCode\":0,\"retMsg\":\"OK\",\"result\":{\"category\":\"linear\",\"list\":["
                + list + "]},\"retExtInfo\":{},\"time\":" + now + "}");
    }
}
