package io.cryptoflow.api.filters;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import io.cryptoflow.api.core.BuildGate;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * How much the API's readers are waiting on it, not merely there. Three cumulative clocks (nanoseconds
 * summed over concurrent requests since start); between two readings, Δclock ÷ Δtime is a mean
 * number of requests (Little's law):
 * <ul>
 *   <li>{@code requestNanos}: time requests spent in the API — the mean in flight. About 1 for one
 *       client that always waits on the API, and 0.1 for 16 chart users who each read every 250 ms
 *       a page built in 1.5 ms: it says readers exist, not that they wait;</li>
 *   <li>{@code queuedNanos}: time requests spent queued for a build slot ({@link BuildGate}, one
 *       build per core) — the mean queued behind busy cores;</li>
 *   <li>{@code overCoresNanos}: time with more requests in flight than cores, times the excess —
 *       the mean of requests that cannot all be running (cached answers included, which pass no gate).</li>
 * </ul>
 *
 * <p>Why: the collector's backfill yields to readers (collector {@code load/BackfillYield}). Yielding
 * while readers were merely in flight stalled a 730-day backfill with 30 % of the CPU idle under paced
 * chart readers (issue 23); the queue clocks are zero until requests outnumber what the cores serve.
 * The collector reads {@link Servlet} on the admin connector (loopback by default); the two still
 * share no database.
 */
public final class ReaderLoad implements Filter {

    private final int cores;
    private final List<BuildGate> gates;
    private final LongSupplier nanoClock;
    private int inFlight;
    private long requestNanos;
    private long overCoresNanos;
    private long lastChangeNanos;

    /** @param gates the build gates whose queues count as readers waiting */
    public ReaderLoad(int cores, List<BuildGate> gates) {
        this(cores, gates, System::nanoTime);
    }

    ReaderLoad(int cores, List<BuildGate> gates, LongSupplier nanoClock) {
        this.cores = Math.max(1, cores);
        this.gates = List.copyOf(gates);
        this.nanoClock = nanoClock;
        this.lastChangeNanos = nanoClock.getAsLong();
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        entered();
        try {
            chain.doFilter(req, res);
        } finally {
            left();
        }
    }

    void entered() {
        change(+1);
    }

    void left() {
        change(-1);
    }

    /**
     * Integrates in-flight and its excess over the cores up to now, then moves in-flight by {@code delta}.
     * One short lock per request start and end: nothing next to a page build.
     */
    private synchronized void change(int delta) {
        long now = nanoClock.getAsLong();
        long dt = now - lastChangeNanos;
        requestNanos += inFlight * dt;
        overCoresNanos += Math.max(0, inFlight - cores) * dt;
        lastChangeNanos = now;
        inFlight += delta;
    }

    public synchronized int inFlight() {
        return inFlight;
    }

    public synchronized long requestNanos() {
        change(0);
        return requestNanos;
    }

    public synchronized long overCoresNanos() {
        change(0);
        return overCoresNanos;
    }

    /** Requests queued for a build slot now. */
    public int queued() {
        return gates.stream().mapToInt(BuildGate::queued).sum();
    }

    public long queuedNanos() {
        return gates.stream().mapToLong(BuildGate::waitedNanos).sum();
    }

    /** The same numbers as Dropwizard metrics ({@code cryptoflow.api.readers.*}; the clocks in ms). */
    public void register(MetricRegistry metrics) {
        metrics.register("cryptoflow.api.readers.in-flight", (Gauge<Integer>) this::inFlight);
        metrics.register("cryptoflow.api.readers.queued", (Gauge<Integer>) this::queued);
        metrics.register("cryptoflow.api.readers.request-ms", (Gauge<Long>) () -> requestNanos() / 1_000_000);
        metrics.register("cryptoflow.api.readers.queued-ms", (Gauge<Long>) () -> queuedNanos() / 1_000_000);
        metrics.register("cryptoflow.api.readers.over-cores-ms", (Gauge<Long>) () -> overCoresNanos() / 1_000_000);
    }

    /**
     * One line: {@code inFlight requestNanos nowNanos queued queuedNanos overCoresNanos}. The first
     * three are the former answer (collectors that read only them keep working).
     */
    String line() {
        long request;
        long overCores;
        int now;
        long at;
        synchronized (this) {
            change(0);
            now = inFlight;
            request = requestNanos;
            overCores = overCoresNanos;
            at = lastChangeNanos;
        }
        return now + " " + request + " " + at + " " + queued() + " " + queuedNanos() + " " + overCores + "\n";
    }

    /** {@code GET /readers} on the admin connector: {@link #line()}, text. */
    public static final class Servlet extends HttpServlet {
        private final transient ReaderLoad load;

        public Servlet(ReaderLoad load) {
            this.load = load;
        }

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.setContentType("text/plain");
            resp.setHeader("Cache-Control", "no-store");
            byte[] body = load.line().getBytes(StandardCharsets.US_ASCII);
            resp.setContentLength(body.length);
            resp.getOutputStream().write(body);
        }
    }
}
