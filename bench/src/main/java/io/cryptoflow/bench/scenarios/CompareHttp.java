package io.cryptoflow.bench.scenarios;

import io.cryptoflow.bench.report.Fmt;
import java.net.URI;
import java.time.Duration;

/** The compare run's single requests (java.net.http, not the load): probing an answer, waiting for candles. */
final class CompareHttp {

    private CompareHttp() {
    }

    /** One request before the load: what the server answered to these headers (coding and size). */
    static String probe(CompareTarget t) {
        try {
            var http = java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1).build();
            var b = java.net.http.HttpRequest.newBuilder(t.uri()).timeout(Duration.ofSeconds(30));
            if (!t.headers().isEmpty()) {
                b.headers(t.headers().toArray(String[]::new));
            }
            var r = http.send(b.build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray());
            return t.server() + " \"" + t.request() + "\": HTTP " + r.statusCode() + ", Content-Encoding "
                    + r.headers().firstValue("Content-Encoding").orElse("none (identity)") + ", "
                    + Fmt.num(r.body().length / 1024.0, 1) + " KB received";
        } catch (java.io.IOException e) {
            return t.server() + " \"" + t.request() + "\": probe failed: " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return t.server() + " \"" + t.request() + "\": probe interrupted";
        }
    }

    static void awaitCandles(String url, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
        while (System.nanoTime() < deadline) {
            try {
                var r = http.send(java.net.http.HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                        .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200 && r.body().contains("\"time\"")) {
                    return;
                }
            } catch (java.io.IOException e) {
                // not up yet
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("no candles at " + url + " within " + timeout);
    }
}
