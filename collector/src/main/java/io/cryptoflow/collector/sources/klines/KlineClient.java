package io.cryptoflow.collector.sources.klines;

import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import io.cryptoflow.collector.exchange.ExchangeUnavailableException;
import io.cryptoflow.collector.exchange.MalformedResponseException;
import io.cryptoflow.collector.exchange.Market;
import io.cryptoflow.collector.exchange.RateGate;
import io.cryptoflow.collector.exchange.RegionRefusal;
import io.cryptoflow.common.Candle;
import io.cryptoflow.common.Timeframe;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches one page of klines from one market through its {@link RateGate}. Every failure is an
 * exception and nothing is returned partially: callers either get a whole validated page or
 * nothing to store.
 */
public final class KlineClient {

    private static final Logger LOG = LoggerFactory.getLogger(KlineClient.class);

    private final Market market;
    private final HttpClient http;
    private final Duration timeout;
    private final RateGate gate;
    private final LongSupplier clock;
    private final Meter requests;
    private final Meter rejectedPages;
    private final Meter rateLimited;
    private final Meter failures;
    private final Timer latency;

    public KlineClient(Market market, HttpClient http, Duration timeout, MetricRegistry metrics) {
        this(market, http, timeout, metrics, System::currentTimeMillis);
    }

    public KlineClient(Market market, HttpClient http, Duration timeout, MetricRegistry metrics, LongSupplier clock) {
        this(market, new RateGate(market.exchange(), market.rateLimitRules()), http, timeout, metrics, clock);
    }

    /** With the exchange's shared gate (see {@link RateGates}). */
    public KlineClient(Market market, RateGate gate, HttpClient http, Duration timeout, MetricRegistry metrics,
                       LongSupplier clock) {
        this.market = market;
        this.http = http;
        this.timeout = timeout;
        this.clock = clock;
        this.gate = gate;
        String prefix = "cryptoflow.collector.exchange." + market.exchange().toLowerCase();
        this.requests = metrics.meter(prefix + ".requests");
        this.rejectedPages = metrics.meter(prefix + ".rejected-pages");
        this.rateLimited = metrics.meter(prefix + ".rate-limited");
        this.failures = metrics.meter(prefix + ".failures");
        this.latency = metrics.timer(prefix + ".latency");
    }

    public Market market() {
        return market;
    }

    public RateGate gate() {
        return gate;
    }

    public List<Candle> fetch(String symbol, Timeframe tf, Long startTime, Long endTime, int limit)
            throws MalformedResponseException, ExchangeUnavailableException, InterruptedException {
        long now = clock.getAsLong();
        int pageSize = Math.min(limit, market.pageLimit(tf, startTime, endTime, now));
        URI uri = market.klinesUri(symbol, tf, startTime, endTime, pageSize, now);
        gate.acquire(market.rateLimitRules().weight(pageSize));
        requests.mark();
        HttpResponse<byte[]> response;
        Timer.Context timing = latency.time();
        try {
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).GET()
                    .header("Accept", "application/json").build();
            response = send(request);
        } catch (IOException e) {
            failures.mark();
            throw new ExchangeUnavailableException("request failed: " + uri + ": " + e, 0, e);
        } finally {
            timing.stop();
        }
        readUsedWeight(response);
        int status = response.statusCode();
        Optional<String> refused = RegionRefusal.reasonOf(status, response.body());
        if (refused.isPresent()) {
            failures.mark();
            long wait = gate.refuse(refused.get());
            throw new ExchangeUnavailableException("refused from this location: " + uri, wait, null);
        }
        gate.served();
        if (status == 429 || status == 418) {
            rateLimited.mark();
            long wait = retryAfterMillis(response).orElse(market.rateLimitRules().defaultRetryAfterMillis());
            gate.blockFor(wait, (status == 418 ? "IP ban (418)" : "rate limited (429)") + " on " + uri);
            throw new ExchangeUnavailableException("HTTP " + status + " from " + uri, wait, null);
        }
        if (status >= 500 || status == 403) {
            failures.mark();
            long wait = retryAfterMillis(response).orElse(status == 403 ? market.rateLimitRules().forbiddenBackoffMillis() : 0);
            if (wait > 0) {
                gate.blockFor(wait, "HTTP " + status + " with Retry-After on " + uri);
            }
            throw new ExchangeUnavailableException("HTTP " + status + " from " + uri, wait, null);
        }
        ExchangeUnavailableException bodyLimit = market.bodyLevelRateLimit(response);
        if (bodyLimit != null) {
            rateLimited.mark();
            if (bodyLimit.retryAfterMillis() > 0) {
                gate.blockFor(bodyLimit.retryAfterMillis(), bodyLimit.getMessage() + " on " + uri);
            }
            throw bodyLimit;
        }
        if (status != 200) {
            rejectedPages.mark();
            String body = new String(response.body(), java.nio.charset.StandardCharsets.UTF_8);
            LOG.warn("rejected page: HTTP {} from {}: {}", status, uri, abbreviate(body));
            throw new MalformedResponseException("HTTP " + status + " from " + uri + ": " + abbreviate(body));
        }
        try {
            List<Candle> candles = market.parseKlines(response.body(), tf, clock.getAsLong());
            CandleValidator.validate(tf, candles);
            return candles;
        } catch (MalformedResponseException e) {
            rejectedPages.mark();
            LOG.warn("rejected whole page from {}: {}", uri, e.getMessage());
            throw new MalformedResponseException(e.getMessage() + " (" + uri + ")", e);
        }
    }

    /**
     * The JDK's request timeout stops at the response headers; a body that stalls half-way
     * would hang the market forever, so the whole exchange is bounded here.
     */
    private HttpResponse<byte[]> send(HttpRequest request) throws IOException, InterruptedException {
        CompletableFuture<HttpResponse<byte[]>> future = http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray());
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new HttpTimeoutException("no complete answer within " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException(e.getCause());
        } catch (InterruptedException e) {
            future.cancel(true);
            throw e;
        }
    }

    private void readUsedWeight(HttpResponse<byte[]> response) {
        String header = market.rateLimitRules().usedWeightHeader();
        if (header == null) {
            return;
        }
        response.headers().firstValue(header).ifPresent(v -> {
            try {
                gate.reportUsedWeight(Integer.parseInt(v.trim()));
            } catch (NumberFormatException e) {
                LOG.debug("ignoring unparsable {} header: {}", header, v);
            }
        });
    }

    public static OptionalLong retryAfterMillis(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").map(v -> {
            try {
                return OptionalLong.of(Math.max(0, (long) (Double.parseDouble(v.trim()) * 1000)));
            } catch (NumberFormatException e) {
                return OptionalLong.empty();
            }
        }).orElse(OptionalLong.empty());
    }

    private static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "...";
    }
}
