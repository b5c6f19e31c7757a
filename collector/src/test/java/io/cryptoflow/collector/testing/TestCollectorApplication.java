package io.cryptoflow.collector.testing;

import io.cryptoflow.collector.CollectorApplication;

/** The collector as shipped, except that its configuration may also name the test-only exchanges. */
public class TestCollectorApplication extends CollectorApplication {

    public TestCollectorApplication() {
        super(TestExchanges.REGISTRY);
    }
}
