package io.cryptoflow.collector.health;

import com.codahale.metrics.health.HealthCheck;
import io.cryptoflow.collector.sources.trades.TradeStream;
import java.util.List;
import java.util.stream.Collectors;

/** Unhealthy while an enabled trade stream is disconnected (it reconnects by itself; this shows it). */
public final class TradeStreamHealthCheck extends HealthCheck {

    private final List<TradeStream> streams;

    public TradeStreamHealthCheck(List<TradeStream> streams) {
        this.streams = List.copyOf(streams);
    }

    @Override
    protected Result check() {
        List<String> down = streams.stream().filter(s -> !s.isConnected()).map(s -> s.venue().name())
                .collect(Collectors.toList());
        if (!down.isEmpty()) {
            return Result.unhealthy("trade streams reconnecting: " + down);
        }
        return Result.healthy(streams.size() + " trade stream(s) connected");
    }
}
