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
import java.util.Map;

/**
 * Binance USD-M open interest and funding (sources: Binance USD-M docs "Open Interest Statistics",
 * "Get Funding Rate History", "Mark Price"):
 * <ul>
 * <li>{@code GET /futures/data/openInterestHist?symbol&period&limit&startTime&endTime}: period
 * 5m..1d, limit default 30, max 500; only the latest 30 days exist (older samples are simply absent:
 * the daily {@code metrics} archive has them); rows oldest first
 * {@code {symbol, sumOpenInterest, sumOpenInterestValue, timestamp}}; IP limit 1000 requests / 5 min.</li>
 * <li>{@code GET /fapi/v1/fundingRate?symbol&startTime&endTime&limit}: limit default 100, max 1000;
 * neither time → the newest; rows oldest first from startTime {@code {symbol, fundingRate, fundingTime,
 * markPrice}}; 500 requests / 5 min / IP shared with {@code fundingInfo}.</li>
 * <li>{@code GET /fapi/v1/premiumIndex?symbol}: mark price, the rate in force
 * ({@code lastFundingRate}) and {@code nextFundingTime}.</li>
 * </ul>
 * Spot has none of these (the spot API has no such paths).
 */
public final class BinanceDerivativesRoutes implements Route {

    static final long DAY = 86_400_000L;
    static final long HISTORY_WINDOW = 30 * DAY;
    private static final Map<String, Long> PERIODS = Map.of("5m", 5L, "15m", 15L, "30m", 30L, "1h", 60L,
            "2h", 120L, "4h", 240L, "6h", 360L, "12h", 720L, "1d", 1440L);

    private final MarketData data;
    private final RequestCountLimiter statistics;
    private final RequestCountLimiter funding;

    /** {@code statistics}: 1000 / 5 min for /futures/data; {@code funding}: 500 / 5 min for fundingRate. */
    public BinanceDerivativesRoutes(MarketData data, RequestCountLimiter statistics, RequestCountLimiter funding) {
        this.data = data;
        this.statistics = statistics;
        this.funding = funding;
    }

    @Override
    public boolean matches(String path) {
        return path.equals("/futures/data/openInterestHist") || path.equals("/fapi/v1/fundingRate")
                || path.equals("/fapi/v1/premiumIndex");
    }

    @Override
    public SimResponse handle(SimRequest request) {
        boolean history = request.path().equals("/futures/data/openInterestHist");
        boolean rates = request.path().equals("/fapi/v1/fundingRate");
        RequestCountLimiter limiter = history ? statistics : rates ? funding : null;
        if (limiter != null && !limiter.admit().admitted()) {
            return BinanceRoutes.error(429, -1003, "Too many requests; current request limit exceeded.")
                    .header("Retry-After", "60");
        }
        if (!request.has("symbol")) {
            return BinanceRoutes.error(400, -1102,
                    "Mandatory parameter 'symbol' was not sent, was empty/null, or malformed.");
        }
        TradeTape tape = data.tape(Venue.BINANCE_FUTURES, request.param("symbol")).orElse(null);
        if (tape == null) {
            return BinanceRoutes.error(400, -1121, "Invalid symbol.");
        }
        DerivativesSeries series = new DerivativesSeries(tape);
        try {
            if (history) {
                return openInterestHist(request, series);
            }
            return rates ? fundingRate(request, series) : premiumIndex(series);
        } catch (NumberFormatException e) {
            return BinanceRoutes.error(400, -1100, "Illegal characters found in a parameter.");
        }
    }

    private SimResponse openInterestHist(SimRequest request, DerivativesSeries series) {
        Long minutes = PERIODS.get(request.param("period"));
        if (minutes == null) {
            return BinanceRoutes.error(400, -1120, "Invalid period.");
        }
        int limit = (int) request.longParam("limit").orElse(30);
        if (limit < 1 || limit > 500) {
            return BinanceRoutes.error(400, -1130, "Data sent for parameter 'limit' is not valid.");
        }
        long now = data.now();
        long from = Math.max(request.longParam("startTime").orElse(Long.MIN_VALUE / 2), now - HISTORY_WINDOW);
        long to = request.longParam("endTime").orElse(now);
        boolean newest = !request.has("startTime");
        List<DerivativesSeries.OpenInterest> rows = series.openInterest(minutes * 60_000L, from, to, now, limit, newest);
        String symbol = series.tape().spec().symbol();
        StringBuilder json = new StringBuilder(rows.size() * 130 + 2).append('[');
        for (DerivativesSeries.OpenInterest oi : rows) {
            if (json.length() > 1) {
                json.append(',');
            }
            json.append("{\"symbol\":\"").append(symbol).append("\",\"sumOpenInterest\":\"")
                    .append(oi.size().toPlainString()).append("\",\"sumOpenInterestValue\":\"")
                    .append(oi.value().toPlainString()).append("\",\"timestamp\":").append(oi.time()).append('}');
        }
        return SimResponse.json(200, json.append(']').toString());
    }

    private SimResponse fundingRate(SimRequest request, DerivativesSeries series) {
        int limit = (int) request.longParam("limit").orElse(100);
        if (limit < 1 || limit > 1000) {
            return BinanceRoutes.error(400, -1130, "Data sent for parameter 'limit' is not valid.");
        }
        long now = data.now();
        boolean newest = !request.has("startTime");
        long from = request.longParam("startTime").orElse(Long.MIN_VALUE / 2);
        long to = request.longParam("endTime").orElse(now);
        List<DerivativesSeries.Funding> rows = series.funding(from, to, now, limit, newest);
        String symbol = series.tape().spec().symbol();
        StringBuilder json = new StringBuilder(rows.size() * 110 + 2).append('[');
        for (DerivativesSeries.Funding f : rows) {
            if (json.length() > 1) {
                json.append(',');
            }
            json.append("{\"symbol\":\"").append(symbol).append("\",\"fundingRate\":\"")
                    .append(f.rate().toPlainString()).append("\",\"fundingTime\":").append(f.time())
                    .append(",\"markPrice\":\"").append(f.markPrice().toPlainString()).append("\"}");
        }
        return SimResponse.json(200, json.append(']').toString());
    }

    private SimResponse premiumIndex(DerivativesSeries series) {
        long now = data.now();
        long next = DerivativesSeries.nextFundingTime(now);
        DerivativesSeries.Funding upcoming = series.fundingAt(next);
        TradeTape tape = series.tape();
        String mark = tape.spec().price(Math.round(tape.midAt(now) * Math.pow(10, tape.spec().priceScale())))
                .toPlainString();
        return SimResponse.json(200, "{\"symbol\":\"" + tape.spec().symbol() + "\",\"markPrice\":\"" + mark
                + "\",\"indexPrice\":\"" + mark + "\",\"estimatedSettlePrice\":\"" + mark
                + "\",\"lastFundingRate\":\"" + upcoming.rate().toPlainString()
                + "\",\"interestRate\":\"0.00010000\",\"nextFundingTime\":" + next + ",\"time\":" + now + "}");
    }
}
