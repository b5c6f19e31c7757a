package io.cryptoflow.simulator.rest;

import io.cryptoflow.simulator.http.Route;
import io.cryptoflow.simulator.http.SimRequest;
import io.cryptoflow.simulator.http.SimResponse;
import io.cryptoflow.simulator.limits.RequestCountLimiter;
import io.cryptoflow.simulator.market.DerivativesSeries;
import io.cryptoflow.simulator.market.MarketData;
import io.cryptoflow.simulator.market.TradeTape;
import io.cryptoflow.simulator.market.Venue;
import java.util.List;

/**
 * Bitget v2 USDT-M open interest and funding history (sources: Bitget docs "Get Open Interest",
 * "Get Historical Funding Rates"; shapes as read by ccxt {@code ts/src/bitget.ts} and public clients):
 * <ul>
 * <li>{@code GET /api/v2/mix/market/open-interest?symbol&productType}: the CURRENT open interest only,
 * {@code data: {openInterestList: [{symbol, size}], ts}}: there is no history endpoint, so a collector
 * records it from the day it starts polling.</li>
 * <li>{@code GET /api/v2/mix/market/history-fund-rate?symbol&productType&pageSize&pageNo}: pageSize
 * default 20, max 100; pageNo from 1; NEWEST FIRST {@code [{symbol, fundingRate, fundingTime}]} (no mark
 * price); an empty page past the oldest event.</li>
 * </ul>
 * Shares Bitget's 20 requests / s budget with the candle and fill endpoints.
 */
public final class BitgetDerivativesRoutes implements Route {

    private final MarketData data;
    private final RequestCountLimiter limiter;

    public BitgetDerivativesRoutes(MarketData data, RequestCountLimiter limiter) {
        this.data = data;
        this.limiter = limiter;
    }

    @Override
    public boolean matches(String path) {
        return path.equals("/api/v2/mix/market/open-interest") || path.equals("/api/v2/mix/market/history-fund-rate");
    }

    @Override
    public SimResponse handle(SimRequest request) {
        return BitgetRoutes.admitted(data, limiter, "pageSize and pageNo must be integers", () -> {
            if (!request.has("symbol")) {
                return BitgetRoutes.error(data, 400, "40019", "Parameter symbol cannot be empty");
            }
            if (!"USDT-FUTURES".equalsIgnoreCase(request.param("productType"))) {
                return BitgetRoutes.error(data, 400, "40019", "Parameter productType cannot be empty or is not supported");
            }
            TradeTape tape = data.tape(Venue.BITGET_FUTURES, request.param("symbol")).orElse(null);
            if (tape == null) {
                return BitgetRoutes.error(data, 400, "40034", "Parameter symbol does not exist");
            }
            DerivativesSeries series = new DerivativesSeries(tape);
            return request.path().endsWith("/open-interest") ? openInterest(series) : fundingHistory(request, series);
        });
    }

    private SimResponse openInterest(DerivativesSeries series) {
        long now = data.now();
        DerivativesSeries.OpenInterest oi = series.openInterestAt(now);
        return SimResponse.json(200, "{\"code\":\"00000\",\"msg\":\"success\",\"requestTime\":" + now
                + ",\"data\":{\"openInterestList\":[{\"symbol\":\"" + series.tape().spec().symbol() + "\",\"size\":\""
                + oi.size().toPlainString() + "\"}],\"ts\":\"" + now + "\"}}");
    }

    private SimResponse fundingHistory(SimRequest request, DerivativesSeries series) {
        int pageSize = (int) request.longParam("pageSize").orElse(20);
        int pageNo = (int) request.longParam("pageNo").orElse(1);
        if (pageSize < 1 || pageSize > 100 || pageNo < 1) {
            return BitgetRoutes.error(data, 400, "40017", "Parameter verification failed: pageSize 1..100, pageNo >= 1");
        }
        long now = data.now();
        // Page n holds the n-th block of pageSize events counted back from the newest.
        long newestEvent = Math.floorDiv(now, DerivativesSeries.FUNDING_INTERVAL) * DerivativesSeries.FUNDING_INTERVAL;
        long to = newestEvent - (long) (pageNo - 1) * pageSize * DerivativesSeries.FUNDING_INTERVAL;
        List<DerivativesSeries.Funding> rows = series.funding(Long.MIN_VALUE / 2, to, now, pageSize, true);
        String symbol = series.tape().spec().symbol();
        StringBuilder json = new StringBuilder(rows.size() * 90);
        for (int i = rows.size() - 1; i >= 0; i--) {
            DerivativesSeries.Funding f = rows.get(i);
            if (json.length() > 0) {
                json.append(',');
            }
            json.append("{\"symbol\":\"").append(symbol).append("\",\"fundingRate\":\"")
                    .append(f.rate().toPlainString()).append("\",\"fundingTime\":\"").append(f.time()).append("\"}");
        }
        return SimResponse.json(200, "{\"code\":\"00000\",\"msg\":\"success\",\"requestTime\":" + now
                + ",\"data\":[" + json + "]}");
    }
}
