package io.cryptoflow.bench.scenarios;

import io.cryptoflow.bench.BenchContext;
import io.cryptoflow.bench.db.DbCopy;
import io.cryptoflow.bench.db.TradeDayFixture;
import io.cryptoflow.bench.load.RssSampler;
import io.cryptoflow.bench.process.CpuShares;
import io.cryptoflow.bench.process.ServiceProcess;
import io.cryptoflow.bench.process.Stack;
import io.cryptoflow.bench.report.Fmt;
import io.cryptoflow.bench.report.ResultTable;
import io.cryptoflow.common.TradePartition;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/**
 * The API side of {@link TradesScenario}: a copy of the api.db the replicator just wrote, plus one
 * busy day of BINANCE:BTCUSDT trades ({@link TradeDayFixture}, {@code --trades}, at most 3 M), served
 * by the real API jar at its defaults; one connection reads the whole day as CSV in one request.
 */
final class TradeStreamPhase {

    static final double TARGET_CSV_TRADES_PER_SECOND = 500_000;
    static final int MAX_DAY_TRADES = 3_000_000;

    List<ResultTable> run(BenchContext context, ResultTable targets, Path replicatedApiDb, Path dir) throws Exception {
        Path data = dir.resolve("api-day");
        Path apiDb = DbCopy.vacuumInto(replicatedApiDb, data.resolve("api.db"));
        int trades = Math.min(MAX_DAY_TRADES, context.options().trades());
        LocalDate day = LocalDate.now(ZoneOffset.UTC).minusDays(1);
        long started = System.nanoTime();
        TradePartition partition = TradeDayFixture.write(apiDb, "BINANCE", "BTCUSDT", day, trades);
        context.progress("trades: %d trades of %s written into %s in %.1f s", trades, partition, apiDb,
                (System.nanoTime() - started) / 1e9);
        try (Stack stack = new Stack(context.repoRoot(), data, dir.resolve("logs-api"), "http://127.0.0.1:9");
             RssSampler rss = new RssSampler()) {
            CompareScenario.LAUNCHER_JVM.forEach(stack::jvmArgs);
            ServiceProcess api = stack.startApi(CompareScenario.LAUNCHER_API_ENV); // as bin/cryptoflow starts it
            rss.watch("api", () -> List.of(api.pid()));
            String url = stack.apiUrl("/api/trades?exchange=binance&symbol=btcusdt&format=csv&limit=" + MAX_DAY_TRADES
                    + "&from=" + partition.dayStart() + "&to=" + (partition.dayEnd() - 1));
            CpuShares cpu = new CpuShares().watch("api", () -> List.of(api.pid()))
                    .watch("bench (client)", () -> List.of(ProcessHandle.current().pid()));
            Stream first = stream(url, cpu);
            Stream second = stream(url, cpu);
            Stream best = first.perSecond() >= second.perSecond() ? first : second;
            double mb = rss.peakKb().getOrDefault("api", -1L) / 1024.0;
            targets.row("api: one connection streaming a day of BINANCE:BTCUSDT as CSV, trades/s (best of 2)",
                    Fmt.num(best.perSecond(), 0), ">= 500,000", Fmt.ratio(best.perSecond() / TARGET_CSV_TRADES_PER_SECOND),
                    TradesScenario.met(best.perSecond() >= TARGET_CSV_TRADES_PER_SECOND));
            targets.row("api: peak RSS MB while streaming", Fmt.num(mb, 0), "<= 256",
                    Fmt.ratio(mb / LiveWriters.TARGET_RSS_MB), TradesScenario.met(mb <= LiveWriters.TARGET_RSS_MB));
            targets.note("csv: GET " + url.replaceFirst("^http://[^/]+", "") + " (no gzip, HTTP " + best.status()
                    + "), " + trades + " trades written with the common partition DDL into a VACUUM INTO copy of the"
                    + " replicated api.db; runs: " + first + " and " + second + "; the API jar with bin/cryptoflow's flags");
        }
        return List.of();
    }

    /** One whole-day request: status, CSV rows read (header excluded), bytes and seconds to the last byte. */
    record Stream(int status, long rows, long bytes, double seconds, String cpu) {
        double perSecond() {
            return rows / Math.max(1e-9, seconds);
        }

        @Override
        public String toString() {
            // the API's CPU share: near 1 core = the API itself is the limit, well below = it waited for a core
            return rows + " rows, " + Fmt.mb(bytes) + " in " + Fmt.num(seconds, 2) + " s (CPU: " + cpu + ")";
        }
    }

    private static Stream stream(String url, CpuShares cpu) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        cpu.mark();
        long start = System.nanoTime();
        HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(5))
                .build(), HttpResponse.BodyHandlers.ofInputStream());
        long lines = 0;
        long bytes = 0;
        byte[] buf = new byte[1 << 16];
        try (InputStream in = r.body()) {
            for (int n; (n = in.read(buf)) > 0; ) {
                bytes += n;
                for (int i = 0; i < n; i++) {
                    if (buf[i] == '\n') {
                        lines++;
                    }
                }
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Stream(r.statusCode(), Math.max(0, lines - 1), bytes, seconds, cpu.sinceMark());
    }
}
