package io.cryptoflow.collector.load;

/**
 * What {@link BackfillYield} samples every 100 ms: whether the machine's readers need it now.
 */
@FunctionalInterface
public interface BusySignal {

    /** Takes a sample; the level measured when it counts as busy, or null (not busy, or unknown). */
    Double busyLevel();

    /** Busy while other processes use more than {@code above} of all cores (the former signal; the fallback now). */
    static BusySignal othersCpuAbove(OtherProcessesCpu cpu, double above) {
        return () -> {
            cpu.sample();
            Double share = cpu.share();
            return share != null && share > above ? share : null;
        };
    }
}
