package io.cryptoflow.collector.resources;

import com.codahale.metrics.annotation.Timed;
import io.cryptoflow.collector.sources.klines.ProgressTracker;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** Backfill progress per market, symbol and timeframe. */
@Path("/progress")
@Produces(MediaType.APPLICATION_JSON)
public class ProgressResource {

    private final ProgressTracker progress;

    public ProgressResource(ProgressTracker progress) {
        this.progress = progress;
    }

    @GET
    @Timed
    public ProgressView get() {
        List<ProgressTracker.Progress> rows = progress.snapshot();
        long done = rows.stream().mapToLong(ProgressTracker.Progress::done).sum();
        long total = rows.stream().mapToLong(ProgressTracker.Progress::total).sum();
        double percent = total == 0 ? 100.0 : Math.round(done * 10000.0 / total) / 100.0;
        return new ProgressView(done, total, percent, rows);
    }

    public record ProgressView(long done, long total, double percent, List<ProgressTracker.Progress> markets) {
    }
}
