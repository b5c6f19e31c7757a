package io.cryptoflow.collector.health;

import com.codahale.metrics.health.HealthCheck;
import io.cryptoflow.collector.sources.depth.DepthStatus;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@code depth}: always healthy — a book resyncing (or an exchange unreachable) is a data gap the
 * API reports as missing, not a sick collector; the details list each market's state (known,
 * resyncs, missing seconds, last fault) for the operator.
 */
public final class DepthHealthCheck extends HealthCheck {

    private final Supplier<List<DepthStatus>> statuses;

    public DepthHealthCheck(Supplier<List<DepthStatus>> statuses) {
        this.statuses = statuses;
    }

    @Override
    protected Result check() {
        List<DepthStatus> all = statuses.get();
        long known = all.stream().filter(DepthStatus::known).count();
        ResultBuilder r = Result.builder().healthy()
                .withMessage(all.isEmpty() ? "no depth market configured" : known + " of " + all.size() + " books known right");
        for (DepthStatus s : all) {
            r.withDetail(s.market(), s);
        }
        return r.build();
    }
}
