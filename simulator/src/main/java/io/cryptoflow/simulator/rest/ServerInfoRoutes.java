package io.cryptoflow.simulator.rest;

import io.cryptoflow.simulator.http.Route;
import io.cryptoflow.simulator.http.SimRequest;
import io.cryptoflow.simulator.http.SimResponse;
import io.cryptoflow.simulator.market.MarketData;
import io.cryptoflow.simulator.market.SymbolSpec;
import io.cryptoflow.simulator.market.Venue;
import java.math.BigDecimal;
import java.util.StringJoiner;

/**
 * Connectivity and metadata endpoints clients commonly call before fetching data: Binance
 * {@code ping}, {@code time} and a minimal {@code exchangeInfo} (symbols with PRICE_FILTER tickSize
 * and LOT_SIZE stepSize), Bybit {@code /v5/market/time}, Bitget {@code /api/v2/public/time}.
 * Served without rate limiting; times are the market clock's.
 */
public final class ServerInfoRoutes implements Route {

    private final MarketData data;

    public ServerInfoRoutes(MarketData data) {
        this.data = data;
    }

    @Override
    public boolean matches(String path) {
        return switch (path) {
            case "/fapi/v1/ping", "/api/v3/ping", "/fapi/v1/time", "/api/v3/time", "/fapi/v1/exchangeInfo",
                    "/api/v3/exchangeInfo", "/v5/market/time", "/api/v2/public/time" -> true;
            default -> false;
        };
    }

    @Override
    public SimResponse handle(SimRequest request) {
        long now = data.now();
        return switch (request.path()) {
            case "/fapi/v1/ping", "/api/v3/ping" -> SimResponse.json(200, "{}");
            case "/fapi/v1/time", "/api/v3/time" -> SimResponse.json(200, "{\"serverTime\":" + now + "}");
            case "/fapi/v1/exchangeInfo" -> exchangeInfo(Venue.BINANCE_FUTURES, now);
            case "/api/v3/exchangeInfo" -> exchangeInfo(Venue.BINANCE_SPOT, now);
            case "/v5/market/time" -> SimResponse.json(200, "{\"retCode\":0,\"retMsg\":\"OK\",\"result\":{\"timeSecond\":\""
                    + now / 1000 + "\",\"timeNano\":\"" + now * 1_000_000 + "\"},\"retExtInfo\":{},\"time\":" + now + "}");
            default -> SimResponse.json(200, "{\"code\":\"00000\",\"msg\":\"success\",\"requestTime\":" + now
                    + ",\"data\":{\"serverTime\":\"" + now + "\"}}");
        };
    }

    private SimResponse exchangeInfo(Venue venue, long now) {
        StringJoiner symbols = new StringJoiner(",");
        for (String name : data.symbols(venue)) {
            SymbolSpec spec = data.tape(venue, name).orElseThrow().spec();
            String tick = BigDecimal.ONE.movePointLeft(spec.priceScale()).toPlainString();
            String step = BigDecimal.ONE.movePointLeft(spec.qtyScale()).toPlainString();
            symbols.add("{\"symbol\":\"" + name + "\",\"status\":\"TRADING\",\"baseAsset\":\""
                    + name.replaceAll("USDT$", "") + "\",\"quoteAsset\":\"USDT\",\"pricePrecision\":" + spec.priceScale()
                    + ",\"quantityPrecision\":" + spec.qtyScale() + ",\"filters\":[{\"filterType\":\"PRICE_FILTER\",\"tickSize\":\""
                    + tick + "\"},{\"filterType\":\"LOT_SIZE\",\"stepSize\":\"" + step + "\"}]}");
        }
        String limits = venue == Venue.BINANCE_SPOT ? "6000" : "2400";
        return SimResponse.json(200, "{\"timezone\":\"UTC\",\"serverTime\":" + now + ",\"rateLimits\":[{\"rateLimitType\":"
                + "\"REQUEST_WEIGHT\",\"interval\":\"MINUTE\",\"intervalNum\":1,\"limit\":" + limits + "}],\"symbols\":["
                + symbols + "]}");
    }
}
