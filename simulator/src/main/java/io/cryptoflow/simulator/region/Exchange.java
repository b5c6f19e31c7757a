package io.cryptoflow.simulator.region;

import java.util.Optional;

/** The simulated exchanges as a whole (every market, REST and WebSocket), told apart by request path. */
public enum Exchange {
    BINANCE,
    BYBIT,
    BITGET;

    /**
     * The exchange whose API host serves {@code path}: Binance {@code /fapi/}, {@code /api/v3/} (REST),
     * {@code /market/}, {@code /ws/}, {@code /stream} (streams); Bybit {@code /v5/}; Bitget {@code /api/v2/},
     * {@code /v2/ws/}. The archives (data.binance.vision, public.bybit.com) are other hosts: none.
     */
    public static Optional<Exchange> ofPath(String path) {
        if (path.startsWith("/fapi/") || path.startsWith("/api/v3/") || path.startsWith("/market/")
                || path.startsWith("/ws/") || path.equals("/stream") || path.startsWith("/stream/")) {
            return Optional.of(BINANCE);
        }
        if (path.startsWith("/v5/")) {
            return Optional.of(BYBIT);
        }
        if (path.startsWith("/api/v2/") || path.startsWith("/v2/ws/")) {
            return Optional.of(BITGET);
        }
        return Optional.empty();
    }
}
