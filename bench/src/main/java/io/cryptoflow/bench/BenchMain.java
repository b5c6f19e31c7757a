package io.cryptoflow.bench;

import io.cryptoflow.bench.report.ReportWriter;
import io.cryptoflow.bench.report.ResultTable;
import io.cryptoflow.bench.scenarios.AggregationScenario;
import io.cryptoflow.bench.scenarios.ApiLoadScenario;
import io.cryptoflow.bench.scenarios.BackfillBusyScenario;
import io.cryptoflow.bench.scenarios.BackfillScenario;
import io.cryptoflow.bench.scenarios.BackupScenario;
import io.cryptoflow.bench.scenarios.CompareScenario;
import io.cryptoflow.bench.scenarios.DepthScenario;
import io.cryptoflow.bench.scenarios.FirstMinuteScenario;
import io.cryptoflow.bench.scenarios.ReplicationScenario;
import io.cryptoflow.bench.scenarios.RssScenario;
import io.cryptoflow.bench.scenarios.Scenario;
import io.cryptoflow.bench.scenarios.TradesScenario;
import io.cryptoflow.common.RepoRoot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code java -jar bench/target/bench.jar <scenario|all> [options]}: runs the benchmarks locally
 * (exchange simulator as the data source), prints Markdown tables and writes them under
 * {@code bench/results/}.
 */
public final class BenchMain {

    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        if (java.util.Arrays.asList(args).contains("--help") || java.util.Arrays.asList(args).contains("-h")) {
            System.out.println(BenchOptions.usage());
            return;
        }
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        Path root = RepoRoot.find();
        Instant started = Instant.now();
        String stamp = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(started);
        Path work = root.resolve("bench/target/work/" + stamp);
        Files.createDirectories(work);
        BenchContext context = new BenchContext(root, options, work, started);
        Map<String, Scenario> scenarios = Map.ofEntries(
                Map.entry("aggregation", new AggregationScenario()),
                Map.entry("backfill", new BackfillScenario()),
                Map.entry("api", new ApiLoadScenario()),
                Map.entry("replication", new ReplicationScenario()),
                Map.entry("rss", new RssScenario()),
                Map.entry("compare", new CompareScenario()),
                Map.entry("first-minute", new FirstMinuteScenario()),
                Map.entry("backup", new BackupScenario()),
                Map.entry("backfill-busy", new BackfillBusyScenario()),
                Map.entry("trades", new TradesScenario()),
                Map.entry("depth", new DepthScenario()));
        ReportWriter writer = new ReportWriter(root.resolve("bench/results"), started);
        String label = String.join("+", options.scenarios());
        List<ResultTable> tables = new ArrayList<>();
        System.out.print(writer.header(label, options.raw()));
        boolean failed = false;
        for (String name : options.scenarios()) {
            context.progress("scenario %s: starting (scratch %s)", name, work);
            try {
                List<ResultTable> result = scenarios.get(name).run(context);
                for (ResultTable t : result) {
                    System.out.println(t.toMarkdown());
                }
                tables.addAll(result);
            } catch (Exception e) {
                failed = true;
                context.progress("scenario %s FAILED: %s", name, e);
                e.printStackTrace();
                tables.add(new ResultTable(name + ": failed", "error").row(String.valueOf(e)));
            }
            System.out.flush();
        }
        Path file = writer.write(label, options.raw(), tables);
        context.progress("results written to %s (and .csv)", file);
        // A run's scratch holds whole databases (1-4 GB); kept, runs fill the disk. A failed run's
        // logs are what explains it, so that one stays.
        if (failed || options.keepScratch()) {
            context.progress("scratch kept: %s", work);
        } else {
            Scratch.delete(work);
            context.progress("scratch deleted: %s (--keep-scratch keeps it)", work);
        }
        System.exit(failed ? 1 : 0);
    }
}
