package io.cryptoflow.collector.sources.klines;

import io.cryptoflow.common.ThreadPools;
import io.dropwizard.lifecycle.Managed;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs one {@link MarketWorker} thread per market, so markets are fetched concurrently. */
public final class CollectorService implements Managed {

    private static final Logger LOG = LoggerFactory.getLogger(CollectorService.class);

    private final List<MarketWorker> workers;
    private final ThreadPools pools;
    private final List<Future<?>> running = new ArrayList<>();
    private ExecutorService threads;
    private CountDownLatch exited = new CountDownLatch(0);

    public CollectorService(List<MarketWorker> workers) {
        this(workers, ThreadPools.standalone());
    }

    /** @param pools gives the pool of one thread per market (the lifecycle's in the application) */
    public CollectorService(List<MarketWorker> workers, ThreadPools pools) {
        this.workers = List.copyOf(workers);
        this.pools = pools;
        if (pools.managed() && !this.workers.isEmpty()) {
            // Lifecycle pools must exist before the server starts: built here, at wiring time.
            threads = pools.fixed("collector-market", this.workers.size(), true);
        }
    }

    public List<MarketWorker> workers() {
        return workers;
    }

    public Optional<MarketWorker> worker(String exchange) {
        return workers.stream().filter(w -> w.exchange().equalsIgnoreCase(exchange)).findFirst();
    }

    @Override
    public synchronized void start() {
        if (workers.isEmpty()) {
            LOG.info("no kline market enabled");
            return;
        }
        if (threads == null) {
            threads = pools.fixed("collector-market", workers.size(), true);
        }
        CountDownLatch done = new CountDownLatch(workers.size());
        exited = done;
        for (MarketWorker w : workers) {
            running.add(threads.submit(() -> {
                try {
                    w.run();
                } finally {
                    done.countDown();
                }
            }));
        }
        LOG.info("started {} market worker(s)", workers.size());
    }

    /** Stops fetching first; the writer (stopped after this) then drains what was submitted. */
    @Override
    public synchronized void stop() throws InterruptedException {
        workers.forEach(MarketWorker::stop);
        running.forEach(f -> f.cancel(true));
        if (!exited.await(10, TimeUnit.SECONDS)) {
            LOG.warn("{} market worker(s) still running 10 s after stop", exited.getCount());
        }
        running.clear();
        if (threads != null && !pools.managed()) {
            ThreadPools.shutdownIfOwned(pools, threads, TimeUnit.SECONDS.toMillis(10));
            threads = null;
        }
    }

    public boolean allAlive() {
        synchronized (this) {
            return !running.isEmpty() && exited.getCount() == running.size();
        }
    }
}
