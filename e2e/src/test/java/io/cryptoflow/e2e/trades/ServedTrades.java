package io.cryptoflow.e2e.trades;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code /api/trades} serves for one range: every trade (JSON followed page by page through
 * its cursor, or one CSV body) and the ranges it states missing (both bounds exclusive, as the
 * collector records its gaps).
 */
record ServedTrades(List<Trade> trades, List<StoredRawTrades.Gap> missing) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** One served trade; {@code id} null where it is not compared. */
    record Trade(long time, Long id, BigDecimal price, BigDecimal qty, String side) {
    }

    /** The JSON pages of {@code base} ({@code ...&from=..&to=..}) with {@code limit} each, followed through {@code next}. */
    static ServedTrades pagedJson(String base, int limit) throws Exception {
        List<Trade> out = new ArrayList<>();
        List<StoredRawTrades.Gap> missing = null;
        String cursor = null;
        while (true) {
            JsonNode page = JSON.readTree(get(base + "&limit=" + limit + (cursor == null ? "" : "&cursor=" + cursor)).body());
            if (missing == null) {
                missing = new ArrayList<>();
                for (JsonNode m : page.get("missing")) {
                    missing.add(new StoredRawTrades.Gap(m.get("from").asLong(), m.get("to").asLong()));
                }
            }
            for (JsonNode t : page.get("trades")) {
                out.add(new Trade(t.get(0).asLong(), t.get(1).asLong(), t.get(2).decimalValue(), t.get(3).decimalValue(),
                        t.get(4).asText()));
            }
            if (page.get("next").isNull()) {
                return new ServedTrades(out, missing);
            }
            cursor = page.get("next").asText();
        }
    }

    /** One CSV body of {@code base} ({@code format=csv} added); the missing ranges from its header. */
    static ServedTrades csv(String base) throws Exception {
        HttpResponse<String> r = get(base + "&format=csv&limit=5000000");
        String[] lines = r.body().split("\n");
        assertThat(lines[0]).isEqualTo("time,id,price,qty,side");
        List<Trade> out = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            String[] f = lines[i].split(",");
            out.add(new Trade(Long.parseLong(f[0]), Long.parseLong(f[1]), new BigDecimal(f[2]), new BigDecimal(f[3]), f[4]));
        }
        List<StoredRawTrades.Gap> missing = new ArrayList<>();
        for (String range : r.headers().firstValue("X-Trades-Missing").map(h -> h.split(",")).orElse(new String[0])) {
            int dash = range.indexOf('-', 1);
            missing.add(new StoredRawTrades.Gap(Long.parseLong(range.substring(0, dash)), Long.parseLong(range.substring(dash + 1))));
        }
        return new ServedTrades(out, missing);
    }

    static HttpResponse<String> get(String url) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(url + ": " + r.body()).isEqualTo(200);
        return r;
    }
}
