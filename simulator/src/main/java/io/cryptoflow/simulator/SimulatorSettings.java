package io.cryptoflow.simulator;

import io.cryptoflow.simulator.archive.ArchiveSchedule;
import io.cryptoflow.simulator.market.SymbolSpec;
import io.cryptoflow.simulator.region.Exchange;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
        io.cryptoflow.simulator.market.TradeBursts tradeBursts,
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
        ArchiveSchedule archiveSchedule,
        java.time.LocalDate futuresArchiveHeaderSince,
        Duration webSocketMaxAge,
        Duration bybitIpBan,
        boolean bitgetRestTradeMillis,
        Duration bitgetFillsHistoryDepth,
        Set<Exchange> refusedByRegion,
        boolean webSocketLimits,
        int bybitSpotSubscribeArgs,
        Duration binanceFuturesPing,
        Duration binanceFuturesPongTimeout,
        Duration binanceSpotPing,
        Duration binanceSpotPongTimeout,
        io.cryptoflow.simulator.faults.BookFaults bookFaults) {
}
