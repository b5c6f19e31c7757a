package io.cryptoflow.collector;

import io.cryptoflow.collector.config.ExchangeConfiguration;
import io.cryptoflow.collector.exchange.ExchangeType;
import io.cryptoflow.collector.exchange.TradeProtocol;
import io.cryptoflow.common.ConfiguredMarketSchema.Kind;
import io.cryptoflow.common.MarketSymbol;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Which data kinds besides candles this configuration collects of each market, for
 * {@code configured_markets.kinds}: decided by the same switches that start the streams and syncs
 * ({@code TradeRecorders}, {@code OrderFlowService}, {@code DepthService}, {@code DerivativesService}),
 * so the API can answer a market without data of a kind "collecting" or "not collected" exactly.
 */
final class ConfiguredKinds {

    private ConfiguredKinds() {
    }

    /** Each market of a section with at least one kind on → its kinds (a market not in the map collects none). */
    static Map<MarketSymbol, Set<Kind>> of(CollectorConfiguration config, Map<ExchangeType, ExchangeConfiguration> exchanges) {
        Map<MarketSymbol, Set<Kind>> kinds = new HashMap<>();
        exchanges.forEach((type, section) -> {
            Set<Kind> sectionKinds = sectionKinds(config.getOrderFlow().isEnabled(), type, section);
            for (String symbol : section.normalizedSymbols()) {
                MarketSymbol.tryOf(type.exchange(), symbol).ifPresent(m -> kindsOf(kinds, m).addAll(sectionKinds));
            }
            if (config.getDepth().isEnabled()) {
                // DepthService keeps only the books listed under the section's depth.symbols
                for (String symbol : section.getDepth().normalizedSymbols()) {
                    MarketSymbol.tryOf(type.exchange(), symbol).ifPresent(m -> kindsOf(kinds, m).add(Kind.DEPTH));
                }
            }
        });
        kinds.values().removeIf(Set::isEmpty);
        return Map.copyOf(kinds);
    }

    private static Set<Kind> kindsOf(Map<MarketSymbol, Set<Kind>> kinds, MarketSymbol market) {
        return kinds.computeIfAbsent(market, m -> EnumSet.noneOf(Kind.class));
    }

    /** The kinds switched on for every symbol of a section. */
    private static Set<Kind> sectionKinds(boolean orderFlowOn, ExchangeType type, ExchangeConfiguration section) {
        Set<Kind> kinds = EnumSet.noneOf(Kind.class);
        if (orderFlowOn && section.getOrderFlow().isEnabled() && type.trades().isPresent()) {
            if (section.getOrderFlow().getTradeRetentionDays() > 0) {
                kinds.add(Kind.TRADES); // retention 0 keeps no raw trade (TradeRetention)
            }
            if (type.trades().flatMap(TradeProtocol::liquidations).isPresent()) {
                kinds.add(Kind.LIQUIDATIONS); // riding on the trade connection (TradeStream)
            }
        }
        if (section.getDerivatives().isEnabled() && type.derivatives(section.getRestUrl()).isPresent()) {
            kinds.add(Kind.OPEN_INTEREST);
            kinds.add(Kind.FUNDING);
        }
        return kinds;
    }
}
