package io.cryptoflow.bench.scenarios;

import io.cryptoflow.bench.BenchContext;
import io.cryptoflow.bench.db.StorageFootprint;
import io.cryptoflow.bench.process.Stack;
import io.cryptoflow.bench.report.Fmt;
import io.cryptoflow.bench.report.ResultTable;
import io.cryptoflow.common.MarketSymbol;
import io.cryptoflow.common.PartitionKind;
import io.cryptoflow.common.SqliteConnections;
import io.cryptoflow.common.TradePartition;
import io.cryptoflow.simulator.ExchangeSimulator;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Issue 22's bench rows, each with its ratio to the target: the real collector jar with the order-book
 * heatmap at 1 s on every depth market (every futures symbol of the default config on Binance USD-M,
 * Bybit linear and Bitget: {@link #DEPTH_SYMBOLS}) plus every other stream of its default config, the
 * real replicator's lag and both writers' RSS while they run ({@link LiveWriters}); bytes per
 * market-day of each depth tier measured on the files; then ({@link DepthHeatmapPhase}) the real API
 * answering 24 h of heatmap at step 1m to wrk at 16 connections.
 */
public final class DepthScenario implements Scenario {

    /** Collector exchange type → the symbols whose books are kept (the default config's futures symbols). */
    static final Map<String, List<String>> DEPTH_SYMBOLS = new LinkedHashMap<>();

    static {
        DEPTH_SYMBOLS.put("binance-futures", List.of("BTCUSDT", "ETHUSDT", "SOLUSDT", "BNBUSDT"));
        DEPTH_SYMBOLS.put("bybit-linear", List.of("BTCUSDT", "ETHUSDT", "SOLUSDT"));
        DEPTH_SYMBOLS.put("bitget-futures", List.of("BTCUSDT", "ETHUSDT", "SOLUSDT"));
    }

    private static final Map<String, String> STORED_EXCHANGE = Map.of("binance-futures", "BINANCE",
            "bybit-linear", "BYBIT", "bitget-futures", "BITGET");

    @Override
    public String name() {
        return "depth";
    }

    @Override
    public List<ResultTable> run(BenchContext context) throws Exception {
        ResultTable targets = LiveWriters.targetsTable("Order-book depth: issue 22 targets");
        List<ResultTable> tables = new ArrayList<>(List.of(targets));
        List<MarketSymbol> markets = markets();
        Duration measured = LiveWriters.measuredSpan(context);
        Path dir = context.scratch("depth");
        // the heatmap fixture ends before anything the live run stores: no row of it shares a time with them
        long fixtureEnd = System.currentTimeMillis() - 60_000;
        List<String> overrides = new ArrayList<>();
        DEPTH_SYMBOLS.forEach((type, symbols) -> overrides.add("-Ddw.exchanges." + type + ".depth.symbols="
                + String.join(",", symbols)));
        Path collectorDb;
        try (ExchangeSimulator sim = ExchangeSimulator.builder().enforceRateLimits(false).start();
             Stack stack = new Stack(context.repoRoot(), dir.resolve("data"), dir.resolve("logs"), sim.baseUrl())) {
            LiveWriters.Measured m = LiveWriters.run(context, stack, Map.of("CRYPTOFLOW_HISTORY_DAYS", "2"), overrides,
                    measured, "depth at 1 s on " + markets.size() + " markets plus every other stream");
            collectorDb = m.collectorDb();
            m.addTargetRows(targets, "with depth on every market");
            Map<String, long[]> perMarket = secondRowsPerMarket(collectorDb);
            targets.note("collector: the real collector jar as bin/cryptoflow starts it at its default config.yml (trades,"
                    + " klines 1m-1d, footprints, liquidations, open interest/funding polling, archive import) with"
                    + " CRYPTOFLOW_HISTORY_DAYS=2 and depth at its default 1 s interval, ±1 % band, on " + markets.size()
                    + " markets (" + String.join(" ", overrides) + "), against the in-process simulator without rate"
                    + " limits; backfill " + (m.backfilled() ? "complete" : "NOT complete after "
                    + LiveWriters.BACKFILL_WAIT.toMinutes() + " min") + " before the measured " + measured.toSeconds()
                    + " s; " + m.details());
            targets.note("depth second rows in collector.db per market (rows / seconds from first to last): "
                    + describe(perMarket) + " (" + perMarket.size() + " of " + markets.size() + " markets stored)");
            targets.note(LiveWriters.LAG_METHOD);
            stack.stop("collector");
            stack.stop("replicator");
            tables.addAll(new DepthHeatmapPhase().run(context, targets, stack.dataDir().resolve("api.db"), dir, markets,
                    fixtureEnd));
        }
        tables.add(storage(collectorDb, dir.resolve("api-depth").resolve("api.db")));
        return tables;
    }

    static List<MarketSymbol> markets() {
        List<MarketSymbol> markets = new ArrayList<>();
        DEPTH_SYMBOLS.forEach((type, symbols) -> symbols.forEach(s -> markets.add(
                MarketSymbol.of(STORED_EXCHANGE.get(type), s))));
        return markets;
    }

    /** Bytes per market-day of both tiers: the live collector.db, and the API phase's 26-hour fixture. */
    private static ResultTable storage(Path collectorDb, Path fixtureDb) throws SQLException {
        ResultTable t = TradeStorageTable.table("Depth: bytes per market-day per tier (rows + index, SQLite dbstat)");
        StorageFootprint.Usage liveSeconds = StorageFootprint.of(collectorDb, "depth_*_[0-9]*");
        StorageFootprint.Usage liveMinutes = StorageFootprint.of(collectorDb, "depthm_*_[0-9]*");
        TradeStorageTable.row(t, "1 s tier (depth_…), live collector", "collector.db", liveSeconds, 86_400);
        TradeStorageTable.row(t, "1 min tier (depthm_…), live collector", "collector.db", liveMinutes, 1_440);
        StorageFootprint.Usage fixtureSeconds = StorageFootprint.of(fixtureDb, "depth_*_[0-9]*");
        StorageFootprint.Usage fixtureMinutes = StorageFootprint.of(fixtureDb, "depthm_*_[0-9]*");
        TradeStorageTable.row(t, "1 s tier, API fixture (+ replicated live rows)", "api.db", fixtureSeconds, 86_400);
        TradeStorageTable.row(t, "1 min tier, API fixture (+ replicated live rows)", "api.db", fixtureMinutes, 1_440);
        double perMarket = fixtureSeconds.bytesPerRow() * 86_400 * 2 + fixtureMinutes.bytesPerRow() * 1_440 * 90;
        t.note("bytes per row = pages of the partitions and their (symbol, time) index (dbstat pgsize) ÷ their rows, over"
                + " every depth market in the file; the live rows hold the simulator's books (100 levels a side at"
                + " ~1 bp, binned at ±1 % on each market's tick grid), the fixture's " + "100 float32 bins a side;"
                + " the live minute tier holds only the minutes of this run (page overhead weighs more in it)");
        t.note("at the default retention (1 s tier 2 days, 1 min tier 90 days) one market with 100 bins a side (the"
                + " fixture's rows) holds about " + Fmt.num(perMarket / 1024 / 1024, 0) + " MB of depth");
        return t;
    }

    /**
     * Per stored market: [second rows, seconds from its first to its last row, bytes of its bid and ask
     * blobs] over collector.db's 1 s tier.
     */
    static Map<String, long[]> secondRowsPerMarket(Path collectorDb) throws SQLException {
        Map<String, long[]> out = new TreeMap<>();
        try (Connection c = SqliteConnections.openReadOnly(collectorDb); Statement s = c.createStatement()) {
            List<TradePartition> parts = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT name FROM cf_partitions WHERE dropped = 0")) {
                while (rs.next()) {
                    // only names that parse as depth partitions reach SQL
                    TradePartition.parse(rs.getString(1)).filter(p -> p.kind() == PartitionKind.DEPTH).ifPresent(parts::add);
                }
            }
            for (TradePartition p : parts) {
                try (ResultSet rs = s.executeQuery("SELECT symbol, count(*), min(time), max(time), sum(length(bids) + length(asks)) FROM " + p.table()
                        + " GROUP BY symbol")) {
                    while (rs.next()) {
                        long[] v = out.computeIfAbsent(p.exchange() + ":" + rs.getString(1),
                                k -> new long[] {0, Long.MAX_VALUE, Long.MIN_VALUE, 0});
                        v[0] += rs.getLong(2);
                        v[1] = Math.min(v[1], rs.getLong(3));
                        v[2] = Math.max(v[2], rs.getLong(4));
                        v[3] += rs.getLong(5);
                    }
                }
            }
        }
        Map<String, long[]> rows = new TreeMap<>();
        out.forEach((k, v) -> rows.put(k, new long[] {v[0], (v[2] - v[1]) / 1000 + 1, v[3]}));
        return rows;
    }

    private static String describe(Map<String, long[]> perMarket) {
        List<String> parts = new ArrayList<>();
        // float32 bins: blob bytes ÷ 4 ÷ 2 sides ÷ rows
        perMarket.forEach((k, v) -> parts.add(k + " " + v[0] + "/" + v[1] + " (" + Fmt.num(v[2] / 8.0 / Math.max(1, v[0]), 0)
                + " bins a side)"));
        return String.join(", ", parts);
    }
}
