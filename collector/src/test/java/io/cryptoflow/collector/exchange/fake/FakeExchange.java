package io.cryptoflow.collector.exchange.fake;

import io.cryptoflow.collector.exchange.ExchangeType;
import io.cryptoflow.collector.store.WriteMode;
import io.dropwizard.util.Duration;

/**
 * A fourth exchange that exists only in tests ({@code exchanges.fake-exchange}, stored as
 * {@code FAKE}): klines only, no trades, no archive. It proves that adding an exchange is this
 * package plus one registration line (in {@code TestExchanges}) plus its configuration section.
 */
public final class FakeExchange {

    public static final ExchangeType TYPE = new ExchangeType("fake-exchange", "FAKE", WriteMode.FOOTPRINT_WITH_TAKER,
            false, Duration.seconds(20), FakeMarket::new, null, null);

    private FakeExchange() {
    }
}
