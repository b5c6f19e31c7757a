package io.cryptoflow.collector.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.cryptoflow.collector.config.ExchangeConfiguration;
import io.cryptoflow.collector.config.OrderFlowConfiguration;
import io.dropwizard.jackson.Jackson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Configuration blocks built the way the collector builds them, by Jackson from YAML (they have no
 * setters), without validation so that tests may use timings shorter than production allows.
 */
public final class Sections {

    private static final ObjectMapper YAML = Jackson.newObjectMapper(new YAMLFactory());

    private Sections() {
    }

    /**
     * An {@code exchanges.<type>} section with order flow on at these addresses and symbols;
     * {@code orderFlowSettings} are further {@code key: value} lines of its {@code orderFlow:}.
     */
    public static ExchangeConfiguration tradesOn(String wsUrl, String restUrl, String archiveUrl, List<String> symbols,
                                                 String... orderFlowSettings) {
        StringBuilder yaml = new StringBuilder()
                .append("wsUrl: ").append(quoted(wsUrl)).append('\n')
                .append("restUrl: ").append(quoted(restUrl)).append('\n')
                .append("archiveUrl: ").append(quoted(archiveUrl)).append('\n')
                .append("symbols: [").append(String.join(", ", symbols)).append("]\n")
                // every timeframe, as the shipped config.yml: footprints of 1m/5m/30m need their klines listed
                .append("klines:\n  timeframes: [1m, 5m, 15m, 30m, 1h, 4h, 1d]\n")
                .append("orderFlow:\n  enabled: true\n");
        for (String setting : orderFlowSettings) {
            yaml.append("  ").append(setting).append('\n');
        }
        return parse(yaml.toString(), ExchangeConfiguration.class);
    }

    /** The shared {@code orderFlow:} block from {@code key: value} lines. */
    public static OrderFlowConfiguration orderFlow(String... settings) {
        return parse(settings.length == 0 ? "{}" : String.join("\n", settings), OrderFlowConfiguration.class);
    }

    private static String quoted(String value) {
        return value == null ? "null" : "'" + value + "'";
    }

    private static <T> T parse(String yaml, Class<T> type) {
        try {
            return YAML.readValue(yaml, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
