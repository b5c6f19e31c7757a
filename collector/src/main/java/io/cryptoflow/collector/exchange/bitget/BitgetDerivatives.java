package io.cryptoflow.collector.exchange.bitget;

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
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Bitget v2 USDT-M open interest and funding (docs/exchanges.md): {@code /api/v2/mix/market/open-interest}
 * tells only the current value (no history: polled and recorded from then on, unknown before), and
 * {@code /api/v2/mix/market/history-fund-rate} pages by number (pageSize ≤ 100, newest first, no mark
 * price): one call walks pages until it is past {@code from}.
 */
public final class BitgetDerivatives implements DerivativesApi {

    private static final int PAGE_SIZE = 100;
    /** A safety stop: 100 pages of 100 events are 9 years of 8-hour funding. */
    private static final int MAX_PAGES = 100;

    private final String restUrl;

    public BitgetDerivatives(String restUrl) {
        this.restUrl = Urls.stripSlash(restUrl);
    }

    @Override
    public long openInterestHistoryMillis() {
        return 0;
    }

    @Override
    public long openInterestPageMillis() {
        return Long.MAX_VALUE;
    }

    @Override
    public List<OpenInterestSample> openInterest(String symbol, long from, long to, Fetch fetch) {
        return List.of();
    }

    @Override
    public Optional<OpenInterestSample> currentOpenInterest(String symbol, Fetch fetch)
            throws ExchangeUnavailableException, MalformedResponseException, InterruptedException {
        JsonNode data = data(fetch.get(URI.create(restUrl + "/api/v2/mix/market/open-interest?symbol=" + symbol
                + "&productType=USDT-FUTURES")));
        JsonNode list = data.path("openInterestList");
        if (!list.isArray() || list.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new OpenInterestSample(JsonNumbers.integer(data.get("ts"), "ts"),
                JsonNumbers.decimal(list.get(0).get("size"), "size"), null));
    }

    @Override
    public long fundingPageMillis() {
        return Long.MAX_VALUE;
    }

    @Override
    public List<FundingEvent> funding(String symbol, long from, long to, Fetch fetch)
            throws ExchangeUnavailableException, MalformedResponseException, InterruptedException {
        List<FundingEvent> newestFirst = new ArrayList<>();
        for (int page = 1; page <= MAX_PAGES; page++) {
            JsonNode rows = data(fetch.get(URI.create(restUrl + "/api/v2/mix/market/history-fund-rate?symbol=" + symbol
                    + "&productType=USDT-FUTURES&pageSize=" + PAGE_SIZE + "&pageNo=" + page)));
            if (!rows.isArray() || rows.isEmpty()) {
                break;
            }
            long oldest = Long.MAX_VALUE;
            for (JsonNode row : rows) {
                long time = JsonNumbers.integer(row.get("fundingTime"), "fundingTime");
                oldest = Math.min(oldest, time);
                if (time >= from && time <= to) {
                    newestFirst.add(new FundingEvent(time, JsonNumbers.decimal(row.get("fundingRate"), "fundingRate"),
                            null));
                }
            }
            if (oldest < from || rows.size() < PAGE_SIZE) {
                break;
            }
        }
        Collections.reverse(newestFirst);
        return newestFirst;
    }

    private static JsonNode data(byte[] body) throws MalformedResponseException {
        JsonNode root = KlineJson.read(body);
        if (root == null || !root.isObject() || !"00000".equals(root.path("code").asText())) {
            throw new MalformedResponseException("Bitget answered " + (root == null ? "nothing"
                    : root.path("code").asText() + " " + root.path("msg").asText()));
        }
        return root.path("data");
    }
}
