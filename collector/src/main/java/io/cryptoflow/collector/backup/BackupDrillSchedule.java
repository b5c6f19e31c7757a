package io.cryptoflow.collector.backup;

import io.dropwizard.lifecycle.Managed;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Runs the drill every drillInterval and the lag probe every lagProbeInterval, on lifecycle threads. */
public class BackupDrillSchedule implements Managed {

    private final BackupDrill drill;
    private final BackupConfiguration config;
    private final ScheduledExecutorService drills;
    private final ScheduledExecutorService probes;

    /** Two schedulers: a drill that takes minutes must not stall the lag probe. */
    public BackupDrillSchedule(BackupDrill drill, BackupConfiguration config, ScheduledExecutorService drills,
            ScheduledExecutorService probes) {
        this.drill = drill;
        this.config = config;
        this.drills = drills;
        this.probes = probes;
    }

    @Override
    public void start() {
        drills.scheduleWithFixedDelay(drill::runOnce, config.getFirstDrillAfter().toMilliseconds(),
                config.getDrillInterval().toMilliseconds(), TimeUnit.MILLISECONDS);
        probes.scheduleWithFixedDelay(drill::probeLag, 0, config.getLagProbeInterval().toMilliseconds(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        // The lifecycle shuts the schedulers down after this.
    }
}
