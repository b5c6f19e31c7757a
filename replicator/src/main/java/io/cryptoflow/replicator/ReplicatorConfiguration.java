package io.cryptoflow.replicator;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.cryptoflow.replicator.core.ReplicationSettings;
import io.cryptoflow.replicator.core.ReplicationStrategy;
import io.dropwizard.core.Configuration;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** The replicator's YAML: where the two databases live, which strategy runs and its bounds. */
public class ReplicatorConfiguration extends Configuration {

    @NotEmpty
    private String dataDir = "./data";

    /** Overrides {@code <dataDir>/collector.db}. */
    private String sourceFile;

    /** Overrides {@code <dataDir>/api.db}. */
    private String targetFile;

    @NotNull
    private ReplicationStrategy strategy = ReplicationStrategy.INCREMENTAL;

    /** Snapshot strategy: the minimum time between two copies. */
    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.MILLISECONDS)
    private Duration snapshotInterval = Duration.seconds(1);

    /** Incremental strategy: how often collector.db is polled for {@code rev > position}. */
    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.MILLISECONDS)
    private Duration pollInterval = Duration.milliseconds(1);

    /**
     * Incremental strategy: the least time between two PASSIVE checkpoints of api.db. Checkpointing
     * after every apply would write each hot page (positions, index tips) back into api.db
     * every few milliseconds; once a second writes it once.
     */
    @NotNull
    @MinDuration(value = 0, unit = TimeUnit.MILLISECONDS)
    private Duration checkpointInterval = Duration.milliseconds(250);

    /** Health fails when the replica is this far behind a collector commit, or the loop stalls this long. */
    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.MILLISECONDS)
    private Duration maxLag = Duration.seconds(30);

    /** How often the incremental strategy compares the recent window of both databases. */
    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.MILLISECONDS)
    private Duration consistencyCheckInterval = Duration.seconds(30);

    /** The recent window of the periodic check: the this-many most recently written rows of each table. */
    @Min(1)
    private long consistencyWindowRows = 500;

    /** api.db's WAL is truncated to at most this size whenever it is reset. */
    @Min(0)
    private long journalSizeLimitBytes = 8L * 1024 * 1024;

    @JsonProperty
    public String getDataDir() {
        return dataDir;
    }

    @JsonProperty
    public void setDataDir(String dataDir) {
        this.dataDir = dataDir;
    }

    @JsonProperty
    public String getSourceFile() {
        return sourceFile;
    }

    @JsonProperty
    public void setSourceFile(String sourceFile) {
        this.sourceFile = sourceFile;
    }

    @JsonProperty
    public String getTargetFile() {
        return targetFile;
    }

    @JsonProperty
    public void setTargetFile(String targetFile) {
        this.targetFile = targetFile;
    }

    @JsonProperty
    public ReplicationStrategy getStrategy() {
        return strategy;
    }

    @JsonProperty
    public void setStrategy(ReplicationStrategy strategy) {
        this.strategy = strategy;
    }

    @JsonProperty
    public Duration getSnapshotInterval() {
        return snapshotInterval;
    }

    @JsonProperty
    public void setSnapshotInterval(Duration snapshotInterval) {
        this.snapshotInterval = snapshotInterval;
    }

    @JsonProperty
    public Duration getPollInterval() {
        return pollInterval;
    }

    @JsonProperty
    public void setPollInterval(Duration pollInterval) {
        this.pollInterval = pollInterval;
    }

    @JsonProperty
    public Duration getMaxLag() {
        return maxLag;
    }

    @JsonProperty
    public void setMaxLag(Duration maxLag) {
        this.maxLag = maxLag;
    }

    @JsonProperty
    public Duration getConsistencyCheckInterval() {
        return consistencyCheckInterval;
    }

    @JsonProperty
    public void setConsistencyCheckInterval(Duration consistencyCheckInterval) {
        this.consistencyCheckInterval = consistencyCheckInterval;
    }

    @JsonProperty
    public long getConsistencyWindowRows() {
        return consistencyWindowRows;
    }

    @JsonProperty
    public void setConsistencyWindowRows(long consistencyWindowRows) {
        this.consistencyWindowRows = consistencyWindowRows;
    }

    @JsonProperty
    public long getJournalSizeLimitBytes() {
        return journalSizeLimitBytes;
    }

    @JsonProperty
    public void setJournalSizeLimitBytes(long journalSizeLimitBytes) {
        this.journalSizeLimitBytes = journalSizeLimitBytes;
    }

    @JsonProperty
    public Duration getCheckpointInterval() {
        return checkpointInterval;
    }

    @JsonProperty
    public void setCheckpointInterval(Duration checkpointInterval) {
        this.checkpointInterval = checkpointInterval;
    }

    public Path sourcePath() {
        return sourceFile != null && !sourceFile.isBlank() ? Path.of(sourceFile) : Path.of(dataDir, "collector.db");
    }

    public Path targetPath() {
        return targetFile != null && !targetFile.isBlank() ? Path.of(targetFile) : Path.of(dataDir, "api.db");
    }

    public ReplicationSettings replicationSettings() {
        return new ReplicationSettings(sourcePath(), targetPath(), strategy,
                snapshotInterval.toJavaDuration(), pollInterval.toJavaDuration(), maxLag.toJavaDuration(),
                consistencyCheckInterval.toJavaDuration(), consistencyWindowRows, journalSizeLimitBytes,
                checkpointInterval.toJavaDuration());
    }
}
