package io.cryptoflow.collector.backup;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import io.cryptoflow.common.ThreadPools;
import io.dropwizard.core.setup.Environment;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires the restore drill into the collector: health check {@code backup-drill}, admin task
 * {@code backup-drill}, the schedule and the metrics {@code cryptoflow.collector.backup.*}.
 */
public final class BackupDrills {

    private static final Logger LOG = LoggerFactory.getLogger(BackupDrills.class);

    private BackupDrills() {
    }

    public static DrillStatus register(BackupConfiguration config, Path collectorDb, Environment environment, ThreadPools pools) {
        LongSupplier clock = System::currentTimeMillis;
        DrillStatus status = new DrillStatus();
        MetricRegistry metrics = environment.metrics();
        metrics.register("cryptoflow.collector.backup.last-good-drill-age-seconds", (Gauge<Long>) () ->
                status.lastGoodAt().isPresent() ? (clock.getAsLong() - status.lastGoodAt().getAsLong()) / 1000 : null);
        metrics.register("cryptoflow.collector.backup.lag-seconds", (Gauge<Double>) () ->
                status.maxLagMillis().isPresent() ? status.maxLagMillis().getAsLong() / 1000.0 : null);
        metrics.register("cryptoflow.collector.backup.last-drill-good", (Gauge<Integer>) () ->
                status.last() == null ? null : status.last().good() ? 1 : 0);
        environment.healthChecks().register("backup-drill", new BackupDrillHealthCheck(status, config.maxDrillAgeMillis(), clock));

        String reason = config.notConfiguredReason().orElse(null);
        if (reason != null) {
            // Collecting never depends on the backup: say so once, stay green.
            LOG.warn("backup drill not configured: {}", reason);
            status.notConfigured(reason);
            environment.admin().addTask(new BackupDrillTask(null, status));
            return status;
        }
        Path configFile = Path.of(config.getLitestreamConfig());
        Path scratch = config.getScratchDir().isEmpty() ? collectorDb.toAbsolutePath().getParent() : Path.of(config.getScratchDir());
        BackupDrill drill = new BackupDrill(new LitestreamCli(Path.of(config.getLitestreamBinary()), configFile, System.getenv()), configFile,
                collectorDb, scratch, Duration.ofMillis(config.getRestoreTimeout().toMilliseconds()), status, clock);
        environment.lifecycle().manage(new BackupDrillSchedule(drill, config, pools.scheduled("backup-drill", 1),
                pools.scheduled("backup-lag", 1)));
        environment.admin().addTask(new BackupDrillTask(drill, status));
        LOG.info("backup drill every {} against the replicas of {}", config.getDrillInterval(), configFile);
        return status;
    }
}
