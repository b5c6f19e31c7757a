package io.cryptoflow.collector.load;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The pressure of the API's readers waiting on it, read from the API's admin endpoint {@code /readers}
 * (api {@code filters/ReaderLoad}: {@code inFlight requestNanos nowNanos queued queuedNanos
 * overCoresNanos}). Between two samples the mean number of requests waiting is the larger of: those
 * queued for a build slot (one per core), and those in flight beyond the API's cores; a request
 * queued right now counts too (its queue time shows only once it leaves the queue). Pressure rises
 * from 0 at {@code above} waiting to 1 at {@code full} waiting.
 *
 * <p>Why waiting, not in flight: 16 chart users reading every 250 ms keep about one request in
 * flight while 30 % of the CPU stays idle; yielding to them stalled a backfill for minutes
 * (issue 23). Requests queue only when the cores cannot serve them all, and only then does the
 * backfill's CPU cost the readers.
 *
 * <p>When the API does not answer: a poll that times out after answering within the last
 * {@link #TIMEOUTS_COUNT_AS_WAITING_NANOS} means an API too busy to answer its admin port — full
 * pressure, which still only costs the backfill its capped share of time ({@link BackfillYield}).
 * A refused connection, an API never reached, or timeouts beyond that span (a hung or moved API):
 * {@code fallback} decides. An older API's three fields: requests in flight beyond this machine's cores.
 */
public final class ApiReadersWaiting implements BusySignal {

    /** How long polls that time out count as an overloaded API before the fallback takes over. */
    static final long TIMEOUTS_COUNT_AS_WAITING_NANOS = TimeUnit.SECONDS.toNanos(30);

    /** One poll of {@code /readers}: its fields, or why there are none. */
    record Reply(long[] fields, boolean timedOut) {
        static Reply of(long... fields) {
            return new Reply(fields, false);
        }

        static final Reply TIMED_OUT = new Reply(null, true);
        static final Reply UNREACHABLE = new Reply(null, false);
    }

    private final Supplier<Reply> source;
    private final double above;
    private final double full;
    private final int cores;
    private final BusySignal fallback;
    private final LongSupplier nanoClock;
    private long[] last;
    private long lastAnswerNanos;
    private boolean everAnswered;
    private volatile Double meanInFlight;
    private volatile Double meanWaiting;

    public ApiReadersWaiting(URI readers, Duration timeout, double above, double full, BusySignal fallback) {
        this(overHttp(readers, timeout), above, full, Runtime.getRuntime().availableProcessors(), fallback,
                System::nanoTime);
    }

    ApiReadersWaiting(Supplier<Reply> source, double above, double full, int cores, BusySignal fallback,
                      LongSupplier nanoClock) {
        this.source = source;
        this.above = above;
        this.full = Math.max(full, above + 0.01);
        this.cores = Math.max(1, cores);
        this.fallback = fallback;
        this.nanoClock = nanoClock;
    }

    @Override
    public synchronized Double busyLevel() {
        Reply reply = source.get();
        long now = nanoClock.getAsLong();
        if (reply.fields() == null) {
            last = null;
            meanInFlight = null;
            meanWaiting = null;
            if (reply.timedOut() && everAnswered && now - lastAnswerNanos < TIMEOUTS_COUNT_AS_WAITING_NANOS) {
                return 1.0;
            }
            return fallback.busyLevel();
        }
        long[] f = reply.fields();
        everAnswered = true;
        lastAnswerNanos = now;
        Double waiting = null;
        if (last != null && f[2] > last[2] && f[1] >= last[1]) {
            double interval = f[2] - last[2];
            meanInFlight = (f[1] - last[1]) / interval;
            waiting = f.length >= 6 && last.length >= 6
                    ? Math.max(Math.max(0, f[4] - last[4]), Math.max(0, f[5] - last[5])) / interval
                    : Math.max(0, meanInFlight - cores);
        }
        if (f.length >= 6) {
            waiting = Math.max(waiting == null ? 0 : waiting, f[3]);
        }
        last = f;
        meanWaiting = waiting;
        return pressure(waiting);
    }

    private Double pressure(Double waiting) {
        if (waiting == null || waiting <= above) {
            return null;
        }
        return Math.min(1, (waiting - above) / (full - above));
    }

    /** Mean API requests in flight over the last sampled interval; null when unknown. */
    public Double meanInFlight() {
        return meanInFlight;
    }

    /** Mean API requests waiting over the last sampled interval (queued now included); null when unknown. */
    public Double meanWaiting() {
        return meanWaiting;
    }

    private static Supplier<Reply> overHttp(URI readers, Duration timeout) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(timeout).build();
        HttpRequest request = HttpRequest.newBuilder(readers).timeout(timeout).GET().build();
        return () -> {
            try {
                HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
                long[] fields = r.statusCode() == 200 ? parse(r.body()) : null;
                return fields == null ? Reply.UNREACHABLE : Reply.of(fields);
            } catch (HttpTimeoutException e) {
                // a connect timeout too: a loopback accept queue that full is an overloaded API
                return Reply.TIMED_OUT;
            } catch (IOException | RuntimeException e) {
                return Reply.UNREACHABLE;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Reply.UNREACHABLE;
            }
        };
    }

    /** The API's line of 3 (older APIs) or 6 numbers; null when it is not one. */
    static long[] parse(String body) {
        String[] f = body.trim().split(" ");
        if (f.length < 3) {
            return null;
        }
        int n = f.length >= 6 ? 6 : 3;
        long[] out = new long[n];
        try {
            for (int i = 0; i < n; i++) {
                out[i] = Long.parseLong(f[i]);
            }
        } catch (NumberFormatException e) {
            return null;
        }
        return out;
    }
}
