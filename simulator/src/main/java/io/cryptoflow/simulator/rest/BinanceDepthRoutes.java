package io.cryptoflow.simulator.rest;

import io.cryptoflow.simulator.faults.BookFaults;
import io.cryptoflow.simulator.http.Route;
import io.cryptoflow.simulator.http.SimRequest;
import io.cryptoflow.simulator.http.SimResponse;
import io.cryptoflow.simulator.limits.WeightLimiter;
import io.cryptoflow.simulator.market.MarketData;
import io.cryptoflow.simulator.market.OrderBook;
import io.cryptoflow.simulator.market.OrderBookModel;
import io.cryptoflow.simulator.market.SymbolSpec;
import io.cryptoflow.simulator.market.TradeTape;
import io.cryptoflow.simulator.market.Venue;
import java.util.Map;

/**
 * Binance USD-M {@code GET /fapi/v1/depth?symbol&limit}: the best {@code limit} levels per side of the
 * true book now, with {@code lastUpdateId} on the id line of the {@code @depth} stream, {@code E}
 * (message time) and {@code T} (transaction time). {@code limit} 5, 10, 20, 50, 100, 500 (default) or
 * 1000; weight 2, 2, 2, 2, 5, 10, 20, booked on the futures weight limiter shared with klines and
 * aggTrades. A {@code STALE_SNAPSHOT} fault serves the book of {@link BookFaults#staleSnapshotAge()}
 * earlier with its (older) {@code lastUpdateId}.
 */
public final class BinanceDepthRoutes implements Route {

    private static final String PATH = "/fapi/v1/depth";
    private static final Map<Integer, Integer> WEIGHTS = Map.of(5, 2, 10, 2, 20, 2, 50, 2, 100, 5, 500, 10, 1000, 20);

    private final MarketData data;
    private final WeightLimiter limiter;
    private final BookFaults faults;

    public BinanceDepthRoutes(MarketData data, WeightLimiter limiter, BookFaults faults) {
        this.data = data;
        this.limiter = limiter;
        this.faults = faults;
    }

    @Override
    public boolean matches(String path) {
        return path.equals(PATH);
    }

    @Override
    public SimResponse handle(SimRequest request) {
        int limit;
        try {
            limit = (int) request.longParam("limit").orElse(500);
        } catch (NumberFormatException e) {
            limit = 500;
        }
        int weight = WEIGHTS.getOrDefault(limit, 20);
        int asked = limit;
        return BinanceRoutes.weighed(limiter, weight, () -> BinanceRoutes.withTape(request, data, Venue.BINANCE_FUTURES,
                tape -> WEIGHTS.containsKey(asked) ? depth(tape, asked)
                        : BinanceRoutes.error(400, -1130, "Data sent for parameter 'limit' is not valid.")));
    }

    private SimResponse depth(TradeTape tape, int limit) {
        long now = data.now();
        long at = now;
        String symbol = tape.spec().symbol();
        if (faults.take(BookFaults.Kind.STALE_SNAPSHOT, Venue.BINANCE_FUTURES, symbol, now,
                "REST depth " + faults.staleSnapshotAge() + " old")) {
            at = now - faults.staleSnapshotAge().toMillis();
        }
        OrderBookModel model = data.books(tape);
        OrderBook book = model.bookAt(at).top(limit);
        SymbolSpec spec = tape.spec();
        return SimResponse.json(200, "{\"lastUpdateId\":" + model.updateIdAfter(book.step()) + ",\"E\":" + now
                + ",\"T\":" + book.timeMs() + ",\"bids\":" + OrderBook.levelsJson(spec, OrderBook.rows(book.bidUnits())) + ",\"asks\":"
                + OrderBook.levelsJson(spec, OrderBook.rows(book.askUnits())) + "}");
    }
}
