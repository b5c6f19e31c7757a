package io.cryptoflow.api;

import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.cryptoflow.api.live.LiveConfiguration;
import io.dropwizard.core.Configuration;
import io.dropwizard.util.DataSize;
import io.dropwizard.util.Duration;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.util.List;

/**
 * The API's configuration. There is deliberately no database URL: the API derives the one file it
 * may open, {@code <dataDir>/api.db}, and opens it read-only. collector.db cannot be configured.
 */
public class ApiConfiguration extends Configuration {

    public static final String API_DB_FILE = "api.db";

    @NotEmpty
    private String dataDir = "./data";

    @Valid
    @NotNull
    private ReadPoolFactory readPool = new ReadPoolFactory();

    @NotNull
    private Duration maxReplicaAge = Duration.minutes(5);

    @Valid
    @NotNull
    private LiveConfiguration live = new LiveConfiguration();

    @NotNull
    private Duration closedRangeMaxAge = Duration.minutes(10);

    @NotNull
    private Duration openRangeMaxAge = Duration.seconds(1);

    @NotNull
    private DataSize renderCacheSize = DataSize.mebibytes(16);

    @NotNull
    private Duration replicaStampMaxAge = Duration.milliseconds(2);

    /**
     * The longest the newest pages are read before the API takes requests (core/StartupWarmup: it ends
     * sooner once the JIT is quiet); 0 = off.
     */
    @NotNull
    private Duration startupWarmup = Duration.seconds(30);

    /** Candle pages read and rendered at once (core/CandleReader's gate); 0 = one per core. */
    @Min(0)
    @Max(64)
    private int pageBuilds = 0;

    @NotNull
    private List<@NotEmpty String> corsAllowedOrigins = List.of("*");

    @JsonProperty
    public String getDataDir() {
        return dataDir;
    }

    @JsonProperty
    public void setDataDir(String dataDir) {
        this.dataDir = dataDir;
    }

    @JsonProperty
    public ReadPoolFactory getReadPool() {
        return readPool;
    }

    @JsonProperty
    public void setReadPool(ReadPoolFactory readPool) {
        this.readPool = readPool;
    }

    /** Older than this, the replica health check reports unhealthy (the replicator has stalled). */
    @JsonProperty
    public Duration getMaxReplicaAge() {
        return maxReplicaAge;
    }

    @JsonProperty
    public void setMaxReplicaAge(Duration maxReplicaAge) {
        this.maxReplicaAge = maxReplicaAge;
    }

    @JsonProperty
    public LiveConfiguration getLive() {
        return live;
    }

    @JsonProperty
    public void setLive(LiveConfiguration live) {
        this.live = live;
    }

    /** Cache-Control max-age for candle pages whose range is bounded and fully closed. */
    @JsonProperty
    public Duration getClosedRangeMaxAge() {
        return closedRangeMaxAge;
    }

    @JsonProperty
    public void setClosedRangeMaxAge(Duration closedRangeMaxAge) {
        this.closedRangeMaxAge = closedRangeMaxAge;
    }

    /** Cache-Control max-age of every other candle page (the newest one, open ranges): then revalidate. */
    @JsonProperty
    public Duration getOpenRangeMaxAge() {
        return openRangeMaxAge;
    }

    @JsonProperty
    public void setOpenRangeMaxAge(Duration openRangeMaxAge) {
        this.openRangeMaxAge = openRangeMaxAge;
    }

    /** Heap bound of the rendered-candle cache (the page cache may hold half as much again). */
    @JsonProperty
    public DataSize getRenderCacheSize() {
        return renderCacheSize;
    }

    @JsonProperty
    public void setRenderCacheSize(DataSize renderCacheSize) {
        this.renderCacheSize = renderCacheSize;
    }

    @JsonProperty
    public int getPageBuilds() {
        return pageBuilds;
    }

    @JsonProperty
    public void setPageBuilds(int pageBuilds) {
        this.pageBuilds = pageBuilds;
    }

    public int effectivePageBuilds() {
        return pageBuilds > 0 ? pageBuilds : Runtime.getRuntime().availableProcessors();
    }

    @JsonProperty
    public Duration getStartupWarmup() {
        return startupWarmup;
    }

    @JsonProperty
    public void setStartupWarmup(Duration startupWarmup) {
        this.startupWarmup = startupWarmup;
    }

    /**
     * How old a reading of the replica's position ({@code cf_replica}) a candle request may rely on
     * to decide that its cached page is current; 0 reads it for every request.
     */
    @JsonProperty
    public Duration getReplicaStampMaxAge() {
        return replicaStampMaxAge;
    }

    @JsonProperty
    public void setReplicaStampMaxAge(Duration replicaStampMaxAge) {
        this.replicaStampMaxAge = replicaStampMaxAge;
    }

    /** Origins allowed by CORS; {@code *} allows any (the API is public and read-only). */
    @JsonProperty
    public List<String> getCorsAllowedOrigins() {
        return corsAllowedOrigins;
    }

    @JsonProperty
    public void setCorsAllowedOrigins(List<String> corsAllowedOrigins) {
        this.corsAllowedOrigins = corsAllowedOrigins;
    }

    /**
     * Rejects unknown top-level keys instead of ignoring them, so a misspelt key or an attempt to
     * configure another database (e.g. {@code database:}) fails at start-up.
     */
    @JsonAnySetter
    public void rejectUnknown(String key, Object value) {
        throw new IllegalArgumentException("unknown configuration key '" + key
                + "' (the API reads only <dataDir>/api.db; see api/config.yml for the accepted keys)");
    }

    public Path apiDbPath() {
        return Path.of(dataDir).resolve(API_DB_FILE).toAbsolutePath().normalize();
    }

    /** Size of the read-only connection pool; 0 means one connection per available core. */
    public static class ReadPoolFactory {
        @Min(0)
        @Max(64)
        private int size = 0;

        @NotNull
        private Duration maxWaitForConnection = Duration.seconds(10);

        @JsonProperty
        public int getSize() {
            return size;
        }

        @JsonProperty
        public void setSize(int size) {
            this.size = size;
        }

        @JsonProperty
        public Duration getMaxWaitForConnection() {
            return maxWaitForConnection;
        }

        @JsonProperty
        public void setMaxWaitForConnection(Duration maxWaitForConnection) {
            this.maxWaitForConnection = maxWaitForConnection;
        }

        public int effectiveSize() {
            // Four per core, at least 8: requests hold a connection only for their SQL (a shared
            // reading of the replica stamp, a summary when a page is re-checked), but with one per core a holder preempted by the writers'
            // processes stalled every request queued behind it (on 2 cores during a backfill, a
            // wall-clock profile had 85-94 % of request time waiting for one of the 2 connections).
            return size > 0 ? size : Math.max(8, 4 * Runtime.getRuntime().availableProcessors());
        }
    }
}
