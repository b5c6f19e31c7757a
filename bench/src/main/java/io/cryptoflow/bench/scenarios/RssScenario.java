package io.cryptoflow.bench.scenarios;

import com.fasterxml.jackson.databind.JsonNode;
import io.cryptoflow.bench.BenchContext;
import io.cryptoflow.bench.load.HttpLoad;
import io.cryptoflow.bench.process.ProcStats;
import io.cryptoflow.bench.process.ServiceProcess;
import io.cryptoflow.bench.process.Stack;
import io.cryptoflow.bench.report.ResultTable;
import io.cryptoflow.simulator.ExchangeSimulator;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Resident memory of each service process at its defaults (default config.yml, default JVM
 * flags, 730-day history against a rate-limited simulator) after start and after a short load on
 * the API (16 connections).
 */
public final class RssScenario implements Scenario {

    private static final Duration SETTLE = Duration.ofSeconds(20);

    @Override
    public String name() {
        return "rss";
    }

    @Override
    public List<ResultTable> run(BenchContext context) throws Exception {
        Path dir = context.scratch("rss");
        try (ExchangeSimulator sim = ExchangeSimulator.builder().start();
             Stack stack = new Stack(context.repoRoot(), dir.resolve("data"), dir.resolve("logs"), sim.baseUrl())) {
            ServiceProcess collector = stack.startCollector(Map.of());
            ServiceProcess replicator = stack.startReplicator(Map.of());
            ServiceProcess api = stack.startApi(Map.of());
            List<ServiceProcess> services = List.of(collector, replicator, api);
            long[] afterStart = new long[3];
            Thread.sleep(3000);
            for (int i = 0; i < 3; i++) {
                afterStart[i] = ProcStats.rssKb(services.get(i).pid());
            }
            context.progress("rss: services started; %d s of backfill before the load", SETTLE.toSeconds());
            Thread.sleep(SETTLE.toMillis());
            String url = stack.apiUrl("/api/candles?symbol=btcusdt&exchange=binance&tf=15&limit=1000");
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (System.nanoTime() < deadline) {
                JsonNode body = stack.getJson(url);
                if (body != null && body.path("candles").size() > 0) {
                    break;
                }
                Thread.sleep(500);
            }
            HttpLoad.Result load = new HttpLoad(16).run("rss", URI.create(url), Duration.ofSeconds(1),
                    context.options().loadDuration(), () -> true);
            ResultTable t = new ResultTable("RSS per service at defaults",
                    "service", "pid", "RSS after start MB", "RSS after load MB", "peak RSS (VmHWM) MB");
            for (int i = 0; i < 3; i++) {
                long pid = services.get(i).pid();
                t.row(services.get(i).name(), pid, afterStart[i] / 1024.0, ProcStats.rssKb(pid) / 1024.0,
                        ProcStats.peakRssKb(pid) / 1024.0);
            }
            t.note("default JVM flags (max heap = 1/4 of " + io.cryptoflow.bench.report.MachineInfo.totalMemoryMb()
                    + " MB RAM); collector backfilling its default 730 days against a simulator enforcing 2400 weight/min");
            t.note("load: " + load.requests() + " requests of /api/candles?tf=15&limit=1000 in "
                    + String.format(java.util.Locale.ROOT, "%.1f", load.seconds()) + " s, 16 connections, "
                    + load.errors() + " errors");
            return List.of(t);
        }
    }
}
