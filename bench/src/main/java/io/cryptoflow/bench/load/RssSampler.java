package io.cryptoflow.bench.load;

import io.cryptoflow.bench.process.ProcStats;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/** Samples the resident memory of named process groups twice a second and keeps each group's peak. */
public final class RssSampler implements AutoCloseable {

    private final Map<String, Supplier<List<Long>>> groups = new ConcurrentHashMap<>();
    private final Map<String, Long> peakKb = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean running = true;

    public RssSampler() {
        thread = new Thread(this::loop, "bench-rss");
        thread.setDaemon(true);
        thread.start();
    }

    /** A group's RSS is the sum over its processes (e.g. nginx master + worker). */
    public void watch(String name, Supplier<List<Long>> pids) {
        groups.put(name, pids);
    }

    private void loop() {
        while (running) {
            groups.forEach((name, pids) -> {
                long sum = 0;
                for (long pid : pids.get()) {
                    long kb = ProcStats.rssKb(pid);
                    sum += Math.max(0, kb);
                }
                peakKb.merge(name, sum, Math::max);
            });
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    public Map<String, Long> peakKb() {
        return Map.copyOf(peakKb);
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
