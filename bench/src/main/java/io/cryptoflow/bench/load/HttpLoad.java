package io.cryptoflow.bench.load;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * An HTTP load: {@code connections} threads, each with one keep-alive HTTP/1.1 connection, sending
 * the next GET as soon as the previous answer is read in full (closed loop), or at a fixed rate
 * ({@link #atRate}), for a fixed time. Every non-200 answer and every I/O error is an error; latency is measured per request from
 * send to the last body byte (a reconnect counts in the request that needed it). Bytes are counted
 * as received, as wrk does: nothing is decompressed, so a gzip answer counts its gzip size.
 *
 * <p>Each thread writes and reads its own blocking socket and drops bodies as they arrive into one
 * reused buffer ({@link Http1Exchange}), as wrk does. java.net.http, used before, took as much CPU
 * as the API it measured (68-86 % of a core against the API's 38-105 % in the 07:14 compare run),
 * with several thread hand-offs per request: on 2 cores the load generator must leave them to the
 * servers it compares.
 */
public final class HttpLoad {

    private final int connections;
    /** Requests per second over all connections; 0 = closed loop (each sends as soon as it is answered). */
    private final double rate;

    public HttpLoad(int connections) {
        this(connections, 0);
    }

    private HttpLoad(int connections, double rate) {
        this.connections = connections;
        this.rate = rate;
    }

    /**
     * The same connections sending at a fixed total rate instead: each on its own schedule, and a
     * request's latency counted from when it was due, not from when it could be sent, so time spent
     * queued behind a slow answer counts (as wrk2 measures; no coordinated omission).
     */
    public HttpLoad atRate(double requestsPerSecond) {
        return new HttpLoad(connections, requestsPerSecond);
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
        InetSocketAddress address = new InetSocketAddress(uri.getHost(), uri.getPort() < 0 ? 80 : uri.getPort());
        String target = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        byte[] request = Http1Exchange.get(uri.getHost(), address.getPort(), target, headers);
        AtomicLong requests = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicLong bytes = new AtomicLong();
        Map<String, Long> errorKinds = new ConcurrentHashMap<>();
        Set<SocketChannel> open = ConcurrentHashMap.newKeySet();
        Latencies all = new Latencies();
        long warmupEnd = System.nanoTime() + warmup.toNanos();
        long end = warmupEnd + duration.toNanos();
        List<Thread> threads = new ArrayList<>();
        long interval = rate > 0 ? (long) (connections * 1e9 / rate) : 0;
        for (int i = 0; i < connections; i++) {
            long firstDue = System.nanoTime() + i * interval / connections;
            Thread t = new Thread(() -> {
                long due = firstDue;
                Latencies mine = new Latencies();
                ByteBuffer buffer = ByteBuffer.allocateDirect(256 * 1024);
                ByteBuffer out = ByteBuffer.wrap(request);
                SocketChannel channel = null;
                Http1Exchange exchange = null;
                while (true) {
                    long start = System.nanoTime();
                    if (interval > 0) {
                        start = due;
                        due += interval;
                        for (long wait = start - System.nanoTime(); wait > 0; wait = start - System.nanoTime()) {
                            LockSupport.parkNanos(wait);
                        }
                    }
                    // At a fixed rate a server that falls behind leaves requests due before the end still
                    // unsent when it comes: they are not sent, so req/s is what was answered in the time.
                    if (start >= end || System.nanoTime() >= end || (start >= warmupEnd && !keepGoing.getAsBoolean())) {
                        break;
                    }
                    String error = null;
                    long size = 0;
                    try {
                        if (channel == null) {
                            channel = SocketChannel.open(address);
                            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                            open.add(channel);
                            exchange = new Http1Exchange(channel, buffer);
                        }
                        out.clear();
                        while (out.hasRemaining()) {
                            channel.write(out);
                        }
                        Http1Exchange.Response response = exchange.read();
                        size = response.bodyBytes();
                        if (response.status() != 200) {
                            error = "HTTP " + response.status();
                        }
                        if (!response.keepAlive()) {
                            channel = close(channel, open);
                        }
                    } catch (IOException | RuntimeException e) {
                        error = e.getClass().getSimpleName();
                        channel = close(channel, open);
                    }
                    long took = System.nanoTime() - start;
                    if (start >= warmupEnd) {
                        requests.incrementAndGet();
                        bytes.addAndGet(size);
                        mine.add(took / 1000);
                        if (error != null) {
                            errors.incrementAndGet();
                            errorKinds.merge(error, 1L, Long::sum);
                        }
                    }
                    if (channel == null && error != null && !pause()) {
                        break;
                    }
                }
                close(channel, open);
                all.addAll(mine);
            }, "bench-load-" + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        // A server that stops answering must not hang the bench: its sockets are closed 30 s after the end.
        long deadline = end + Duration.ofSeconds(30).toNanos();
        for (Thread t : threads) {
            t.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
        }
        open.forEach(c -> close(c, open));
        for (Thread t : threads) {
            t.join();
        }
        double seconds = Math.max(1e-9, (Math.min(System.nanoTime(), end) - warmupEnd) / 1e9);
        return new Result(label, requests.get(), errors.get(), seconds, all, bytes.get(), Map.copyOf(errorKinds));
    }

    private static SocketChannel close(SocketChannel channel, Set<SocketChannel> open) {
        if (channel != null) {
            open.remove(channel);
            try {
                channel.close();
            } catch (IOException e) {
                // already broken
            }
        }
        return null;
    }

    /** After a failed connection: a short pause so a refusing server is not hammered; false when interrupted. */
    private static boolean pause() {
        try {
            Thread.sleep(10);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
