package io.cryptoflow.collector.sources.trades;

import io.cryptoflow.collector.exchange.MalformedTradeException;
import io.cryptoflow.collector.exchange.RateGate;
import io.cryptoflow.collector.exchange.RegionRefusal;
import io.cryptoflow.collector.exchange.Trade;
import io.cryptoflow.collector.exchange.TradeProtocol;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Fetches one REST page of trades and classifies failures so the caller knows how long to wait. */
public final class RestTradeFetcher {

    private final HttpClient http;
    private final TradeProtocol protocol;
    private final String restBase;
    private final Duration timeout;
    private final RateGate gate;
    private volatile long usedWeight;

    public RestTradeFetcher(HttpClient http, TradeProtocol protocol, String restBase, Duration timeout) {
        this(http, protocol, restBase, timeout,
                new RateGate(protocol.venue().exchange(), protocol.venue().market(restBase).rateLimitRules()));
    }

    /**
     * @param gate the exchange's gate ({@code RateGates.of}), shared with its klines: every request
     *             books against it, and a ban or refusal either side meets stops both
     */
    public RestTradeFetcher(HttpClient http, TradeProtocol protocol, String restBase, Duration timeout, RateGate gate) {
        this.http = http;
        this.protocol = protocol;
        this.restBase = restBase;
        this.timeout = timeout;
        this.gate = gate;
    }

    public RateGate gate() {
        return gate;
    }

    public int limit() {
        return protocol.restLimit();
    }

    /** Trades after {@code afterId} (Binance) or the newest ones (others, filtered by the caller). */
    public List<Trade> fetch(String symbol, long afterId, long afterTime)
            throws IOException, InterruptedException, MalformedTradeException, RetryLaterException {
        return fetch(protocol.restTradesUri(restBase, symbol, afterId, afterTime, protocol.restLimit()));
    }

    /** Whether older pages can be asked for ({@link #fetchBefore}); false: only the newest trades are served. */
    public boolean pagesBackwards() {
        return protocol.pagesBackwards();
    }

    /** Trades with id below {@code beforeId} and time in [fromTime, toTime], one page (ascending). */
    public List<Trade> fetchBefore(String symbol, long fromTime, long toTime, long beforeId)
            throws IOException, InterruptedException, MalformedTradeException, RetryLaterException {
        return fetch(protocol.restTradesBeforeUri(restBase, symbol, fromTime, toTime, beforeId, protocol.restLimit()));
    }

    private List<Trade> fetch(URI uri)
            throws IOException, InterruptedException, MalformedTradeException, RetryLaterException {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).GET().build();
        gate.acquire(protocol.restWeight());
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        int status = response.statusCode();
        Optional<String> refused = RegionRefusal.reasonOf(status, response.body());
        if (refused.isPresent()) {
            throw new RetryLaterException(uri + " refused from this location", Duration.ofMillis(gate.refuse(refused.get())));
        }
        gate.served();
        if (status == 429 || status == 418) {
            long seconds = response.headers().firstValue("Retry-After").map(RestTradeFetcher::seconds).orElse(60L);
            String reason = uri + " answered " + status + (status == 418 ? " (IP banned)" : " (rate limited)");
            gate.blockFor(seconds * 1000, reason);
            throw new RetryLaterException(reason, Duration.ofSeconds(seconds));
        }
        long ban = protocol.forbiddenBanMillis();
        if (status == 403 && ban > 0) {
            String reason = uri + " answered 403 (IP limit: no request to this exchange for " + ban / 1000 + " s)";
            gate.blockFor(ban, reason);
            throw new RetryLaterException(reason, Duration.ofMillis(ban));
        }
        if (status == 400) {
            throw new RefusedException(uri + " answered HTTP 400: "
                    + new String(response.body(), java.nio.charset.StandardCharsets.UTF_8));
        }
        if (status != 200) {
            throw new IOException(uri + " answered HTTP " + status);
        }
        long limited = protocol.bodyRateLimitMillis(response.body(), response.headers(), System.currentTimeMillis());
        if (limited >= 0) {
            String reason = uri + " answered a rate limit in its body";
            gate.blockFor(limited, reason);
            throw new RetryLaterException(reason, Duration.ofMillis(limited));
        }
        usedWeight = response.headers().firstValue("X-MBX-USED-WEIGHT-1M").map(RestTradeFetcher::seconds).orElse(0L);
        if (response.headers().firstValue("X-MBX-USED-WEIGHT-1M").isPresent()) {
            gate.reportUsedWeight((int) usedWeight);
        }
        try {
            return protocol.parseRest(response.body());
        } catch (MalformedTradeException e) {
            throw new MalformedTradeException(uri + ": " + e.getMessage(), e);
        }
    }

    /**
     * How long to wait before the next page so a long catch-up never uses more than 3/4 of the
     * exchange's weight budget (the kline sync shares it): until the next minute once 75 % is used.
     */
    public Duration suggestedPause(long nowMs) {
        int budget = protocol.weightBudgetPerMinute();
        if (budget <= 0 || usedWeight * 4 < budget * 3L) {
            return Duration.ZERO;
        }
        return Duration.ofMillis(60_000 - Math.floorMod(nowMs, 60_000) + 50);
    }

    private static long seconds(String header) {
        try {
            return Math.max(0, Long.parseLong(header.trim()));
        } catch (NumberFormatException e) {
            return 60;
        }
    }

    /**
     * The exchange refused the request as asked (HTTP 400, e.g. Bitget {@code 43111} for a time range
     * beyond what fills-history serves): asking again the same way gets the same answer.
     */
    public static final class RefusedException extends IOException {

        private static final long serialVersionUID = 1L;

        public RefusedException(String message) {
            super(message);
        }
    }

    /** The exchange asked us to slow down; {@link #delay()} says for how long. */
    public static final class RetryLaterException extends Exception {

        private static final long serialVersionUID = 1L;
        private final transient Duration delay;

        public RetryLaterException(String message, Duration delay) {
            super(message);
            this.delay = delay;
        }

        public Duration delay() {
            return delay;
        }
    }
}
