package io.cryptoflow.collector.sources.depth;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.cryptoflow.collector.aggregation.TickSizes;
import io.cryptoflow.collector.config.DepthConfiguration;
import io.cryptoflow.collector.config.ExchangeConfiguration;
import io.cryptoflow.collector.exchange.ExchangeType;
import io.cryptoflow.collector.exchange.RateGates;
import io.cryptoflow.collector.exchange.binance.BinanceExchanges;
import io.cryptoflow.collector.exchange.bitget.BitgetExchanges;
import io.cryptoflow.collector.exchange.bybit.BybitExchanges;
import io.cryptoflow.collector.store.SqliteCandleWriter;
import io.cryptoflow.common.PartitionKind;
import io.cryptoflow.common.SqliteConnections;
import io.cryptoflow.common.ThreadPools;
import io.cryptoflow.simulator.ExchangeSimulator;
import io.cryptoflow.simulator.faults.BookFaults;
import io.cryptoflow.simulator.faults.BookFaults.Kind;
import io.cryptoflow.simulator.market.Venue;
import io.dropwizard.jackson.Jackson;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Issue 22's "Must show": the collector's depth path (DepthService, its three DepthStreams and the
 * real SQLite writer) against the simulator's Binance USD-M, Bybit linear and Bitget BTCUSDT books,
 * with every book fault injected mid-run on its exchange. Every stored second row equals the
 * simulator's true book binned the same way (see {@link TrueBookRows} for the time rule); each fault
 * resynced its book, and the time from the injection until the book was right again is neither in
 * {@code depth_coverage} nor in any row; each minute row is the mean of its stored seconds.
 */
class DepthTrueBookIT {

    static final String SYMBOL = "BTCUSDT";
    static final int SECONDS_PER_MARKET = 105;
    static final int SAMPLED_INSTANTS = 100;
    static final ObjectMapper YAML = Jackson.newObjectMapper(new YAMLFactory());

    /** A depth market: stored exchange, simulator venue, collector market type, stream path, levels streamed. */
    record Market(String name, Venue venue, ExchangeType type, String wsPath, int depth) {
        String stored() {
            return name + ":" + SYMBOL;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static final Market BINANCE = new Market("BINANCE", Venue.BINANCE_FUTURES, BinanceExchanges.FUTURES, "/market",
            Integer.MAX_VALUE);
    static final Market BYBIT = new Market("BYBIT", Venue.BYBIT_LINEAR, BybitExchanges.LINEAR, "/v5/public/linear", 200);
    static final Market BITGET = new Market("BITGET", Venue.BITGET_FUTURES, BitgetExchanges.FUTURES, "/v2/ws/public",
            Integer.MAX_VALUE);
    static final List<Market> MARKETS = List.of(BINANCE, BYBIT, BITGET);

    /** One injected fault and the time its market's book was not known right: [from, to], ms. */
    record Wrong(Market market, Kind kind, long from, long to, int expectedResyncs, long resyncs, long missingAdded,
                 String lastFault) {
        boolean holds(long time) {
            return time >= from && time <= to;
        }
    }

    @TempDir
    Path dir;
    ExchangeSimulator sim;
    SqliteCandleWriter writer;
    DepthService service;

    @BeforeEach
    void start() throws Exception {
        // the simulator's Jetty logs every frame at DEBUG (no logback config here): megabytes and CPU
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("org.eclipse.jetty")).setLevel(Level.INFO);
        sim = ExchangeSimulator.builder().symbols(SYMBOL).enforceRateLimits(false).start();
        writer = new SqliteCandleWriter(dir.resolve("collector.db"), 64, new MetricRegistry());
        writer.start();
    }

    @AfterEach
    void stop() throws Exception {
        if (service != null) {
            service.stop();
        }
        writer.stop();
        sim.close();
    }

    @Test
    void storedSnapshotsAreTheTrueBookAndFaultsLeaveNoRow() throws Exception {
        DepthConfiguration depth = YAML.readValue("""
                interval: 1s
                bandPercent: 0.5
                steps: {BTCUSDT: 10}
                """, DepthConfiguration.class);
        MetricRegistry metrics = new MetricRegistry();
        Map<ExchangeType, ExchangeConfiguration> exchanges = new LinkedHashMap<>();
        for (Market m : MARKETS) {
            exchanges.put(m.type(), YAML.readValue("wsUrl: '" + sim.wsBaseUrl() + m.wsPath() + "'\nrestUrl: '"
                    + sim.baseUrl() + "'\nsymbols: [" + SYMBOL + "]\ndepth:\n  symbols: [" + SYMBOL + "]\n",
                    ExchangeConfiguration.class));
        }
        service = new DepthService(depth, exchanges, new TickSizes(Map.of()), writer, new RateGates(),
                HttpClient.newHttpClient(), metrics, ThreadPools.standalone(), System::currentTimeMillis);
        service.start();
        waitFor("every book known and sampled", 30_000, () -> MARKETS.stream()
                .allMatch(m -> status(m).known() && status(m).written() >= 3));

        List<Wrong> wrong = new ArrayList<>();
        for (Kind kind : List.of(Kind.DROP_DIFF, Kind.OUT_OF_ORDER_DIFF)) {
            for (Market m : MARKETS) {
                wrong.add(inject(m, kind, 1));
            }
        }
        // a dropped diff makes Binance fetch a snapshot, which comes back stale: two resyncs
        sim.bookFaults().arm(Kind.STALE_SNAPSHOT, Venue.BINANCE_FUTURES, SYMBOL);
        wrong.add(inject(BINANCE, Kind.DROP_DIFF, 2));
        wrong.add(inject(BYBIT, Kind.RESET_SNAPSHOT, 1));
        wrong.add(inject(BITGET, Kind.WRONG_CHECKSUM, 1));
        assertThat(sim.bookFaults().pending()).as("every armed fault was injected").isZero();
        assertThat(sim.bookFaults().injected()).extracting(BookFaults.Injected::kind)
                .contains(Kind.STALE_SNAPSHOT, Kind.RESET_SNAPSHOT, Kind.WRONG_CHECKSUM);

        waitFor(SECONDS_PER_MARKET + " stored seconds per market", 240_000, () -> MARKETS.stream()
                .allMatch(m -> status(m).written() >= SECONDS_PER_MARKET));
        Map<Market, Long> resyncMetric = new LinkedHashMap<>();
        MARKETS.forEach(m -> resyncMetric.put(m, ((Number) metrics.getGauges()
                .get("cryptoflow.collector.depth." + m.stored() + ".resyncs").getValue()).longValue()));
        service.stop();
        service = null;
        writer.stop();

        wrong.forEach(w -> System.out.printf("fault %s %s: not right over [%d, %d] (%d ms), resyncs +%d (%s), missing +%d%n",
                w.market(), w.kind(), w.from(), w.to(), w.to() - w.from(), w.resyncs(), w.lastFault(), w.missingAdded()));
        int ticksInWrongTime = 0;
        try (Connection c = SqliteConnections.openReadOnly(dir.resolve("collector.db"))) {
            TrueBookRows rows = new TrueBookRows(c);
            Random random = new Random();
            long seed = random.nextLong();
            random.setSeed(seed);
            System.out.println("instants drawn with seed " + seed);
            for (Market m : MARKETS) {
                List<TrueBookRows.Row> seconds = rows.rows(PartitionKind.DEPTH, m.name(), SYMBOL);
                List<long[]> coverage = rows.coverage(m.name(), SYMBOL);
                assertThat(seconds).as("%s second rows", m).hasSizeGreaterThanOrEqualTo(SECONDS_PER_MARKET);
                assertThat(seconds).extracting(TrueBookRows.Row::time).as("%s: one row per second", m)
                        .doesNotHaveDuplicates().allMatch(t -> t % 1000 == 0);
                List<TrueBookRows.Row> drawn = new ArrayList<>(seconds);
                Collections.shuffle(drawn, random);
                drawn = new ArrayList<>(drawn.subList(0, SAMPLED_INSTANTS));
                // and the first row after each fault, whether drawn or not
                for (Wrong w : wrong.stream().filter(w -> w.market() == m).toList()) {
                    seconds.stream().filter(r -> r.time() > w.to()).findFirst().ifPresent(drawn::add);
                }
                Map<Integer, Integer> lags = new TreeMap<>();
                for (TrueBookRows.Row r : drawn) {
                    int lag = rows.trueBookLag(sim, m.venue(), SYMBOL, m.depth(), depth.band(), r);
                    lags.merge(lag, 1, Integer::sum);
                }
                System.out.printf("%s: %d rows checked (of %d), steps behind the tick -> rows: %s%n", m, drawn.size(),
                        seconds.size(), lags);

                for (Wrong w : wrong.stream().filter(w -> w.market() == m).toList()) {
                    assertThat(seconds).as("%s: no row while the book was not right after %s", m, w.kind())
                            .noneMatch(r -> w.holds(r.time()));
                    assertThat(coverage).as("%s: depth_coverage leaves out the time after %s", m, w.kind())
                            .noneMatch(range -> range[0] <= w.to() && range[1] >= w.from());
                    assertThat(seconds).as("%s: rows after %s", m, w.kind()).anyMatch(r -> r.time() > w.to());
                    ticksInWrongTime += (int) (Math.floorDiv(w.to(), 1000) - Math.floorDiv(w.from() - 1, 1000));
                }
                assertThat(seconds).as("%s: every row inside a coverage range", m)
                        .allMatch(r -> coverage.stream().anyMatch(range -> range[0] <= r.time() && r.time() <= range[1]));

                List<TrueBookRows.Row> minutes = rows.rows(PartitionKind.DEPTH_MINUTE, m.name(), SYMBOL);
                assertThat(minutes).as("%s minute rows", m).isNotEmpty();
                for (TrueBookRows.Row minute : minutes) {
                    rows.assertMeanOfSeconds(minute, seconds.stream()
                            .filter(s -> s.time() >= minute.time() && s.time() < minute.time() + 60_000).toList());
                }
            }
        }
        for (Wrong w : wrong) {
            assertThat(w.resyncs()).as("%s %s resynced the book exactly as often as needed", w.market(), w.kind())
                    .isEqualTo(w.expectedResyncs());
            if (w.kind() != Kind.RESET_SNAPSHOT) {
                assertThat(w.missingAdded()).as("%s %s: ticks reported missing", w.market(), w.kind()).isPositive();
            }
        }
        for (Market m : MARKETS) {
            assertThat(resyncMetric.get(m)).as("%s resyncs metric: the faults' and no other", m)
                    .isEqualTo(wrong.stream().filter(w -> w.market() == m).mapToLong(Wrong::resyncs).sum());
        }
        assertThat(wrong.stream().filter(w -> w.kind() == Kind.DROP_DIFF && w.market() == BITGET))
                .allSatisfy(w -> assertThat(w.lastFault()).isEqualTo("CHECKSUM"));
        assertThat(wrong.get(0).lastFault()).as("Binance dropped diff").isEqualTo("GAP");
        assertThat(wrong.get(1).lastFault()).as("Bybit dropped delta").isEqualTo("GAP");
        assertThat(wrong.get(wrong.size() - 3).lastFault()).isEqualTo("STALE_SNAPSHOT");
        assertThat(wrong.get(wrong.size() - 2).lastFault()).isEqualTo("RESET");
        assertThat(wrong.get(wrong.size() - 1).lastFault()).isEqualTo("CHECKSUM");

        System.out.println("ticks inside the not-right intervals: " + ticksInWrongTime);
        assertThat(ticksInWrongTime).as("some tick fell while a book was not right (else the check above is vacuous)")
                .isPositive();
    }

    /**
     * Arms {@code kind} on {@code m} for the first message 90 ms before the next whole second at least
     * 1.2 s ahead (so the sample of that tick is usually taken from the faulted book), then watches the
     * market's status every few ms until {@code resyncs} more resyncs happened and the book is known
     * again (at most 30 s: a fault the collector missed fails the checks after the run). The not-right interval runs from the injection (simulator's record) to the last poll that
     * did not yet see the book right again: a tick inside it had either a faulted, not yet detected book
     * or no book, so no row may exist there.
     */
    private Wrong inject(Market m, Kind kind, int resyncs) throws InterruptedException {
        DepthStatus before = status(m);
        int injectedBefore = sim.bookFaults().injected().size();
        long at = (System.currentTimeMillis() / 1000 + 2) * 1000 - 90;
        sim.bookFaults().armAt(kind, m.venue(), SYMBOL, at);
        long lastNotRight = System.currentTimeMillis();
        long deadline = lastNotRight + 30_000;
        DepthStatus now = before;
        while (System.currentTimeMillis() < deadline) {
            long polled = System.currentTimeMillis();
            now = status(m);
            if (now.known() && now.resyncs() >= before.resyncs() + resyncs) {
                break;
            }
            lastNotRight = polled;
            Thread.sleep(2);
        }
        long from = sim.bookFaults().injected().subList(injectedBefore, sim.bookFaults().injected().size()).stream()
                .filter(i -> i.venue() == m.venue() && i.kind() == kind).mapToLong(BookFaults.Injected::marketTimeMs)
                .min().orElseThrow(() -> new AssertionError(m + " " + kind + " was never injected"));
        // the assertions on resyncs come after the row checks: a fault the collector missed must also show there
        long written = status(m).written();
        waitFor("confirmed rows after " + m + " " + kind, 10_000, () -> status(m).written() > written + 1);
        // a sample dropped by the resync is counted missing at the next tick, when it would have been confirmed
        DepthStatus after = status(m);
        return new Wrong(m, kind, from, lastNotRight, resyncs, now.resyncs() - before.resyncs(), after.missing() - before.missing(),
                now.lastFault());
    }

    private DepthStatus status(Market m) {
        return service.statuses().stream().filter(s -> s.market().equals(m.stored())).findFirst().orElseThrow();
    }

    private static void waitFor(String what, long timeoutMs, java.util.function.BooleanSupplier done)
            throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (!done.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }
}
