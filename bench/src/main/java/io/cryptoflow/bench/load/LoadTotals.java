package io.cryptoflow.bench.load;

import java.util.Map;
import java.util.TreeMap;

/** Several {@link HttpLoad.Result} rounds of one request kind added up. */
public final class LoadTotals {

    private long requests;
    private long errors;
    private double seconds;
    private long bytes;
    private final Latencies micros = new Latencies();
    private final Map<String, Long> errorKinds = new TreeMap<>();

    public void add(HttpLoad.Result r) {
        requests += r.requests();
        errors += r.errors();
        seconds += r.seconds();
        bytes += r.bytes();
        micros.addAll(r.latenciesMicros());
        r.errorKinds().forEach((k, v) -> errorKinds.merge(k, v, Long::sum));
    }

    public long requests() {
        return requests;
    }

    public long errors() {
        return errors;
    }

    public double seconds() {
        return seconds;
    }

    public double requestsPerSecond() {
        return seconds == 0 ? Double.NaN : requests / seconds;
    }

    public double p50Millis() {
        return micros.percentile(50) / 1000.0;
    }

    public double p99Millis() {
        return micros.percentile(99) / 1000.0;
    }

    public double avgBodyKb() {
        return requests == 0 ? Double.NaN : bytes / 1024.0 / requests;
    }

    public String errorKinds() {
        return errorKinds.isEmpty() ? "" : errorKinds.toString();
    }
}
