package io.cryptoflow.bench.load;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * A closed-loop HTTP load: {@code connections} threads, each sending the next GET as soon as the
 * previous answer is read in full, for a fixed time. Every non-200 answer and every I/O error is
 * an error; latency is measured per request from send to the last body byte. Bytes are counted as
 * received, as wrk does: java.net.http never decompresses, so a gzip answer counts its gzip size.
 * Bodies are counted and dropped as they arrive ({@link BodyCounter}), as wrk does, so the load's
 * own copying does not take the cores of the server it measures.
 */
public final class HttpLoad {

    private final int connections;

    public HttpLoad(int connections) {
        this.connections = connections;
    }

    public record Result(String label, long requests, long errors, double seconds, Latencies latenciesMicros,
                         long bytes, Map<String, Long> errorKinds) {

        public double requestsPerSecond() {
            return requests / seconds;
        }

        public double p50Millis() {
            return latenciesMicros.percentile(50) / 1000.0;
        }

        public double p99Millis() {
            return latenciesMicros.percentile(99) / 1000.0;
        }

        public double avgBodyKb() {
            return requests == 0 ? Double.NaN : bytes / 1024.0 / requests;
        }
    }

    /**
     * Runs for {@code duration}, stopping early when {@code keepGoing} turns false (checked between
     * requests), after a warm-up of {@code warmup} whose requests are not counted.
     */
    public Result run(String label, URI uri, Duration warmup, Duration duration, BooleanSupplier keepGoing)
            throws InterruptedException {
        return run(label, uri, List.of(), warmup, duration, keepGoing);
    }

    /** @param headers request header names and values, alternating (e.g. Accept-Encoding, gzip) */
    public Result run(String label, URI uri, List<String> headers, Duration warmup, Duration duration,
                      BooleanSupplier keepGoing) throws InterruptedException {
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .executor(java.util.concurrent.Executors.newFixedThreadPool(4, r -> {
                    Thread t = new Thread(r, "bench-http");
                    t.setDaemon(true);
                    return t;
                }))
                .build();
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET();
        if (!headers.isEmpty()) {
            builder.headers(headers.toArray(String[]::new));
        }
        HttpRequest request = builder.build();
        AtomicLong requests = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicLong bytes = new AtomicLong();
        Map<String, Long> errorKinds = new ConcurrentHashMap<>();
        Latencies all = new Latencies();
        long warmupEnd = System.nanoTime() + warmup.toNanos();
        long end = warmupEnd + duration.toNanos();
        long[] measuredStart = {warmupEnd};
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            Thread t = new Thread(() -> {
                Latencies mine = new Latencies();
                while (true) {
                    long start = System.nanoTime();
                    if (start >= end || (start >= warmupEnd && !keepGoing.getAsBoolean())) {
                        break;
                    }
                    String error = null;
                    long size = 0;
                    try {
                        HttpResponse<Long> response = client.send(request, BodyCounter.HANDLER);
                        size = response.body();
                        if (response.statusCode() != 200) {
                            error = "HTTP " + response.statusCode();
                        }
                    } catch (IOException e) {
                        error = e.getClass().getSimpleName();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        break;
                    }
                    long took = System.nanoTime() - start;
                    if (start < warmupEnd) {
                        continue;
                    }
                    requests.incrementAndGet();
                    bytes.addAndGet(size);
                    mine.add(took / 1000);
                    if (error != null) {
                        errors.incrementAndGet();
                        errorKinds.merge(error, 1L, Long::sum);
                    }
                }
                all.addAll(mine);
            }, "bench-load-" + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        double seconds = Math.max(1e-9, (Math.min(System.nanoTime(), end) - measuredStart[0]) / 1e9);
        return new Result(label, requests.get(), errors.get(), seconds, all, bytes.get(), Map.copyOf(errorKinds));
    }

    /** Counts a body's bytes as they arrive and keeps none of them. */
    static final class BodyCounter implements Flow.Subscriber<List<ByteBuffer>> {

        static final HttpResponse.BodyHandler<Long> HANDLER =
                info -> HttpResponse.BodySubscribers.fromSubscriber(new BodyCounter(), BodyCounter::bytes);

        private long bytes;

        long bytes() {
            return bytes;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            for (ByteBuffer b : buffers) {
                bytes += b.remaining();
            }
        }

        @Override
        public void onError(Throwable error) {
            // the send() call throws it
        }

        @Override
        public void onComplete() {
            // the finisher reads the count
        }
    }
}
