package io.cryptoflow.collector;

import io.cryptoflow.collector.config.ExchangeConfiguration;
import io.cryptoflow.collector.exchange.ExchangeType;
import io.cryptoflow.collector.exchange.binance.BinanceExchanges;
import io.cryptoflow.collector.exchange.bitget.BitgetExchanges;
import io.cryptoflow.collector.exchange.bybit.BybitExchanges;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The exchange market types a configuration may name: the one place they are registered. Adding an
 * exchange is its package (an {@link ExchangeType} with its Market, TradeProtocol, TradeArchive),
 * one line here and its section in collector/config.yml.
 */
public final class ExchangeRegistry {

    public static final ExchangeRegistry BUILT_IN = new ExchangeRegistry(List.of(
            BinanceExchanges.FUTURES,
            BinanceExchanges.SPOT,
            BybitExchanges.LINEAR,
            BybitExchanges.SPOT,
            BitgetExchanges.FUTURES));

    private final Map<String, ExchangeType> byName = new LinkedHashMap<>();

    private ExchangeRegistry(List<ExchangeType> types) {
        types.forEach(t -> {
            if (byName.put(t.name(), t) != null) {
                throw new IllegalArgumentException("exchange type " + t.name() + " registered twice");
            }
        });
    }

    /** This registry and more types (a test's own exchange). */
    public ExchangeRegistry with(ExchangeType... more) {
        return new ExchangeRegistry(Stream.concat(byName.values().stream(), Stream.of(more)).toList());
    }

    public List<String> names() {
        return List.copyOf(byName.keySet());
    }

    public Optional<ExchangeType> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /**
     * The {@code exchanges:} sections with their types, in file order. Validation of the
     * configuration has already refused unknown keys; this says so again for a caller that skipped it.
     */
    public Map<ExchangeType, ExchangeConfiguration> resolve(Map<String, ExchangeConfiguration> sections) {
        Map<ExchangeType, ExchangeConfiguration> resolved = new LinkedHashMap<>();
        List<String> unknown = new ArrayList<>();
        sections.forEach((key, section) -> {
            ExchangeType type = byName.get(key);
            if (type == null) {
                unknown.add(key);
            } else {
                resolved.put(type, section);
            }
        });
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("exchanges: unknown exchange type(s) " + unknown + "; known: " + names());
        }
        List<String> noTrades = resolved.entrySet().stream()
                .filter(e -> e.getValue().getOrderFlow().isEnabled() && e.getKey().trades().isEmpty())
                .map(e -> e.getKey().name()).toList();
        if (!noTrades.isEmpty()) {
            throw new IllegalArgumentException("exchanges." + noTrades.get(0)
                    + ".orderFlow.enabled: this market's trades are not collected; switch it off");
        }
        return Collections.unmodifiableMap(resolved);
    }
}
