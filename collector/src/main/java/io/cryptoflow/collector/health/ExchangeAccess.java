package io.cryptoflow.collector.health;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import io.cryptoflow.collector.config.ExchangeConfiguration;
import io.cryptoflow.collector.exchange.ExchangeType;
import io.cryptoflow.collector.exchange.RateGate;
import io.cryptoflow.collector.exchange.RateGates;
import io.cryptoflow.collector.exchange.RegionRefusal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Whether each configured market's exchange serves this location, from its shared {@link RateGate}:
 * a market an exchange refuses (Binance HTTP 451, Bybit's CloudFront 403) is shown as {@code REFUSED}
 * on {@code /progress} and as the gauge {@code cryptoflow.collector.exchange.<exchange>.refused}
 * (1 while refused), while the health checks stay green for it so the markets that work keep the
 * collector (and the compose stack) healthy.
 */
public final class ExchangeAccess {

    /**
     * One market's access.
     *
     * @param market    the configuration key ({@code binance-futures})
     * @param state     {@code OK} or {@code REFUSED}
     * @param reason    what the exchange answered, null when OK
     * @param since     first refusal of this run, epoch ms, null when OK
     * @param nextRetry when the exchange is asked again, epoch ms, null when OK
     */
    public record State(String market, String state, String reason, Long since, Long nextRetry) {
    }

    private final Map<ExchangeType, RateGate> gates = new LinkedHashMap<>();

    public ExchangeAccess(Map<ExchangeType, ExchangeConfiguration> exchanges, RateGates rateGates) {
        exchanges.forEach((type, section) -> {
            if (section.getKlines().isEnabled() || section.getOrderFlow().isEnabled()) {
                gates.put(type, rateGates.of(type.exchange(), type.market(section.getRestUrl()).rateLimitRules()));
            }
        });
    }

    public List<State> states() {
        List<State> out = new ArrayList<>();
        gates.forEach((type, gate) -> out.add(gate.refusal().map(r -> refused(type, r))
                .orElseGet(() -> new State(type.name(), "OK", null, null, null))));
        return out;
    }

    private static State refused(ExchangeType type, RegionRefusal r) {
        return new State(type.name(), "REFUSED", r.reason(), r.since().toEpochMilli(), r.retryAt().toEpochMilli());
    }

    /** {@code cryptoflow.collector.exchange.<exchange>.refused}: 1 while the exchange refuses this location. */
    public void registerGauges(MetricRegistry metrics) {
        gates.forEach((type, gate) -> metrics.gauge("cryptoflow.collector.exchange." + type.exchange().toLowerCase(Locale.ROOT)
                + ".refused", () -> (Gauge<Integer>) () -> gate.refusal().isPresent() ? 1 : 0));
    }
}
