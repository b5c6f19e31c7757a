package io.cryptoflow.collector.load;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Busy while the API's readers are waiting on it: the mean number of API requests in flight between
 * two samples, read from the API's admin endpoint {@code /readers} (api {@code filters/ReaderLoad}:
 * {@code inFlight requestNanos nowNanos}), is above {@code above}. When the API cannot be reached
 * (not started yet, another machine, an older API) the {@code fallback} decides.
 *
 * <p>Why not CPU: the share of the CPU other processes use counted the replicator copying the
 * backfill's own pages and any unrelated process, so a machine whose one core a trading bot keeps
 * busy held every history page {@code maxWait} with not one reader there (issue 23). The API's own
 * request time is zero without readers, whatever else runs.
 */
public final class ApiReadersWaiting implements BusySignal {

    private final Supplier<long[]> source;
    private final double above;
    private final BusySignal fallback;
    private long lastRequestNanos = -1;
    private long lastNow;
    private volatile Double meanInFlight;

    public ApiReadersWaiting(URI readers, double above, BusySignal fallback) {
        this(overHttp(readers), above, fallback);
    }

    /** @param source {@code [inFlight, requestNanos, nowNanos]} per call, or null when the API did not answer */
    ApiReadersWaiting(Supplier<long[]> source, double above, BusySignal fallback) {
        this.source = source;
        this.above = above;
        this.fallback = fallback;
    }

    @Override
    public synchronized Double busyLevel() {
        long[] now = source.get();
        if (now == null) {
            lastRequestNanos = -1;
            meanInFlight = null;
            return fallback.busyLevel();
        }
        Double mean = null;
        if (lastRequestNanos >= 0 && now[2] > lastNow && now[1] >= lastRequestNanos) {
            mean = (double) (now[1] - lastRequestNanos) / (now[2] - lastNow);
        }
        lastRequestNanos = now[1];
        lastNow = now[2];
        meanInFlight = mean;
        // A request in flight for longer than the interval shows in its count before its time does.
        double level = Math.max(mean == null ? 0 : mean, now[0] > above ? now[0] : 0);
        return level > above ? level : null;
    }

    /** Mean API requests in flight over the last sampled interval; null when unknown. */
    public Double meanInFlight() {
        return meanInFlight;
    }

    private static Supplier<long[]> overHttp(URI readers) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(200)).build();
        HttpRequest request = HttpRequest.newBuilder(readers).timeout(Duration.ofMillis(500)).GET().build();
        return () -> {
            try {
                HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
                return r.statusCode() == 200 ? parse(r.body()) : null;
            } catch (IOException | RuntimeException e) {
                return null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        };
    }

    /** The API's {@code inFlight requestNanos nowNanos} line; null when it is not one. */
    static long[] parse(String body) {
        String[] f = body.trim().split(" ");
        try {
            return f.length < 3 ? null : new long[] {Long.parseLong(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2])};
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
