package io.cryptoflow.collector.sources.derivatives;

import io.cryptoflow.collector.exchange.DerivativesApi;
import io.cryptoflow.collector.exchange.ExchangeUnavailableException;
import io.cryptoflow.collector.exchange.MalformedResponseException;
import io.cryptoflow.collector.exchange.Market;
import io.cryptoflow.collector.exchange.RateGate;
import io.cryptoflow.collector.sources.klines.KlineClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * One GET for the derivatives endpoints, booked on the market's shared {@link RateGate} (one request =
 * weight 1: Binance counts these endpoints in their own per-IP request limits, 1000 and 500 per 5 minutes,
 * far above what a poll a minute per symbol asks) and answering refusals like the kline client: 429/418
 * block the gate for Retry-After, a 403 for the exchange's forbidden backoff (Bybit: 10 minutes), a
 * body-level limit (Bybit retCode 10006) likewise.
 */
final class DerivativesFetcher implements DerivativesApi.Fetch {

    private final Market market;
    private final RateGate gate;
    private final HttpClient http;
    private final Duration timeout;

    DerivativesFetcher(Market market, RateGate gate, HttpClient http, Duration timeout) {
        this.market = market;
        this.gate = gate;
        this.http = http;
        this.timeout = timeout;
    }

    @Override
    public byte[] get(URI uri) throws ExchangeUnavailableException, MalformedResponseException, InterruptedException {
        gate.acquire(1);
        HttpResponse<byte[]> response;
        try {
            response = http.send(HttpRequest.newBuilder(uri).timeout(timeout).GET()
                    .header("Accept", "application/json").build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new ExchangeUnavailableException("request failed: " + uri + ": " + e, 0, e);
        }
        int status = response.statusCode();
        if (status == 429 || status == 418 || status == 403) {
            long wait = KlineClient.retryAfterMillis(response).orElse(status == 403
                    ? market.rateLimitRules().forbiddenBackoffMillis() : market.rateLimitRules().defaultRetryAfterMillis());
            if (wait > 0) {
                gate.blockFor(wait, "HTTP " + status + " on " + uri);
            }
            throw new ExchangeUnavailableException("HTTP " + status + " from " + uri, wait, null);
        }
        ExchangeUnavailableException bodyLimit = market.bodyLevelRateLimit(response);
        if (bodyLimit != null) {
            gate.blockFor(bodyLimit.retryAfterMillis(), bodyLimit.getMessage() + " on " + uri);
            throw bodyLimit;
        }
        if (status >= 500) {
            throw new ExchangeUnavailableException("HTTP " + status + " from " + uri, 0, null);
        }
        if (status != 200) {
            String body = new String(response.body(), StandardCharsets.UTF_8);
            throw new MalformedResponseException("HTTP " + status + " from " + uri + ": "
                    + (body.length() > 200 ? body.substring(0, 200) : body));
        }
        return response.body();
    }

    /** A public archive file (not behind the API's gate); null when it is not there (404). */
    byte[] archiveFile(URI uri) throws ExchangeUnavailableException, InterruptedException {
        HttpResponse<byte[]> response;
        try {
            response = http.send(HttpRequest.newBuilder(uri).timeout(timeout).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new ExchangeUnavailableException("archive request failed: " + uri + ": " + e, 0, e);
        }
        if (response.statusCode() == 404 || response.statusCode() == 403) {
            return null;
        }
        if (response.statusCode() != 200) {
            throw new ExchangeUnavailableException("HTTP " + response.statusCode() + " from " + uri, 0, null);
        }
        return response.body();
    }
}
