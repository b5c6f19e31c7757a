package io.cryptoflow.collector.resources;

import com.codahale.metrics.annotation.Timed;
import io.cryptoflow.collector.sources.derivatives.DerivativesProgress;
import io.cryptoflow.collector.sources.klines.ProgressTracker;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Backfill progress per market, symbol and timeframe. An entry appears once its window is first
 * looked at, so {@code complete} (every configured window filled) is the one field that says the
 * whole backfill is over; {@code percent} is over the entries listed so far.
 */
@Path("/progress")
@Produces(MediaType.APPLICATION_JSON)
public class ProgressResource {

    private final ProgressTracker progress;
    private final BooleanSupplier complete;
    private final DerivativesProgress derivatives;

    public ProgressResource(ProgressTracker progress, BooleanSupplier complete) {
        this(progress, complete, new DerivativesProgress());
    }

    /** With the open interest and funding series ({@code derivatives} in the answer). */
    public ProgressResource(ProgressTracker progress, BooleanSupplier complete, DerivativesProgress derivatives) {
        this.progress = progress;
        this.complete = complete;
        this.derivatives = derivatives;
    }

    @GET
    @Timed
    public ProgressView get() {
        List<ProgressTracker.Progress> rows = progress.snapshot();
        long done = rows.stream().mapToLong(ProgressTracker.Progress::done).sum();
        long total = rows.stream().mapToLong(ProgressTracker.Progress::total).sum();
        double percent = total == 0 ? 100.0 : Math.round(done * 10000.0 / total) / 100.0;
        return new ProgressView(complete.getAsBoolean(), done, total, percent, rows, derivatives.snapshot());
    }

    /** {@code derivatives}: per market and series (open interest, funding), see {@link DerivativesProgress}. */
    public record ProgressView(boolean complete, long done, long total, double percent,
                               List<ProgressTracker.Progress> markets, List<DerivativesProgress.Entry> derivatives) {
    }
}
