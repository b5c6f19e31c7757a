package io.cryptoflow.bench.scenarios;

import io.cryptoflow.bench.process.OriginalTool;
import io.cryptoflow.bench.process.Stack;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * Whether each tool of the compare run is still backfilling, polled every 250 ms by one daemon
 * thread: the load threads check these flags between requests. CryptoFlow's flag stays true until
 * its collector (started later) reports every entry done; the original's is false without it.
 */
final class BackfillWatch {

    private final AtomicBoolean oursFlag = new AtomicBoolean(true);
    private final AtomicBoolean theirsFlag;
    private volatile OriginalTool original;
    private final Thread watcher;

    BackfillWatch(Stack stack, boolean withOriginal) {
        this.theirsFlag = new AtomicBoolean(withOriginal);
        this.watcher = new Thread(() -> {
            while (oursFlag.get() || theirsFlag.get()) {
                oursFlag.compareAndSet(true, !stack.backfillComplete());
                OriginalTool o = original;
                theirsFlag.compareAndSet(true, o == null || !o.backfillComplete());
                try {
                    Thread.sleep(250);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "bench-backfill-watch");
        watcher.setDaemon(true);
    }

    /** Starts polling, {@code original} (null without it) included. */
    void start(OriginalTool original) {
        this.original = original;
        watcher.start();
    }

    /** The original's node processes once it runs, for the CPU shares (none before). */
    List<Long> originalPids() {
        OriginalTool o = original;
        return o == null ? List.of() : o.nodeProcesses().stream().map(ProcessHandle::pid).toList();
    }

    BooleanSupplier oursBackfilling() {
        return oursFlag::get;
    }

    BooleanSupplier theirsBackfilling() {
        return theirsFlag::get;
    }
}
