package io.cryptoflow.collector.testing;

import io.cryptoflow.collector.ExchangeRegistry;

/**
 * The built-in exchanges plus the ones that exist only in tests, one registration line each: the
 * test-side counterpart of {@link ExchangeRegistry#BUILT_IN}.
 */
public final class TestExchanges {

    public static final ExchangeRegistry REGISTRY = ExchangeRegistry.BUILT_IN.with(
            io.cryptoflow.collector.exchange.fake.FakeExchange.TYPE
    );

    private TestExchanges() {
    }
}
