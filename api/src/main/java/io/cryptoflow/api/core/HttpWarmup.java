package io.cryptoflow.api.core;

import io.cryptoflow.common.MarketSymbol;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One warm-up round over real HTTP ({@link StartupWarmup.Target}): for the newest page of every market
 * and timeframe the requests a chart, a poller and a bot send (gzip, a browser's headers, identity,
 * gzip revalidated with the page's ETag for a 304, without clusters), for one market per round a
 * small trades page, a depth heatmap and the symbol list, and one malformed request. They go to the
 * loopback {@link WarmupConnector}, so Jetty's parser and connection, the filters, Jersey, Jackson and
 * the gzip handler are compiled along with the read path. {@link #CONNECTIONS} keep-alive connections
 * send at once ({@link WarmupClient}, one thread each). Each round begins with what the admin port is
 * asked (the collector's /readers, a health check).
 *
 * <p>Why two and not the 16 of wrk and many real clients: with C2 alone (the API's launcher flags) the
 * warm-up runs interpreted code while one compiler thread works through its queue, and 16 client and 16
 * server threads took the cores from that thread; the warm-up made the same number of requests with two
 * (its requests are slow while interpreted either way), and the first 10 s of load after it ran at
 * 1.2-2.6x the rate, its p99 level or halved (docs/benchmarks.md, "The warm-up's connections").
 */
public final class HttpWarmup implements StartupWarmup.Target {

    private static final Logger LOG = LoggerFactory.getLogger(HttpWarmup.class);

    private static final int CONNECTIONS = 2;
    private static final String GZIP = "Accept-Encoding: gzip";
    /**
     * The headers of a browser's fetch (a chart) and of a Python bot's requests.get. Real clients send
     * more than a Host header, and Jetty keeps headers in field classes of their own (known name and
     * value, compliant, host and port): a warm-up of bare requests left C2's type profiles with fewer
     * classes than the first real clients brought, and their requests deoptimized the request path
     * (docs/benchmarks.md, "The first requests after the warm-up deoptimized what it had compiled").
     */
    private static final List<String> BROWSER = List.of(
            "User-Agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
            "Accept: */*", "Accept-Language: en-US,en;q=0.9", "Accept-Encoding: gzip, deflate, br, zstd",
            "Connection: keep-alive", "Referer: http://localhost/", "Sec-Fetch-Dest: empty", "Sec-Fetch-Mode: cors",
            "Sec-Fetch-Site: same-origin", "Cache-Control: no-cache", "Pragma: no-cache");
    private static final List<String> BOT = List.of("User-Agent: python-requests/2.32.3",
            "Accept-Encoding: gzip, deflate", "Accept: */*", "Connection: keep-alive");

    private record Get(String path, List<String> headers) {
    }

    private final WarmupConnector connector;
    /** The gzip answers' tags by path: the ones a chart revalidates with. */
    private final Map<String, String> tags = new ConcurrentHashMap<>();
    private final List<WarmupClient> clients = new CopyOnWriteArrayList<>();
    private ExecutorService workers;
    private ThreadLocal<WarmupClient> client;
    private WarmupClient admin;
    private int round;

    public HttpWarmup(WarmupConnector connector) {
        this.connector = connector;
    }

    @Override
    public long read(List<CandleQuery> pages, long deadline) throws Exception {
        if (workers == null) {
            URI base = connector.open();
            if (base == null) {
                throw new IllegalStateException("no warm-up connector (server type is not \"default\")");
            }
            URI adminBase = null;
            try {
                adminBase = connector.openAdmin();
            } catch (Exception e) { // the warm-up goes on without it; the server starts the connector as ever
                LOG.warn("warm-up: the admin connector did not open early: {}", e.toString());
            }
            admin = adminBase == null ? null : new WarmupClient(adminBase);
            workers = Executors.newFixedThreadPool(CONNECTIONS, r -> {
                Thread t = new Thread(r, "startup-warmup-client");
                t.setDaemon(true);
                return t;
            });
            client = ThreadLocal.withInitial(() -> {
                WarmupClient c = new WarmupClient(base);
                clients.add(c);
                return c;
            });
        }
        List<Get> requests = new ArrayList<>();
        Set<MarketSymbol> markets = new LinkedHashSet<>();
        for (CandleQuery q : pages) {
            if (q.before() != null) { // a page of history (StartupWarmup.withHistory): as a chart scrolling back
                String back = path("/api/candles", q.market(), "&tf=" + q.tf().minutes() + "&limit=" + q.limit()
                        + "&before=" + q.before());
                requests.add(new Get(back, List.of()));
                requests.add(new Get(back, List.of(GZIP)));
                continue;
            }
            markets.add(q.market());
            String page = path("/api/candles", q.market(), "&tf=" + q.tf().minutes() + "&limit=" + q.limit());
            requests.add(new Get(page, List.of(GZIP)));
            requests.add(new Get(page, BROWSER));
            requests.add(new Get(page, List.of()));
            String tag = tags.get(page);
            if (tag != null) {
                requests.add(new Get(page, List.of(GZIP, "If-None-Match: " + tag)));
            }
            requests.add(new Get(page + "&clusters=false", BOT));
        }
        if (!markets.isEmpty()) {
            MarketSymbol market = new ArrayList<>(markets).get(round++ % markets.size());
            requests.add(new Get(path("/api/trades", market, "&limit=100"), List.of(GZIP)));
            requests.add(new Get(path("/api/depth", market, ""), List.of(GZIP)));
            requests.add(new Get("/api/symbols", List.of(GZIP)));
        }
        // a malformed request, answered 400 by Jetty's error handler: a user's typo must not deoptimize the path
        requests.add(new Get("/api/candles%zz", List.of()));
        // first in the round, and not in its last second: the admin connection closes with the warm-up,
        // when the server has long completed them (the admin connector stays open: it is not drained as
        // the warm-up's own is, and a request still completing counts in flight as start returns)
        boolean adminToo = deadline - System.nanoTime() > TimeUnit.SECONDS.toNanos(1);
        return (adminToo ? askAdmin() : 0) + send(requests, deadline);
    }

    /** What the collector and a health probe ask the admin port (WarmupConnector.openAdmin); answers counted. */
    private long askAdmin() {
        long answered = 0;
        for (String path : admin == null ? List.<String>of() : List.of("/readers", "/readers", "/healthcheck")) {
            try {
                admin.get(path, List.of());
                answered++;
            } catch (IOException e) {
                // the connection reopens with the next request
            }
        }
        return answered;
    }

    /**
     * Sends them all over the {@link #CONNECTIONS} connections and says how many were answered; any
     * status will do (a 404 or 503 warms its path too).
     */
    private long send(List<Get> requests, long deadline) throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        AtomicLong answered = new AtomicLong();
        List<Callable<Void>> connections = new ArrayList<>();
        for (int i = 0; i < CONNECTIONS; i++) {
            connections.add(() -> {
                WarmupClient c = client.get();
                for (int n = next.getAndIncrement(); n < requests.size() && System.nanoTime() < deadline;
                     n = next.getAndIncrement()) {
                    Get get = requests.get(n);
                    try {
                        WarmupClient.Reply reply = c.get(get.path(), get.headers());
                        answered.incrementAndGet();
                        if (reply.status() == 200 && reply.etag() != null && get.headers().equals(List.of(GZIP))) {
                            tags.put(get.path(), reply.etag());
                        }
                    } catch (IOException e) {
                        // a reset or timeout: the connection reopens with the next request
                    }
                }
                return null;
            });
        }
        workers.invokeAll(connections);
        return answered.get();
    }

    private static String path(String path, MarketSymbol market, String more) {
        return path + "?exchange=" + URLEncoder.encode(market.exchange(), StandardCharsets.UTF_8)
                + "&symbol=" + URLEncoder.encode(market.symbol(), StandardCharsets.UTF_8) + more;
    }

    @Override
    public void close() {
        // the clients first: the connector drains until the server has closed their connections
        if (workers != null) {
            workers.shutdownNow();
        }
        clients.forEach(WarmupClient::close);
        if (admin != null) {
            admin.close();
        }
        connector.close();
    }
}
