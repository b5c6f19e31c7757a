package io.cryptoflow.api.core;

import io.cryptoflow.common.MarketSymbol;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;

/**
 * One warm-up round over real HTTP ({@link StartupWarmup.Target}): for the newest page of every market
 * and timeframe the requests a chart and a poller send (gzip, identity, gzip revalidated with the
 * page's ETag for a 304, without clusters), and for one market per round a small trades page, a depth
 * heatmap and the symbol list. They go to the loopback {@link WarmupConnector}, so Jetty's parser and
 * connection, the filters, Jersey, Jackson and the gzip handler are compiled along with the read path.
 * Several requests are in flight at once, as with the many connections of real clients.
 */
public final class HttpWarmup implements StartupWarmup.Target {

    private static final int IN_FLIGHT = 8;
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final WarmupConnector connector;
    private final Map<URI, String> tags = new ConcurrentHashMap<>();
    private ExecutorService clientThreads;
    private HttpClient client;
    private URI base;
    private int round;

    public HttpWarmup(WarmupConnector connector) {
        this.connector = connector;
    }

    @Override
    public long read(List<CandleQuery> pages, long deadline) throws Exception {
        if (base == null) {
            base = connector.open();
            if (base == null) {
                throw new IllegalStateException("no warm-up connector (server type is not \"default\")");
            }
            clientThreads = Executors.newFixedThreadPool(2, r -> {
                Thread t = new Thread(r, "startup-warmup-client");
                t.setDaemon(true);
                return t;
            });
            client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(clientThreads)
                    .connectTimeout(TIMEOUT).build();
        }
        List<HttpRequest> requests = new ArrayList<>();
        Set<MarketSymbol> markets = new LinkedHashSet<>();
        for (CandleQuery q : pages) {
            markets.add(q.market());
            URI page = uri("/api/candles", q.market(), "&tf=" + q.tf().minutes() + "&limit=" + q.limit());
            requests.add(get(page).header("Accept-Encoding", "gzip").build());
            requests.add(get(page).build());
            String tag = tags.get(page);
            if (tag != null) {
                requests.add(get(page).header("Accept-Encoding", "gzip").header("If-None-Match", tag).build());
            }
            requests.add(get(uri("/api/candles", q.market(), "&tf=" + q.tf().minutes() + "&limit=" + q.limit()
                    + "&clusters=false")).header("Accept-Encoding", "gzip").build());
        }
        if (!markets.isEmpty()) {
            MarketSymbol market = new ArrayList<>(markets).get(round++ % markets.size());
            requests.add(get(uri("/api/trades", market, "&limit=100")).header("Accept-Encoding", "gzip").build());
            requests.add(get(uri("/api/depth", market, "")).header("Accept-Encoding", "gzip").build());
            requests.add(get(base.resolve("/api/symbols")).header("Accept-Encoding", "gzip").build());
        }
        return send(requests, deadline);
    }

    /**
     * Sends them all, at most {@link #IN_FLIGHT} at a time, and says how many it sent; any status will
     * do (a 404 or 503 warms its path too).
     */
    private long send(List<HttpRequest> requests, long deadline) throws InterruptedException {
        Semaphore slots = new Semaphore(IN_FLIGHT);
        long sent = 0;
        for (HttpRequest request : requests) {
            slots.acquire();
            if (System.nanoTime() > deadline) {
                slots.release();
                break;
            }
            sent++;
            client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
                // the gzip answer's tag: the one a chart revalidates with
                if (response != null && response.statusCode() == 200
                        && request.headers().firstValue("Accept-Encoding").isPresent()) {
                    response.headers().firstValue("ETag").ifPresent(tag -> tags.put(request.uri(), tag));
                }
                slots.release();
            });
        }
        slots.acquire(IN_FLIGHT);
        return sent;
    }

    private URI uri(String path, MarketSymbol market, String more) {
        return base.resolve(path + "?exchange=" + URLEncoder.encode(market.exchange(), StandardCharsets.UTF_8)
                + "&symbol=" + URLEncoder.encode(market.symbol(), StandardCharsets.UTF_8) + more);
    }

    private static HttpRequest.Builder get(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET();
    }

    @Override
    public void close() {
        connector.close();
        if (clientThreads != null) {
            clientThreads.shutdownNow();
        }
    }
}
