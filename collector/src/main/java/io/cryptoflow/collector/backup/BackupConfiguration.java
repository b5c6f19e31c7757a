package io.cryptoflow.collector.backup;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The scheduled restore drill of collector.db's Litestream backup ({@code backup:} in config.yml).
 * Empty {@code litestreamBinary} or {@code litestreamConfig} leaves the drill "not configured":
 * healthy, with that said in the health check, never red.
 */
public class BackupConfiguration {

    /** The litestream executable ({@code ${LITESTREAM_BIN:-}}); empty = not configured. */
    private String litestreamBinary = "";

    /** The litestream.yml Litestream replicates with ({@code ${CRYPTOFLOW_LITESTREAM_CONFIG:-}}). */
    private String litestreamConfig = "";

    /** How often the latest backup is restored to a scratch file and checked. */
    @NotNull
    @MinDuration(value = 10, unit = TimeUnit.SECONDS)
    private Duration drillInterval = Duration.hours(24);

    /** The first drill after start: late enough that a first start's replica holds a snapshot. */
    @NotNull
    private Duration firstDrillAfter = Duration.minutes(5);

    /** How often the backup's lag is read ({@code litestream generations}). */
    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.SECONDS)
    private Duration lagProbeInterval = Duration.seconds(30);

    /** One restore (download + WAL replay) may take this long before the drill fails. */
    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.SECONDS)
    private Duration restoreTimeout = Duration.minutes(30);

    /** Where the scratch copy goes (deleted after each drill); empty = the data directory. */
    private String scratchDir = "";

    @JsonProperty
    public String getLitestreamBinary() {
        return litestreamBinary;
    }

    @JsonProperty
    public void setLitestreamBinary(String litestreamBinary) {
        this.litestreamBinary = litestreamBinary == null ? "" : litestreamBinary.trim();
    }

    @JsonProperty
    public String getLitestreamConfig() {
        return litestreamConfig;
    }

    @JsonProperty
    public void setLitestreamConfig(String litestreamConfig) {
        this.litestreamConfig = litestreamConfig == null ? "" : litestreamConfig.trim();
    }

    @JsonProperty
    public Duration getDrillInterval() {
        return drillInterval;
    }

    @JsonProperty
    public void setDrillInterval(Duration drillInterval) {
        this.drillInterval = drillInterval;
    }

    @JsonProperty
    public Duration getFirstDrillAfter() {
        return firstDrillAfter;
    }

    @JsonProperty
    public void setFirstDrillAfter(Duration firstDrillAfter) {
        this.firstDrillAfter = firstDrillAfter;
    }

    @JsonProperty
    public Duration getLagProbeInterval() {
        return lagProbeInterval;
    }

    @JsonProperty
    public void setLagProbeInterval(Duration lagProbeInterval) {
        this.lagProbeInterval = lagProbeInterval;
    }

    @JsonProperty
    public Duration getRestoreTimeout() {
        return restoreTimeout;
    }

    @JsonProperty
    public void setRestoreTimeout(Duration restoreTimeout) {
        this.restoreTimeout = restoreTimeout;
    }

    @JsonProperty
    public String getScratchDir() {
        return scratchDir;
    }

    @JsonProperty
    public void setScratchDir(String scratchDir) {
        this.scratchDir = scratchDir == null ? "" : scratchDir.trim();
    }

    /** Why the drill cannot run, or empty when binary and config are both there. */
    public Optional<String> notConfiguredReason() {
        if (litestreamBinary.isEmpty()) {
            return Optional.of("no litestream binary configured (backup.litestreamBinary / LITESTREAM_BIN)");
        }
        if (!Files.isExecutable(Path.of(litestreamBinary))) {
            return Optional.of("litestream binary not found or not executable: " + litestreamBinary);
        }
        if (litestreamConfig.isEmpty()) {
            return Optional.of("no Litestream configuration (backup.litestreamConfig / CRYPTOFLOW_LITESTREAM_CONFIG)");
        }
        if (!Files.isReadable(Path.of(litestreamConfig))) {
            return Optional.of("Litestream configuration not readable: " + litestreamConfig);
        }
        return Optional.empty();
    }

    /** A drill older than two intervals (one missed, or failing since) turns health red. */
    public long maxDrillAgeMillis() {
        return 2 * drillInterval.toMilliseconds() + restoreTimeout.toMilliseconds();
    }
}
