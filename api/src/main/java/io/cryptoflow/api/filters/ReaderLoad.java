package io.cryptoflow.api.filters;

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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * How much the API's readers are waiting on it: requests in flight now, and the total time requests
 * have spent in the API since start (nanoseconds, summed over concurrent requests). Between two
 * readings, Δ{@code requestNanos} ÷ Δtime is the mean number of requests in flight (Little's law):
 * 0 when nobody reads, about 1 for one client that always waits on the API, more when requests queue.
 *
 * <p>Why: the collector's backfill yields to readers (collector {@code load/BackfillYield}). It
 * used to infer them from the CPU other processes used, which also counted the replicator copying the
 * backfill's own pages and any unrelated process (a trading bot), so a busy machine without a
 * single reader starved the backfill (issue 23). The collector reads {@link Servlet} on the admin
 * connector (loopback by default); the two still share no database.
 */
public final class ReaderLoad implements Filter {

    private final AtomicInteger inFlight = new AtomicInteger();
    private final LongAdder requestNanos = new LongAdder();

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        long start = System.nanoTime();
        inFlight.incrementAndGet();
        try {
            chain.doFilter(req, res);
        } finally {
            inFlight.decrementAndGet();
            requestNanos.add(System.nanoTime() - start);
        }
    }

    public int inFlight() {
        return inFlight.get();
    }

    public long requestNanos() {
        return requestNanos.sum();
    }

    /** {@code GET /readers} on the admin connector: {@code inFlight requestNanos nowNanos}, one line of text. */
    public static final class Servlet extends HttpServlet {
        private final transient ReaderLoad load;

        public Servlet(ReaderLoad load) {
            this.load = load;
        }

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.setContentType("text/plain");
            resp.setHeader("Cache-Control", "no-store");
            byte[] body = (load.inFlight() + " " + load.requestNanos() + " " + System.nanoTime() + "\n")
                    .getBytes(StandardCharsets.US_ASCII);
            resp.setContentLength(body.length);
            resp.getOutputStream().write(body);
        }
    }
}
