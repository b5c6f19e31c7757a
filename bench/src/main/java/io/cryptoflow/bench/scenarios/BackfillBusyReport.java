package io.cryptoflow.bench.scenarios;

import io.cryptoflow.bench.load.WrkRun;
import io.cryptoflow.bench.report.Fmt;
import io.cryptoflow.bench.report.ResultTable;
import java.util.List;

/** backfill-busy's tables: one row per case against issue 23's targets, then every wrk slice of the readers. */
final class BackfillBusyReport {

    static final double TARGET_TIME_RATIO = 1.5;
    static final double TARGET_P99_RATIO = 1.2;

    private BackfillBusyReport() {
    }

    static List<ResultTable> tables(int days, List<BackfillBusyScenario.Outcome> outcomes) {
        double quiet = outcomes.stream().filter(o -> !o.c().busyCore()).mapToDouble(BackfillBusyScenario.Outcome::seconds)
                .findFirst().orElse(Double.NaN);
        ResultTable summary = new ResultTable("Backfill with one core busy from an unrelated process (issue 23), "
                + days + " days", "case", "backfill s", "÷ quiet", "≤ " + TARGET_TIME_RATIO + "×", "collector yielded s",
                "readers' p99 ms during (worst slice)", "p99 ms idle, core busy", "during ÷ idle",
                "≤ " + TARGET_P99_RATIO + "×", "req/s during", "req/s idle", "errors during / idle");
        ResultTable slices = new ResultTable("Readers during and after the backfill with one core busy (wrk, "
                + BackfillReaders.CONNECTIONS + " connections, random reads, limit=500)", "phase",
                "backfill still running at the end", "req/s", "p50 ms", "p99 ms", "max ms", "errors", "KB/answer");
        for (BackfillBusyScenario.Outcome o : outcomes) {
            double ratio = o.seconds() / quiet;
            String time = Double.isNaN(o.seconds()) ? "not complete after " + o.timeout().toSeconds() : Fmt.num(o.seconds(), 1);
            String timeMet = !o.c().busyCore() ? ""
                    : Double.isNaN(o.seconds()) ? "NO" : LiveWriters.met(ratio <= TARGET_TIME_RATIO);
            String yielded = o.yieldedMs() < 0 ? "–" : Fmt.num(o.yieldedMs() / 1000.0, 1);
            List<BackfillReaders.Slice> during = o.during();
            BackfillReaders.Slice idle = o.idle(BackfillBusyScenario.IDLE_BUSY);
            if (during.isEmpty()) {
                summary.row(o.c().name(), time, Fmt.ratio(ratio), timeMet, yielded, "", "", "", "", "", "", "");
                if (o.c().readers()) {
                    summary.note("readers (" + o.c().name() + "): no slice during the backfill (it completed before every"
                            + " market read had its first candles, or did not complete): --history-days higher");
                }
            } else {
                double worst = during.stream().mapToDouble(s -> s.result().p99Ms()).max().orElse(Double.NaN);
                double idleP99 = idle == null ? Double.NaN : idle.result().p99Ms();
                long requests = during.stream().mapToLong(s -> s.result().requests()).sum();
                double seconds = during.stream().mapToDouble(s -> s.result().seconds()).sum();
                long errors = during.stream().mapToLong(s -> s.result().errors()).sum();
                summary.row(o.c().name(), time, Fmt.ratio(ratio), timeMet, yielded, Fmt.num(worst, 1),
                        idle == null ? "–" : Fmt.num(idleP99, 1), Fmt.ratio(worst / idleP99),
                        idle == null ? "–" : LiveWriters.met(worst <= TARGET_P99_RATIO * idleP99),
                        Fmt.num(requests / Math.max(1e-9, seconds), 0),
                        idle == null ? "–" : Fmt.num(idle.result().requestsPerSecond(), 0),
                        errors + " / " + (idle == null ? "–" : idle.result().errors()));
                summary.note("readers (" + o.c().name() + "): started " + Fmt.num(o.readersAfterSeconds(), 1)
                        + " s after the collector's launch, once every market read answered its first candles (an empty page before);"
                        + " " + during.size() + " slices of " + BackfillReaders.SLICE.toSeconds() + " s during the backfill"
                        + " (the last may run past its end: see the second table)");
            }
            summary.note("CPU from the collector's launch to the end of the backfill (" + o.c().name() + "), share of one core: "
                    + o.cpu());
            o.slices().forEach(s -> slices.row(s.phase(), s.phase().startsWith("backfill") ? (s.backfillRunningAtEnd()
                    ? "yes" : "no (ended during the slice)") : "", Fmt.num(s.result().requestsPerSecond(), 0),
                    Fmt.num(s.result().p50Ms(), 2), Fmt.num(s.result().p99Ms(), 1), Fmt.num(s.result().maxMs(), 0),
                    s.result().errors(), Fmt.num(s.result().kbPerAnswer(), 1)));
        }
        summary.note("backfill s: the collector's launch (JVM start included) → its /progress says complete, polled every"
                + " 100 ms; each case from a fresh data dir and a fresh simulator process (--no-rate-limits, chrt --idle or"
                + " nice 19); collector, replicator and API as bin/cryptoflow starts them (" + CompareScenario.LAUNCHER_JVM
                + ", nice " + CompareScenario.LAUNCHER_NICE + ", MALLOC_ARENA_MAX=2 for the collector, 1 for the API), default"
                + " config.yml of each, CRYPTOFLOW_HISTORY_DAYS=" + days + " (every market and timeframe), order flow on"
                + " (the default: trades, footprints, liquidations, open interest/funding, archive import); API and"
                + " replicator started before the collector");
        summary.note("one core busy: `sh -c '" + BusyCore.COMMAND + "'` at nice 0, started before the simulator and the"
                + " stack, stopped after the idle reference; collector yielded s: its " + BackfillBusyScenario.YIELDED_MILLIS
                + " counter at the end (time its backfill waited for the API's readers)");
        summary.note("readers: wrk -t2 -c" + BackfillReaders.CONNECTIONS + ", closed loop, random market of "
                + BackfillReaders.MARKETS + ", random tf of " + BackfillReaders.TFS + " (minutes), before uniform over the"
                + " window, limit=500 (bench resource wrk/random-reads.lua); p99 during = the worst slice; idle = the same"
                + " load 3 s after the backfill, the loop still running (same conditions but the backfill)");
        if (WrkRun.available()) {
            return List.of(summary, slices);
        }
        summary.note("wrk not installed (/usr/bin/wrk): the readers' case was left out");
        return List.of(summary);
    }
}
