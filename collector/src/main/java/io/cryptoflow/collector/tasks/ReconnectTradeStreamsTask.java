package io.cryptoflow.collector.tasks;

import io.cryptoflow.collector.sources.trades.TradeStream;
import io.dropwizard.servlets.tasks.Task;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /admin/tasks/reconnect-trade-streams[?venue=bybit-linear]}: drops and reopens trade streams (venue = exchanges: key);
 * the missed range is fetched over REST as after any reconnect.
 */
public final class ReconnectTradeStreamsTask extends Task {

    private final List<TradeStream> streams;

    public ReconnectTradeStreamsTask(List<TradeStream> streams) {
        super("reconnect-trade-streams");
        this.streams = List.copyOf(streams);
    }

    @Override
    public void execute(Map<String, List<String>> parameters, PrintWriter output) {
        List<String> venues = parameters.getOrDefault("venue", List.of());
        int n = 0;
        for (TradeStream s : streams) {
            if (venues.isEmpty() || venues.stream().anyMatch(v -> v.equalsIgnoreCase(s.venue().name()))) {
                s.reconnectNow("operator task");
                output.println("reconnecting " + s.venue());
                n++;
            }
        }
        if (n == 0) {
            output.println("no enabled trade stream matches " + venues + "; enabled: "
                    + streams.stream().map(s -> s.venue().name()).toList());
        }
    }
}
