package io.cryptoflow.simulator;

import io.cryptoflow.simulator.market.SymbolSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Immutable settings collected by {@link ExchangeSimulator.Builder}. */
record SimulatorSettings(
        Clock clock,
        Clock wallClock,
        long seed,
        String host,
        int port,
        List<SymbolSpec> symbols,
        Map<String, Long> listedSince,
        long defaultListedSince,
        int historyTradesPerMinute,
        int liveTradesPerMinute,
        Instant liveSince,
        boolean enforceRateLimits,
        int binanceFuturesWeightLimit,
        int binanceSpotWeightLimit,
        Duration weightWindow,
        Duration banDuration,
        int bybitRequestLimit,
        Duration bybitWindow,
        int bitgetRequestLimit,
        Duration bitgetWindow,
        Duration liveTick,
        int cacheEntries,
        Duration archivePublicationDelay,
        java.time.LocalDate futuresArchiveHeaderSince,
        Duration webSocketMaxAge,
        Duration bybitIpBan) {
}
