package io.cryptoflow.simulator;

import io.cryptoflow.simulator.archive.ArchiveRoutes;
import io.cryptoflow.simulator.http.Route;
import io.cryptoflow.simulator.limits.RequestCountLimiter;
import io.cryptoflow.simulator.limits.WeightLimiter;
import io.cryptoflow.simulator.market.MarketData;
import io.cryptoflow.simulator.market.Venue;
import io.cryptoflow.simulator.region.RegionRefusals;
import io.cryptoflow.simulator.rest.BinanceDepthRoutes;
import io.cryptoflow.simulator.rest.BinanceDerivativesRoutes;
import io.cryptoflow.simulator.rest.BinanceMarket;
import io.cryptoflow.simulator.rest.BinanceRoutes;
import io.cryptoflow.simulator.rest.BitgetDerivativesRoutes;
import io.cryptoflow.simulator.rest.BitgetFillsRoutes;
import io.cryptoflow.simulator.rest.BitgetRoutes;
import io.cryptoflow.simulator.rest.BybitDerivativesRoutes;
import io.cryptoflow.simulator.rest.BybitGate;
import io.cryptoflow.simulator.rest.BybitRoutes;
import io.cryptoflow.simulator.rest.BybitTradeRoutes;
import io.cryptoflow.simulator.rest.ServerInfoRoutes;
import io.cryptoflow.simulator.ws.StreamRules;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Every REST route of the simulated exchanges with its rate limiter: one limiter per exchange and IP
 * scope (Binance futures and spot apart; Bybit's kline and recent-trade endpoints share one IP gate;
 * Bitget's candle and fill endpoints share one 20/s budget).
 */
final class SimulatorRoutes {

    private SimulatorRoutes() {
    }

    static List<Route> all(SimulatorSettings settings, MarketData marketData, BybitGate bybitGate,
                           RegionRefusals regionRefusals) {
        Clock wall = settings.wallClock();
        List<Route> routes = new ArrayList<>();
        routes.add(regionRefusals); // first: a refused exchange answers nothing else
        routes.add(new ServerInfoRoutes(marketData));
        WeightLimiter binanceFutures = new WeightLimiter(settings.binanceFuturesWeightLimit(), settings.weightWindow(),
                settings.banDuration(), settings.enforceRateLimits(), wall);
        routes.add(new BinanceRoutes(BinanceMarket.futuresMarket(), marketData, binanceFutures));
        routes.add(new BinanceDepthRoutes(marketData, binanceFutures, settings.bookFaults()));
        routes.add(new BinanceRoutes(BinanceMarket.spotMarket(), marketData, new WeightLimiter(
                settings.binanceSpotWeightLimit(), settings.weightWindow(), settings.banDuration(),
                settings.enforceRateLimits(), wall)));
        routes.add(new BinanceDerivativesRoutes(marketData,
                new RequestCountLimiter(1000, Duration.ofMinutes(5), settings.enforceRateLimits(), wall),
                new RequestCountLimiter(500, Duration.ofMinutes(5), settings.enforceRateLimits(), wall)));
        routes.add(new BybitRoutes(marketData, bybitGate));
        routes.add(new BybitDerivativesRoutes(marketData, bybitGate));
        routes.add(new BybitTradeRoutes(marketData, bybitGate));
        RequestCountLimiter bitget = new RequestCountLimiter(settings.bitgetRequestLimit(), settings.bitgetWindow(),
                settings.enforceRateLimits(), wall);
        routes.add(new BitgetRoutes(marketData, bitget));
        routes.add(new BitgetFillsRoutes(marketData, bitget, settings.bitgetFillsHistoryDepth(),
                settings.bitgetRestTradeMillis()));
        routes.add(new BitgetDerivativesRoutes(marketData, bitget));
        routes.add(new ArchiveRoutes(marketData, settings.archiveSchedule(), settings.futuresArchiveHeaderSince()));
        return routes;
    }

    /** What each exchange's stream host enforces per connection (docs/exchanges.md, {@link StreamRules}). */
    static Map<Venue, StreamRules> streamRules(SimulatorSettings s) {
        Map<Venue, StreamRules> rules = new EnumMap<>(Venue.class);
        rules.put(Venue.BINANCE_FUTURES, StreamRules.binanceFutures(s.binanceFuturesPing(), s.binanceFuturesPongTimeout()));
        rules.put(Venue.BINANCE_SPOT, StreamRules.binanceSpot(s.binanceSpotPing(), s.binanceSpotPongTimeout()));
        rules.put(Venue.BYBIT_LINEAR, StreamRules.NONE);
        rules.put(Venue.BYBIT_SPOT, StreamRules.bybitSpot(s.bybitSpotSubscribeArgs()));
        rules.put(Venue.BITGET_FUTURES, StreamRules.bitget());
        if (!s.webSocketLimits()) {
            rules.replaceAll((venue, r) -> r.withoutLimits());
        }
        return rules;
    }
}
