package io.cryptoflow.collector.load;

/**
 * What {@link BackfillYield} samples every 100 ms: how hard the machine's readers are waiting on it now.
 */
@FunctionalInterface
public interface BusySignal {

    /**
     * Takes a sample; the readers' pressure, from just above 0 (a few wait now and then) to 1 (they
     * queue all the time), or null (nobody waits, or unknown).
     */
    Double busyLevel();

    /**
     * Full pressure while other processes use more than {@code above} of all cores: the fallback when
     * the API cannot be asked. It cannot tell readers from a trading bot or the replicator, so it
     * only ever costs the backfill {@code maxYieldShare} of its time.
     */
    static BusySignal othersCpuAbove(OtherProcessesCpu cpu, double above) {
        return () -> {
            cpu.sample();
            Double share = cpu.share();
            return share != null && share > above ? 1.0 : null;
        };
    }
}
