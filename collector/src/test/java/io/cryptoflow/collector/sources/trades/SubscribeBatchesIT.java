package io.cryptoflow.collector.sources.trades;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import com.codahale.metrics.MetricRegistry;
import io.cryptoflow.collector.config.ExchangeConfiguration;
import io.cryptoflow.collector.config.OrderFlowConfiguration;
import io.cryptoflow.collector.exchange.ExchangeType;
import io.cryptoflow.collector.exchange.bitget.BitgetExchanges;
import io.cryptoflow.collector.exchange.bybit.BybitExchanges;
import io.cryptoflow.collector.testing.RecordingSink;
import io.cryptoflow.collector.testing.Sections;
import io.cryptoflow.common.MarketSymbol;
import io.cryptoflow.simulator.ExchangeSimulator;
import io.cryptoflow.simulator.ManualClock;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

/**
 * Issue 24 item 2: Bybit spot refuses a subscribe request with more than 10 args ("args size >10",
 * nothing subscribed), and Bitget cuts a connection sending more than 10 messages a second. With 14
 * symbols every one of them receives live trades from the simulator, which refuses what the
 * exchanges refuse: the subscriptions go out in batches of 10, paced.
 */
class SubscribeBatchesIT {

    private static final List<String> SYMBOLS = IntStream.rangeClosed(1, 14).mapToObj(i -> "C" + i + "USDT").toList();

    @BeforeAll
    static void quietJetty() {
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("org.eclipse.jetty")).setLevel(Level.INFO);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"bybit-spot", "bitget-futures"})
    void everySymbolOfMoreThanTenGetsLiveTrades(String type) throws Exception {
        ExchangeType venue = type.equals("bybit-spot") ? BybitExchanges.SPOT : BitgetExchanges.FUTURES;
        String path = venue == BybitExchanges.SPOT ? "/v5/public/spot" : "/v2/ws/public";
        Instant start = Instant.parse("2026-11-20T09:58:00Z");
        ManualClock market = new ManualClock(start);
        try (ExchangeSimulator sim = ExchangeSimulator.builder().clock(market).symbols(SYMBOLS.toArray(String[]::new))
                .liveSince(start.minusSeconds(3_600)).liveTradesPerMinute(120).enforceRateLimits(false).start()) {
            OrderFlowConfiguration config = Sections.orderFlow("flushInterval: 100ms");
            ExchangeConfiguration section = Sections.tradesOn(sim.wsBaseUrl() + path, sim.baseUrl(), "", SYMBOLS,
                    "footprintDays: 0", "minReconnectDelay: 200ms", "restPageInterval: 5ms");
            MetricRegistry registry = new MetricRegistry();
            OrderFlowService service = new OrderFlowService(config, Map.of(venue, section), new RecordingSink(), registry,
                    HttpClient.newHttpClient(), market);
            service.start();
            try {
                List<TradeSequencer> seqs = new ArrayList<>();
                SYMBOLS.forEach(s -> seqs.add(service.sequencers().get(MarketSymbol.of(venue.exchange(), s))));
                long from = market.millis();
                await().atMost(Duration.ofSeconds(30)).until(() -> seqs.stream().noneMatch(TradeSequencer::isCatchingUp));
                for (int i = 0; i < 12; i++) {
                    market.advance(Duration.ofSeconds(5));
                    Thread.sleep(250);
                }
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(seqs)
                        .allSatisfy(s -> assertThat(s.lastTime()).as(s.market().toString()).isGreaterThan(from)));
                assertThat(registry.counter("cryptoflow.collector.ws.reconnects").getCount()).isZero();
            } finally {
                service.stop();
            }
        }
    }
}
