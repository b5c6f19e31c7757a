package io.cryptoflow.collector.resources;

import com.codahale.metrics.annotation.Timed;
import io.cryptoflow.collector.health.ExchangeAccess;
import io.cryptoflow.collector.sources.depth.DepthStatus;
import io.cryptoflow.collector.sources.derivatives.DerivativesProgress;
import io.cryptoflow.collector.sources.klines.ProgressTracker;
import io.cryptoflow.collector.sources.trades.ArchiveGapRepair;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Backfill progress per market, symbol and timeframe. An entry appears once its window is first
 * looked at, so {@code complete} (every configured window filled) is the one field that says the
 * whole backfill is over; {@code percent} is over the entries listed so far. {@code exchanges} says,
 * per configured market, whether its exchange serves this location ({@code OK}) or refuses it
 * ({@code REFUSED}, with the answer and when it is asked again).
 */
@Path("/progress")
@Produces(MediaType.APPLICATION_JSON)
public class ProgressResource {

    private final ProgressTracker progress;
    private final BooleanSupplier complete;
    private final Supplier<List<ExchangeAccess.State>> exchanges;
    private final Supplier<List<ArchiveGapRepair.MissingRange>> footprintMissing;
    private final DerivativesProgress derivatives;
    private Supplier<List<DepthStatus>> depth = List::of;

    public ProgressResource(ProgressTracker progress, BooleanSupplier complete) {
        this(progress, complete, List::of, List::of, new DerivativesProgress());
    }

    /**
     * @param exchanges        each exchange's access (refused by region, and until when)
     * @param footprintMissing the time ranges the stored footprints lack (archive days late, missing, cut)
     * @param derivatives      the open interest and funding series ({@code derivatives} in the answer)
     */
    public ProgressResource(ProgressTracker progress, BooleanSupplier complete,
                            Supplier<List<ExchangeAccess.State>> exchanges,
                            Supplier<List<ArchiveGapRepair.MissingRange>> footprintMissing,
                            DerivativesProgress derivatives) {
        this.progress = progress;
        this.complete = complete;
        this.exchanges = exchanges;
        this.footprintMissing = footprintMissing;
        this.derivatives = derivatives;
    }

    /** Adds each order-book market's state ({@code depth} in the answer). */
    public ProgressResource withDepth(Supplier<List<DepthStatus>> depth) {
        this.depth = depth;
        return this;
    }

    @GET
    @Timed
    public ProgressView get() {
        List<ProgressTracker.Progress> rows = progress.snapshot();
        long done = rows.stream().mapToLong(ProgressTracker.Progress::done).sum();
        long total = rows.stream().mapToLong(ProgressTracker.Progress::total).sum();
        double percent = total == 0 ? 100.0 : Math.round(done * 10000.0 / total) / 100.0;
        return new ProgressView(complete.getAsBoolean(), done, total, percent, rows, exchanges.get(),
                footprintMissing.get(), derivatives.snapshot(), depth.get());
    }

    /**
     * {@code derivatives}: per market and series (open interest, funding), see {@link DerivativesProgress};
     * {@code depth}: per order-book market, whether its book is known right, since when, rows written,
     * seconds missing, resyncs and the last fault (see {@link DepthStatus}).
     */
    public record ProgressView(boolean complete, long done, long total, double percent,
                               List<ProgressTracker.Progress> markets, List<ExchangeAccess.State> exchanges,
                               List<ArchiveGapRepair.MissingRange> footprintMissing,
                               List<DerivativesProgress.Entry> derivatives, List<DepthStatus> depth) {
    }
}
