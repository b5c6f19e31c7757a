package io.cryptoflow.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Command line of {@code bench.jar}: {@code <scenario|all> [--full] [--sizes 100,1000]
 * [--days 730] [--duration 10s] [--trades 2000000] [--history-days 30] [--cases quiet,busy] [--keep-scratch]}.
 */
public record BenchOptions(List<String> scenarios, boolean full, List<Integer> sizesMb, int backfillDays,
                           Duration loadDuration, int trades, int historyDays, List<String> cases,
                           boolean keepScratch, String raw) {

    public static final List<String> ALL = List.of("aggregation", "backfill", "api", "replication", "rss", "trades", "depth");
    /** Scenarios run only when named ({@code all} leaves them out). */
    public static final List<String> EXTRA = List.of("compare", "first-minute", "backup", "backfill-busy");

    public static BenchOptions parse(String[] args) {
        List<String> scenarios = new ArrayList<>();
        boolean full = false;
        List<Integer> sizes = null;
        int days = 730;
        Duration duration = Duration.ofSeconds(10);
        int trades = 2_000_000;
        int historyDays = 30;
        List<String> cases = List.of();
        boolean keepScratch = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--full" -> full = true;
                case "--keep-scratch" -> keepScratch = true;
                case "--sizes" -> sizes = parseSizes(value(args, ++i, a));
                case "--days" -> days = positive(value(args, ++i, a), a);
                case "--duration" -> duration = Duration.ofSeconds(positive(value(args, ++i, a).replace("s", ""), a));
                case "--trades" -> trades = positive(value(args, ++i, a), a);
                case "--history-days" -> historyDays = positive(value(args, ++i, a), a);
                case "--cases" -> cases = List.of(value(args, ++i, a).split(","));
                case "all" -> scenarios.addAll(ALL);
                default -> {
                    if (!ALL.contains(a) && !EXTRA.contains(a)) {
                        throw new IllegalArgumentException("unknown scenario or option '" + a + "'\n" + usage());
                    }
                    scenarios.add(a);
                }
            }
        }
        if (scenarios.isEmpty()) {
            scenarios.addAll(ALL);
        }
        if (sizes == null) {
            sizes = full ? List.of(100, 1024, 2048) : List.of(100, 1024);
        }
        return new BenchOptions(List.copyOf(scenarios), full, sizes, days, duration, trades, historyDays, cases, keepScratch,
                String.join(" ", args));
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length) {
            throw new IllegalArgumentException(flag + " needs a value\n" + usage());
        }
        return args[i];
    }

    private static int positive(String v, String flag) {
        try {
            int n = Integer.parseInt(v.trim());
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new IllegalArgumentException(flag + " must be a positive integer, got '" + v + "'");
    }

    private static List<Integer> parseSizes(String v) {
        List<Integer> sizes = new ArrayList<>();
        for (String s : v.split(",")) {
            sizes.add(positive(s, "--sizes"));
        }
        return sizes;
    }

    public static String usage() {
        return """
                usage: bench/run [scenario ...] [options]
                  scenarios: all (default), aggregation, backfill, api, replication, rss, trades, depth
                  trades           issue 21's rows: collector storing >= 50,000 trades/s from simulator bursts with
                                   every stream on, replication lag p99, a day of trades as CSV, RSS, bytes/market-day
                  depth            issue 22's rows: depth at 1 s on 10 markets + every other stream (replication lag
                                   p99, RSS), bytes per market-day per depth tier, 24 h of heatmap at step 1m (wrk, 16 c)
                  compare          the original Node tool (shared/original/run.sh, needs node) vs CryptoFlow,
                                   same simulator and requests, during the backfills and idle, + nginx tier, RSS
                  first-minute     compare's wrk rows for CryptoFlow alone: a stack started cold, its first 60 s
                                   in 10 s slices during the backfill, then idle (A/B of start-up changes;
                                   BENCH_API_JVM="flags" replaces the API's launcher flags for such a run)
                  backfill-busy    issue 23's rows: the default config's backfill (CRYPTOFLOW_HISTORY_DAYS=--history-days)
                                   quiet, with one core busy from a shell loop, and with it plus 16 wrk connections
                                   of random reads (p99 during the backfill vs idle after it); target <= 1.5x quiet
                                   (BENCH_COLLECTOR_JVM / BENCH_REPLICATOR_JVM / BENCH_API_JVM="flags" replace
                                   a service's launcher flags for an A/B run)
                  backup           Litestream's backup lag (litestream-s3.yml: file replica + S3Proxy) under the
                                   replication scenario's write load, 60 s (--full: 300 s); target <= 5 s
                  --full           replication also at 2 GB (default sizes 100 MB and 1 GB)
                  --sizes 100,1024 collector.db sizes in MB for the replication scenario
                  --days 730       backfill window in days (backfill scenario)
                  --duration 10s   measured time per API load round
                  --trades N       trades per aggregation pass and in the trades scenario day (default 2000000)
                  --history-days 30  history window of backfill-busy (CRYPTOFLOW_HISTORY_DAYS for every market)
                  --cases quiet,busy  backfill-busy's cases to run (quiet, busy, busy-paced, busy-readers; default all)
                  --keep-scratch   keep bench/target/work/<run> (databases, service logs; 1-4 GB a run) after
                                   a run that succeeded; a failed run's is always kept""";
    }
}
