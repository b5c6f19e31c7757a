package io.cryptoflow.collector.exchange.bybit;

import com.fasterxml.jackson.databind.JsonNode;
import io.cryptoflow.collector.exchange.DerivativesApi;
import io.cryptoflow.collector.exchange.ExchangeUnavailableException;
import io.cryptoflow.collector.exchange.JsonNumbers;
import io.cryptoflow.collector.exchange.KlineJson;
import io.cryptoflow.collector.exchange.MalformedResponseException;
import io.cryptoflow.collector.exchange.Urls;
import io.cryptoflow.common.FundingEvent;
import io.cryptoflow.common.OpenInterestSample;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * Bybit v5 linear open interest and funding (docs/exchanges.md): {@code /v5/market/open-interest}
 * (intervalTime 5min, limit ≤ 200, newest first; size only, so the value is null) and
 * {@code /v5/market/funding/history} (limit ≤ 200, newest first, both startTime and endTime sent; no
 * mark price). A page spans at most limit rows, so a whole window is one answer and the cursor is
 * never needed.
 */
public final class BybitDerivatives implements DerivativesApi {

    private static final int LIMIT = 200;
    private static final long SHORTEST_FUNDING_INTERVAL = 3_600_000L;

    private final String restUrl;

    public BybitDerivatives(String restUrl) {
        this.restUrl = Urls.stripSlash(restUrl);
    }

    @Override
    public long openInterestHistoryMillis() {
        return Long.MAX_VALUE;
    }

    @Override
    public long openInterestPageMillis() {
        return (LIMIT - 1) * OPEN_INTEREST_STEP;
    }

    @Override
    public List<OpenInterestSample> openInterest(String symbol, long from, long to, Fetch fetch)
            throws ExchangeUnavailableException, MalformedResponseException, InterruptedException {
        JsonNode list = list(fetch.get(URI.create(restUrl + "/v5/market/open-interest?category=linear&symbol=" + symbol
                + "&intervalTime=5min&startTime=" + from + "&endTime=" + to + "&limit=" + LIMIT)));
        List<OpenInterestSample> out = new ArrayList<>(list.size());
        for (int i = list.size() - 1; i >= 0; i--) {
            JsonNode row = list.get(i);
            out.add(new OpenInterestSample(JsonNumbers.integer(row.get("timestamp"), "timestamp"),
                    JsonNumbers.decimal(row.get("openInterest"), "openInterest"), null));
        }
        return out;
    }

    @Override
    public long fundingPageMillis() {
        return (LIMIT - 1) * SHORTEST_FUNDING_INTERVAL;
    }

    @Override
    public List<FundingEvent> funding(String symbol, long from, long to, Fetch fetch)
            throws ExchangeUnavailableException, MalformedResponseException, InterruptedException {
        JsonNode list = list(fetch.get(URI.create(restUrl + "/v5/market/funding/history?category=linear&symbol="
                + symbol + "&startTime=" + from + "&endTime=" + to + "&limit=" + LIMIT)));
        List<FundingEvent> out = new ArrayList<>(list.size());
        for (int i = list.size() - 1; i >= 0; i--) {
            JsonNode row = list.get(i);
            out.add(new FundingEvent(JsonNumbers.integer(row.get("fundingRateTimestamp"), "fundingRateTimestamp"),
                    JsonNumbers.decimal(row.get("fundingRate"), "fundingRate"), null));
        }
        return out;
    }

    private static JsonNode list(byte[] body) throws MalformedResponseException {
        JsonNode root = KlineJson.read(body);
        if (root == null || !root.isObject() || root.path("retCode").asInt(-1) != 0) {
            throw new MalformedResponseException("Bybit answered " + (root == null ? "nothing" : root.path("retCode")
                    + " " + root.path("retMsg").asText()));
        }
        JsonNode list = root.path("result").path("list");
        if (!list.isArray()) {
            throw new MalformedResponseException("Bybit answer without result.list");
        }
        return list;
    }
}
