package io.cryptoflow.collector.testing;

import io.cryptoflow.collector.config.ExchangeConfiguration;
import io.dropwizard.util.Duration;
import java.util.List;

/** {@code exchanges.<type>} sections built in code, as a test's collector.yml would give them. */
public final class Sections {

    private Sections() {
    }

    /** A section with order flow switched on (URLs and symbols set by the caller). */
    public static ExchangeConfiguration tradesOn() {
        ExchangeConfiguration section = new ExchangeConfiguration();
        section.getOrderFlow().setEnabled(true);
        return section;
    }

    /** A section with order flow on at these addresses, for these symbols, with this keep-alive. */
    public static ExchangeConfiguration tradesOn(String wsUrl, String restUrl, String archiveUrl, List<String> symbols,
                                                 Duration pingInterval) {
        ExchangeConfiguration section = tradesOn();
        section.setWsUrl(wsUrl);
        section.setRestUrl(restUrl);
        section.setArchiveUrl(archiveUrl);
        section.setSymbols(List.copyOf(symbols));
        section.getOrderFlow().setPingInterval(pingInterval);
        return section;
    }
}
