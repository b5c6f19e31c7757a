package io.cryptoflow.collector.tasks;

import io.cryptoflow.collector.sources.klines.CollectorService;
import io.cryptoflow.collector.sources.klines.MarketWorker;
import io.cryptoflow.collector.store.NoDataLedger;
import io.dropwizard.servlets.tasks.Task;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /admin/tasks/recheck-gaps[?exchange=BYBIT][&forgetNoData=true]}: every (or one)
 * market re-computes its missing ranges now instead of at the next periodic check;
 * {@code forgetNoData} also asks the exchange again for ranges remembered as empty.
 */
public class RecheckGapsTask extends Task {

    private final CollectorService service;
    private final NoDataLedger noData;

    public RecheckGapsTask(CollectorService service, NoDataLedger noData) {
        super("recheck-gaps");
        this.service = service;
        this.noData = noData;
    }

    @Override
    public void execute(Map<String, List<String>> parameters, PrintWriter output) throws Exception {
        List<String> exchange = parameters.getOrDefault("exchange", List.of());
        List<MarketWorker> targets = exchange.isEmpty() ? service.workers()
                : service.worker(exchange.get(0)).map(List::of).orElse(List.of());
        if (targets.isEmpty()) {
            output.println("error: exchange must be one of " + service.workers().stream().map(MarketWorker::exchange).toList());
            return;
        }
        if (parameters.getOrDefault("forgetNoData", List.of()).contains("true")) {
            noData.forgetAll();
            output.println("forgot every remembered no-data range");
        }
        for (MarketWorker w : targets) {
            w.requestGapRecheck();
            output.println("gap re-check requested for " + w.exchange());
        }
    }
}
