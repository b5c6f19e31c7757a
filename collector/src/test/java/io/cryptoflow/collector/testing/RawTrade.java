package io.cryptoflow.collector.testing;

import io.cryptoflow.collector.exchange.Prices;
import io.cryptoflow.collector.exchange.Trade;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** A trade as exchanges publish it (decimal strings), with renderers for each exchange's JSON shape. */
public record RawTrade(long id, String price, String qty, boolean takerBuy, long time) {

    public static List<RawTrade> series(long seed, long firstId, int count, long startMs, long stepMs, String startPrice) {
        Random r = new Random(seed);
        BigDecimal p = new BigDecimal(startPrice);
        List<RawTrade> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            p = p.add(BigDecimal.valueOf(r.nextInt(41) - 20, 1)).max(BigDecimal.ONE);
            out.add(new RawTrade(firstId + i, p.toPlainString(), BigDecimal.valueOf(1 + r.nextInt(5000), 3).toPlainString(),
                    r.nextBoolean(), startMs + i * stepMs));
        }
        return out;
    }

    /** Binance REST aggTrade: {a, p, q, f, l, T, m}; m = buyer is maker, i.e. the taker sold. */
    public String binanceRest() {
        return "{\"a\":%d,\"p\":\"%s\",\"q\":\"%s\",\"f\":%d,\"l\":%d,\"T\":%d,\"m\":%s}"
                .formatted(id, price, qty, id * 3, id * 3 + 2, time, !takerBuy);
    }

    /** Binance combined-stream aggTrade event. */
    public String binanceStream(String symbol) {
        return "{\"stream\":\"%s@aggTrade\",\"data\":{\"e\":\"aggTrade\",\"E\":%d,\"s\":\"%s\",\"a\":%d,\"p\":\"%s\",\"q\":\"%s\",\"f\":%d,\"l\":%d,\"T\":%d,\"m\":%s}}"
                .formatted(symbol.toLowerCase(), time + 5, symbol, id, price, qty, id * 3, id * 3 + 2, time, !takerBuy);
    }

    public String bybitUuid() {
        return "%08x-0000-4000-8000-%012x".formatted(id, id * 7919);
    }

    /** One element of Bybit's publicTrade data array. */
    public String bybitStream(String symbol) {
        return "{\"T\":%d,\"s\":\"%s\",\"S\":\"%s\",\"v\":\"%s\",\"p\":\"%s\",\"L\":\"PlusTick\",\"i\":\"%s\",\"BT\":false}"
                .formatted(time, symbol, takerBuy ? "Buy" : "Sell", qty, price, bybitUuid());
    }

    /** One element of Bybit's /v5/market/recent-trade list. */
    public String bybitRest(String symbol) {
        return "{\"execId\":\"%s\",\"symbol\":\"%s\",\"price\":\"%s\",\"size\":\"%s\",\"side\":\"%s\",\"time\":\"%d\",\"isBlockTrade\":false}"
                .formatted(bybitUuid(), symbol, price, qty, takerBuy ? "Buy" : "Sell", time);
    }

    /** One element of Bitget's trade channel data. */
    public String bitgetStream() {
        return "{\"ts\":\"%d\",\"price\":\"%s\",\"size\":\"%s\",\"side\":\"%s\",\"tradeId\":\"%d\"}"
                .formatted(time, price, qty, takerBuy ? "buy" : "sell", 1_100_000_000_000L + id);
    }

    public Trade trade() {
        return new Trade(id, Prices.parse(price), Double.parseDouble(qty), takerBuy, time);
    }
}
