package io.cryptoflow.e2e.trades;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.codahale.metrics.MetricRegistry;
import io.cryptoflow.collector.aggregation.TradeRecorder;
import io.cryptoflow.collector.aggregation.TradeRetention;
import io.cryptoflow.collector.config.ExchangeConfiguration;
import io.cryptoflow.collector.exchange.ExchangeType;
import io.cryptoflow.collector.sources.klines.KlineClient;
import io.cryptoflow.collector.sources.trades.OrderFlowService;
import io.cryptoflow.collector.sources.trades.TradeSequencer;
import io.cryptoflow.collector.store.CandleBatch;
import io.cryptoflow.collector.store.SqliteCandleWriter;
import io.cryptoflow.collector.store.WriteMode;
import io.cryptoflow.collector.testing.Sections;
import io.cryptoflow.common.Candle;
import io.cryptoflow.common.ThreadPools;
import io.cryptoflow.common.Timeframe;
import io.cryptoflow.replicator.core.Replication;
import io.cryptoflow.replicator.core.ReplicationMetrics;
import io.cryptoflow.replicator.core.ReplicationSettings;
import io.cryptoflow.replicator.core.ReplicationStatus;
import io.cryptoflow.replicator.core.ReplicationStrategy;
import io.cryptoflow.replicator.strategy.Replications;
import io.cryptoflow.simulator.ExchangeSimulator;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The collector's order flow for some markets against the simulator, with a real writer and
 * {@link TradeRecorder} on collector.db (footprints and raw trades from yesterday's archive where
 * the exchange has one, REST catch-up and the live stream), and the replicator's incremental
 * strategy copying into api.db meanwhile. {@link #stop} ends the collector, replicates the rest and
 * checks both databases agree.
 */
final class OrderFlowRun implements AutoCloseable {

    private final ExchangeSimulator sim;
    private final String symbol;
    private final List<OrderFlowMarket> markets;
    private final SqliteCandleWriter writer;
    private final TradeRecorder recorder;
    private final OrderFlowService orderFlow;
    private final Replication replication;
    private final ReplicationMetrics replicationMetrics;
    private final AtomicBoolean replicating = new AtomicBoolean(true);
    private final Thread replicator;
    private boolean stopped;

    OrderFlowRun(ExchangeSimulator sim, Path data, String symbol, List<OrderFlowMarket> markets) throws Exception {
        this.sim = sim;
        this.symbol = symbol;
        this.markets = markets;
        Path collectorDb = data.resolve("collector.db");
        ReplicationSettings settings = ReplicationSettings.defaults(collectorDb, data.resolve("api.db"), ReplicationStrategy.INCREMENTAL);
        ReplicationStatus status = new ReplicationStatus(ReplicationStrategy.INCREMENTAL);
        replicationMetrics = new ReplicationMetrics(new MetricRegistry(), status);
        replication = Replications.create(settings, replicationMetrics, status);
        writer = new SqliteCandleWriter(collectorDb, 64, new MetricRegistry());
        writer.start();
        Map<String, Integer> retention = new LinkedHashMap<>();
        Map<ExchangeType, ExchangeConfiguration> sections = new LinkedHashMap<>();
        for (OrderFlowMarket m : markets) {
            retention.put(m.type.exchange(), 7);
            sections.put(m.type, Sections.tradesOn(sim.wsBaseUrl() + m.wsPath, sim.baseUrl(), sim.baseUrl(), List.of(symbol),
                    "footprintDays: 1", "restPageInterval: 5ms", "minReconnectDelay: 50ms"));
        }
        recorder = new TradeRecorder(writer, new TradeRetention(retention), System::currentTimeMillis, ThreadPools.standalone(),
                5_000, 100, 3_600_000);
        recorder.start();
        orderFlow = new OrderFlowService(Sections.orderFlow("flushInterval: 100ms"), sections, writer, new MetricRegistry(),
                HttpClient.newHttpClient(), Clock.systemUTC()).withTradeRecorder(recorder);
        replicator = new Thread(this::replicateUntilStopped, "replicator");
        orderFlow.start();
        replicator.start();
    }

    private void replicateUntilStopped() {
        while (replicating.get()) {
            try {
                replication.runOnce();
                Thread.sleep(20);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    TradeSequencer sequencer(OrderFlowMarket m) {
        return orderFlow.sequencers().get(m.symbol(symbol));
    }

    /** Waits until every market caught up and its stream delivered a trade at least {@code ms} later than {@code since}. */
    Map<OrderFlowMarket, Long> awaitLive(Map<OrderFlowMarket, Long> since, long ms) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100)).until(() -> markets.stream().allMatch(m -> {
            TradeSequencer s = sequencer(m);
            return !s.isCatchingUp() && s.lastTime() != Long.MIN_VALUE && s.lastTime() >= since.getOrDefault(m, Long.MIN_VALUE + ms) + ms;
        }));
        return lastTimes();
    }

    Map<OrderFlowMarket, Long> lastTimes() {
        Map<OrderFlowMarket, Long> out = new LinkedHashMap<>();
        markets.forEach(m -> out.put(m, sequencer(m).lastTime()));
        return out;
    }

    /** Cuts every market's WebSocket once. */
    void cutEveryStream() {
        for (OrderFlowMarket m : markets) {
            assertThat(sim.dropWebSockets(m.cutPath)).as("%s's stream cut", m).isEqualTo(1);
        }
    }

    /**
     * Stops the collector, then stores the klines of [{@code from}, now) where they own the taker
     * fields (Binance, as its kline sync would), replicates what is left and checks api.db equals
     * collector.db, with no snapshot after the bootstrap. Returns each market's last trade time.
     */
    Map<OrderFlowMarket, Long> stop(long from, List<Timeframe> timeframes) throws Exception {
        // before the streams stop: a message in flight while they do may still be accepted after the
        // recorder's last flush (not stored now; a restart fetches it again from the newest stored trade)
        Map<OrderFlowMarket, Long> last = lastTimes();
        try {
            orderFlow.stop();
            recorder.stop();
            for (OrderFlowMarket m : markets) {
                if (m.takerKlines != null) {
                    storeKlines(m, from, timeframes);
                }
            }
        } finally {
            writer.stop();
            stopped = true;
        }
        replicating.set(false);
        replicator.join();
        replication.runOnce();
        assertThat(replication.verify().consistent()).as("api.db equals collector.db").isTrue();
        assertThat(replicationMetrics.fallbackSnapshots.getCount()).as("no snapshot after the bootstrap").isZero();
        return last;
    }

    private void storeKlines(OrderFlowMarket m, long from, List<Timeframe> timeframes) throws Exception {
        KlineClient klines = new KlineClient(m.takerKlines.apply(sim.baseUrl()), HttpClient.newHttpClient(), Duration.ofSeconds(10),
                new MetricRegistry());
        long now = System.currentTimeMillis();
        for (Timeframe tf : timeframes) {
            long start = from;
            while (start < now) {
                List<Candle> page = klines.fetch(symbol, tf, start, now, 1000);
                if (page.isEmpty()) {
                    break;
                }
                writer.submit(new CandleBatch(m.symbol(symbol), tf, page, WriteMode.KLINE)).get();
                start = page.get(page.size() - 1).time() + tf.millis();
            }
        }
    }

    @Override
    public void close() throws Exception {
        if (!stopped) {
            orderFlow.stop();
            recorder.stop();
            writer.stop();
        }
        replicating.set(false);
        replicator.join();
        replication.close();
    }
}
