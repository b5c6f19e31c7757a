package io.cryptoflow.simulator.rest;

import io.cryptoflow.simulator.http.Route;
import io.cryptoflow.simulator.http.SimRequest;
import io.cryptoflow.simulator.http.SimResponse;
import io.cryptoflow.simulator.limits.WeightLimiter;
import io.cryptoflow.simulator.market.Kline;
import io.cryptoflow.simulator.market.KlineAggregate;
import io.cryptoflow.simulator.market.MarketData;
import io.cryptoflow.simulator.market.SimTrade;
import io.cryptoflow.simulator.market.SymbolSpec;
import io.cryptoflow.simulator.market.TradeTape;
import io.cryptoflow.simulator.market.Venue;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Binance {@code klines} and {@code aggTrades} for one market (USD-M futures under /fapi/v1, spot
 * under /api/v3), with Binance's paging rules, error shapes and request-weight accounting.
 */
public final class BinanceRoutes implements Route {

    static final Map<String, Long> INTERVALS = Map.ofEntries(
            Map.entry("1m", 1L), Map.entry("3m", 3L), Map.entry("5m", 5L), Map.entry("15m", 15L),
            Map.entry("30m", 30L), Map.entry("1h", 60L), Map.entry("2h", 120L), Map.entry("4h", 240L),
            Map.entry("6h", 360L), Map.entry("8h", 480L), Map.entry("12h", 720L), Map.entry("1d", 1440L));
    private static final long HOUR = 3_600_000L;

    private final BinanceMarket market;
    private final MarketData data;
    private final WeightLimiter limiter;

    public BinanceRoutes(BinanceMarket market, MarketData data, WeightLimiter limiter) {
        this.market = market;
        this.data = data;
        this.limiter = limiter;
    }

    @Override
    public boolean matches(String path) {
        return path.equals(market.pathPrefix() + "klines") || path.equals(market.pathPrefix() + "aggTrades");
    }

    @Override
    public SimResponse handle(SimRequest request) {
        boolean klines = request.path().endsWith("/klines");
        int weight = klines ? market.klineWeight(limitForWeight(request)) : market.aggTradesWeight();
        return weighed(limiter, weight, () -> withTape(request, data, market.venue(), tape -> klines ? klines(request, tape) : aggTrades(request, tape)));
    }

    /**
     * Books {@code weight} on {@code limiter} and answers {@code answer} (Binance's 429 or 418 when over
     * the limit, 400/-1100 for a malformed number), with the {@code X-MBX-USED-WEIGHT-1M} header.
     */
    static SimResponse weighed(WeightLimiter limiter, int weight, Supplier<SimResponse> answer) {
        WeightLimiter.Decision decision = limiter.admit(weight);
        SimResponse response;
        if (decision.status() == 429) {
            response = error(429, -1003, "Too many requests; current limit of IP(127.0.0.1) is " + limiter.limit()
                    + " requests per minute. Please use the websocket for live updates to avoid polling the API.")
                    .header("Retry-After", Long.toString(decision.retryAfterSeconds()));
        } else if (decision.status() == 418) {
            response = error(418, -1003, "Way too many requests; IP(127.0.0.1) banned until "
                    + decision.bannedUntilMs() + ". Please use the websocket for live updates to avoid bans.")
                    .header("Retry-After", Long.toString(decision.retryAfterSeconds()));
        } else {
            try {
                response = answer.get();
            } catch (NumberFormatException e) {
                response = error(400, -1100, "Illegal characters found in a parameter.");
            }
        }
        return response.header("X-MBX-USED-WEIGHT-1M", Long.toString(decision.usedWeight()));
    }

    private SimResponse klines(SimRequest request, TradeTape tape) {
        if (!request.has("interval")) {
            return mandatory("interval");
        }
        Long minutes = INTERVALS.get(request.param("interval"));
        if (minutes == null) {
            return error(400, -1120, "Invalid interval.");
        }
        int limit = (int) request.longParam("limit").orElse(500);
        if (limit < 1 || limit > market.maxKlineLimit()) {
            return error(400, -1130, "Data sent for parameter 'limit' is not valid.");
        }
        OptionalLong start = request.longParam("startTime");
        OptionalLong end = request.longParam("endTime");
        if (start.isPresent() && end.isPresent() && start.getAsLong() > end.getAsLong()) {
            return error(400, -1023, "Start time is greater than end time.");
        }
        long interval = minutes * 60_000L;
        List<Kline> rows;
        if (start.isPresent()) {
            rows = data.klines(tape, interval, start.getAsLong(), end.orElse(Long.MAX_VALUE / 2), limit, false);
        } else {
            rows = data.klines(tape, interval, Long.MIN_VALUE / 2, end.orElse(data.now()), limit, true);
        }
        StringBuilder json = new StringBuilder(rows.size() * 180 + 2).append('[');
        SymbolSpec spec = tape.spec();
        for (int i = 0; i < rows.size(); i++) {
            Kline k = rows.get(i);
            KlineAggregate a = k.agg();
            if (i > 0) {
                json.append(',');
            }
            json.append('[').append(k.openTime()).append(',')
                    .append(str(spec.price(a.open()))).append(',')
                    .append(str(spec.price(a.high()))).append(',')
                    .append(str(spec.price(a.low()))).append(',')
                    .append(str(spec.price(a.close()))).append(',')
                    .append(str(spec.qty(a.volume()))).append(',')
                    .append(k.closeTime()).append(',')
                    .append(str(spec.quote(a.quoteVolume()))).append(',')
                    .append(a.tradeCount()).append(',')
                    .append(str(spec.qty(a.takerBuyVolume()))).append(',')
                    .append(str(spec.quote(a.takerBuyQuoteVolume()))).append(",\"0\"]");
        }
        return SimResponse.json(200, json.append(']').toString());
    }

    /** Answers {@code endpoint} for the request's symbol, or Binance's error for a missing or unknown one. */
    static SimResponse withTape(SimRequest request, MarketData data, Venue venue,
                                Function<TradeTape, SimResponse> endpoint) {
        Optional<SimResponse> bad = requireSymbol(request);
        if (bad.isPresent()) {
            return bad.get();
        }
        TradeTape tape = data.tape(venue, request.param("symbol")).orElse(null);
        if (tape == null) {
            return error(400, -1121, "Invalid symbol.");
        }
        return endpoint.apply(tape);
    }

    private SimResponse aggTrades(SimRequest request, TradeTape tape) {
        int limit = (int) request.longParam("limit").orElse(500);
        if (limit < 1 || limit > 1000) {
            return error(400, -1130, "Data sent for parameter 'limit' is not valid.");
        }
        OptionalLong fromId = request.longParam("fromId");
        OptionalLong start = request.longParam("startTime");
        OptionalLong end = request.longParam("endTime");
        List<SimTrade> trades;
        if (fromId.isPresent()) {
            if (start.isPresent() || end.isPresent()) {
                return error(400, -1128, "Combination of optional parameters invalid.");
            }
            trades = data.tradesFromId(tape, fromId.getAsLong(), limit);
        } else if (start.isPresent() || end.isPresent()) {
            long from = start.orElseGet(() -> end.getAsLong() - HOUR);
            long to = end.orElseGet(() -> start.getAsLong() + HOUR);
            if (to - from > HOUR) {
                return error(400, -1127, "More than 1 hours between startTime and endTime.");
            }
            if (from > to) {
                return error(400, -1023, "Start time is greater than end time.");
            }
            trades = data.tradesBetween(tape, from, to, limit);
        } else {
            trades = data.newestTradesUpTo(tape, Long.MIN_VALUE / 2, data.now(), limit);
        }
        SymbolSpec spec = tape.spec();
        StringBuilder json = new StringBuilder(trades.size() * 110 + 2).append('[');
        for (int i = 0; i < trades.size(); i++) {
            SimTrade t = trades.get(i);
            if (i > 0) {
                json.append(',');
            }
            json.append("{\"a\":").append(t.aggId())
                    .append(",\"p\":").append(str(spec.price(t.priceUnits())))
                    .append(",\"q\":").append(str(spec.qty(t.qtyUnits())))
                    .append(",\"f\":").append(t.firstId())
                    .append(",\"l\":").append(t.lastId())
                    .append(",\"T\":").append(t.time())
                    .append(",\"m\":").append(t.buyerMaker());
            if (market.spot()) {
                json.append(",\"M\":true");
            }
            json.append('}');
        }
        return SimResponse.json(200, json.append(']').toString());
    }

    private String str(BigDecimal value) {
        return '"' + (market.spot() ? value.setScale(8).toPlainString() : value.toPlainString()) + '"';
    }

    private static int limitForWeight(SimRequest request) {
        try {
            return (int) request.longParam("limit").orElse(500);
        } catch (NumberFormatException e) {
            return 500;
        }
    }

    private static Optional<SimResponse> requireSymbol(SimRequest request) {
        return request.has("symbol") ? Optional.empty() : Optional.of(mandatory("symbol"));
    }

    private static SimResponse mandatory(String name) {
        return error(400, -1102, "Mandatory parameter '" + name + "' was not sent, was empty/null, or malformed.");
    }

    static SimResponse error(int status, int code, String msg) {
        return SimResponse.json(status, "{\"code\":" + code + ",\"msg\":\"" + msg + "\"}");
    }
}
