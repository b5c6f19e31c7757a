package io.cryptoflow.collector.sources.klines;

import io.dropwizard.lifecycle.Managed;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs one {@link MarketWorker} thread per market, so markets are fetched concurrently. */
public final class CollectorService implements Managed {

    private static final Logger LOG = LoggerFactory.getLogger(CollectorService.class);

    private final List<MarketWorker> workers;
    private final List<Thread> threads = new ArrayList<>();

    public CollectorService(List<MarketWorker> workers) {
        this.workers = List.copyOf(workers);
    }

    public List<MarketWorker> workers() {
        return workers;
    }

    public Optional<MarketWorker> worker(String exchange) {
        return workers.stream().filter(w -> w.exchange().equalsIgnoreCase(exchange)).findFirst();
    }

    @Override
    public synchronized void start() {
        for (MarketWorker w : workers) {
            Thread t = new Thread(w, "collector-" + w.exchange().toLowerCase());
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        LOG.info("started {} market worker(s)", workers.size());
    }

    /** Stops fetching first; the writer (stopped after this) then drains what was submitted. */
    @Override
    public synchronized void stop() throws InterruptedException {
        workers.forEach(MarketWorker::stop);
        for (Thread t : threads) {
            t.interrupt();
        }
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(10));
        }
        threads.clear();
    }

    public boolean allAlive() {
        synchronized (this) {
            return !threads.isEmpty() && threads.stream().allMatch(Thread::isAlive);
        }
    }
}
