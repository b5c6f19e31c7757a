package io.cryptoflow.bench.scenarios;

import io.cryptoflow.bench.BenchContext;
import io.cryptoflow.bench.report.ResultTable;
import java.util.List;

/**
 * {@code bench/run first-minute}: the wrk half of {@code compare} for CryptoFlow alone (issue 23): a
 * stack started cold and loaded at once, its first minute in 10 s slices during the backfill, then the
 * idle rows. About a third of compare's time, for back-to-back runs of start-up changes; the ratios to
 * the original come from {@code compare}.
 */
public final class FirstMinuteScenario implements Scenario {

    @Override
    public String name() {
        return "first-minute";
    }

    @Override
    public List<ResultTable> run(BenchContext context) throws Exception {
        return new CompareWrkScenario(false).run(context);
    }
}
