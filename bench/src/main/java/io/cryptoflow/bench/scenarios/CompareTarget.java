package io.cryptoflow.bench.scenarios;

import static io.cryptoflow.bench.scenarios.CompareScenario.CLUSTER_LEVELS;
import static io.cryptoflow.bench.scenarios.CompareScenario.CLUSTER_PAGE;
import static io.cryptoflow.bench.scenarios.CompareScenario.GZIP;
import static io.cryptoflow.bench.scenarios.CompareScenario.PAGE;

import io.cryptoflow.bench.load.HttpLoad;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * One measured row of the compare run: a request to one server (CryptoFlow or the original tool).
 * {@code base}: the original's row this one is compared with (same coding), null for none;
 * {@code rate}: requests per second over all connections, 0 = closed loop (as fast as answered).
 */
record CompareTarget(String request, String server, URI uri, List<String> headers, CompareTarget base, double rate) {

    CompareTarget(String request, String server, URI uri, List<String> headers, CompareTarget base) {
        this(request, server, uri, headers, base, 0);
    }

    HttpLoad.Result run(HttpLoad load, Duration warmup, Duration duration, BooleanSupplier keepGoing)
            throws InterruptedException {
        return (rate > 0 ? load.atRate(rate) : load).run(server, uri, headers, warmup, duration, keepGoing);
    }

    /**
     * Identity rows, then the same requests with Accept-Encoding: gzip to both servers (the original
     * has no footprint clusters: its cluster-less row is the base).
     */
    static List<CompareTarget> targets(String ours, String theirs) {
        List<CompareTarget> targets = new ArrayList<>();
        String clustersRequest = "tf=15 limit=1000, " + CLUSTER_LEVELS + "-level clusters";
        for (List<String> headers : List.of(List.<String>of(), GZIP)) {
            String suffix = headers.isEmpty() ? "" : ", Accept-Encoding: gzip";
            CompareTarget base = theirs == null ? null : new CompareTarget("tf=15 limit=1000" + suffix, "original",
                    URI.create(theirs + PAGE), headers, null);
            if (base != null) {
                targets.add(base);
            }
            targets.add(new CompareTarget("tf=15 limit=1000" + suffix, "CryptoFlow", URI.create(ours + PAGE), headers, base));
            targets.add(new CompareTarget(clustersRequest + suffix, "CryptoFlow", URI.create(ours + CLUSTER_PAGE),
                    headers, base));
        }
        return targets;
    }
}
