package io.cryptoflow.common;

import io.dropwizard.lifecycle.setup.LifecycleEnvironment;
import io.dropwizard.util.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where a service's threads come from. In the applications every pool is built by Dropwizard's
 * lifecycle ({@link #lifecycle}): registered before the objects that use it, it is shut down after
 * they stopped. Tests and command-line tools use {@link #standalone} pools, which their owner shuts down.
 */
public interface ThreadPools {

    /** Exactly {@code threads} threads named {@code name-N}. */
    ExecutorService fixed(String name, int threads, boolean daemon);

    /** A scheduler of {@code threads} daemon threads named {@code name-N}. */
    ScheduledExecutorService scheduled(String name, int threads);

    /** Daemon threads made on demand (idle ones end after a minute), for blocking work of varying count. */
    ExecutorService elastic(String name);

    /** Whether pools from here are shut down by someone else (the lifecycle), not by the object using them. */
    boolean managed();

    /** Pools built by {@code lifecycle}, which shuts them down (waiting up to 10 s) when the service stops. */
    static ThreadPools lifecycle(LifecycleEnvironment lifecycle) {
        return new ThreadPools() {
            @Override
            public ExecutorService fixed(String name, int threads, boolean daemon) {
                return lifecycle.executorService(name + "-%d", threadFactory(name, daemon))
                        .minThreads(threads).maxThreads(threads).shutdownTime(Duration.seconds(10)).build();
            }

            @Override
            public ScheduledExecutorService scheduled(String name, int threads) {
                return lifecycle.scheduledExecutorService(name + "-%d", true).threads(threads)
                        .shutdownTime(Duration.seconds(10)).build();
            }

            @Override
            public ExecutorService elastic(String name) {
                return lifecycle.executorService(name + "-%d", threadFactory(name, true)).minThreads(0)
                        .maxThreads(Integer.MAX_VALUE).keepAliveTime(Duration.minutes(1))
                        .workQueue(new SynchronousQueue<>()).shutdownTime(Duration.seconds(10)).build();
            }

            @Override
            public boolean managed() {
                return true;
            }
        };
    }

    /** Plain JDK pools; the object using one shuts it down when it stops. */
    static ThreadPools standalone() {
        return new ThreadPools() {
            @Override
            public ExecutorService fixed(String name, int threads, boolean daemon) {
                return Executors.newFixedThreadPool(threads, threadFactory(name, daemon));
            }

            @Override
            public ScheduledExecutorService scheduled(String name, int threads) {
                return Executors.newScheduledThreadPool(threads, threadFactory(name, true));
            }

            @Override
            public ExecutorService elastic(String name) {
                return Executors.newCachedThreadPool(threadFactory(name, true));
            }

            @Override
            public boolean managed() {
                return false;
            }
        };
    }

    /** Stops a pool its user owns ({@link #standalone}); lifecycle pools are left to the lifecycle. */
    static void shutdownIfOwned(ThreadPools pools, ExecutorService pool, long waitMillis) throws InterruptedException {
        if (pools.managed()) {
            return;
        }
        pool.shutdownNow();
        pool.awaitTermination(waitMillis, TimeUnit.MILLISECONDS);
    }

    private static ThreadFactory threadFactory(String name, boolean daemon) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(daemon);
            return t;
        };
    }
}
