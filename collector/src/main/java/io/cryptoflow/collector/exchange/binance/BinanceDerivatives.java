package io.cryptoflow.collector.exchange.binance;

import com.fasterxml.jackson.databind.JsonNode;
import io.cryptoflow.collector.exchange.DerivativesApi;
import io.cryptoflow.collector.exchange.ExchangeUnavailableException;
import io.cryptoflow.collector.exchange.JsonNumbers;
import io.cryptoflow.collector.exchange.KlineJson;
import io.cryptoflow.collector.exchange.MalformedResponseException;
import io.cryptoflow.collector.exchange.Urls;
import io.cryptoflow.collector.exchange.OpenInterestArchive;
import io.cryptoflow.common.FundingEvent;
import io.cryptoflow.common.OpenInterestSample;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Binance USD-M open interest and funding (docs/exchanges.md): {@code /futures/data/openInterestHist}
 * (period 5m, limit ≤ 500, only the latest 30 days; older days from the daily {@code metrics} archive,
 * {@link BinanceMetricsArchive}) and {@code /fapi/v1/fundingRate} (limit ≤ 1000, oldest first from
 * startTime, with the settlement's mark price).
 */
public final class BinanceDerivatives implements DerivativesApi {

    /** The REST window is 30 days; a day's margin keeps the oldest asked page inside it. */
    static final long REST_WINDOW = 29L * 86_400_000L;
    private static final int OI_LIMIT = 500;
    private static final int FUNDING_LIMIT = 1000;
    /** Some symbols settle every hour: a page of 1000 events spans at least 1000 hours. */
    private static final long SHORTEST_FUNDING_INTERVAL = 3_600_000L;

    private final String restUrl;

    public BinanceDerivatives(String restUrl) {
        this.restUrl = Urls.stripSlash(restUrl);
    }

    @Override
    public long openInterestHistoryMillis() {
        return REST_WINDOW;
    }

    @Override
    public long openInterestPageMillis() {
        return (OI_LIMIT - 1) * OPEN_INTEREST_STEP;
    }

    @Override
    public List<OpenInterestSample> openInterest(String symbol, long from, long to, Fetch fetch)
            throws ExchangeUnavailableException, MalformedResponseException, InterruptedException {
        JsonNode rows = array(fetch.get(URI.create(restUrl + "/futures/data/openInterestHist?symbol=" + symbol
                + "&period=5m&startTime=" + from + "&endTime=" + to + "&limit=" + OI_LIMIT)));
        List<OpenInterestSample> out = new ArrayList<>(rows.size());
        for (JsonNode row : rows) {
            out.add(new OpenInterestSample(JsonNumbers.integer(row.get("timestamp"), "timestamp"),
                    JsonNumbers.decimal(row.get("sumOpenInterest"), "sumOpenInterest"),
                    JsonNumbers.decimal(row.get("sumOpenInterestValue"), "sumOpenInterestValue")));
        }
        return out;
    }

    @Override
    public long fundingPageMillis() {
        return (FUNDING_LIMIT - 1) * SHORTEST_FUNDING_INTERVAL;
    }

    @Override
    public List<FundingEvent> funding(String symbol, long from, long to, Fetch fetch)
            throws ExchangeUnavailableException, MalformedResponseException, InterruptedException {
        JsonNode rows = array(fetch.get(URI.create(restUrl + "/fapi/v1/fundingRate?symbol=" + symbol
                + "&startTime=" + from + "&endTime=" + to + "&limit=" + FUNDING_LIMIT)));
        List<FundingEvent> out = new ArrayList<>(rows.size());
        for (JsonNode row : rows) {
            JsonNode mark = row.get("markPrice");
            // Old settlements carry an empty mark price: not known, so null.
            Double markPrice = mark == null || mark.isNull() || mark.asText().isBlank() ? null
                    : JsonNumbers.decimal(mark, "markPrice");
            out.add(new FundingEvent(JsonNumbers.integer(row.get("fundingTime"), "fundingTime"),
                    JsonNumbers.decimal(row.get("fundingRate"), "fundingRate"), markPrice));
        }
        return out;
    }

    @Override
    public Optional<OpenInterestArchive> archive() {
        return Optional.of(new BinanceMetricsArchive());
    }

    private static JsonNode array(byte[] body) throws MalformedResponseException {
        JsonNode root = KlineJson.read(body);
        if (root == null || !root.isArray()) {
            throw new MalformedResponseException("expected a JSON array from Binance");
        }
        return root;
    }
}
