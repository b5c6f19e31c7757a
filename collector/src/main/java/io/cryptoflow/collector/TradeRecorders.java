package io.cryptoflow.collector;

import io.cryptoflow.collector.aggregation.TradeRecorder;
import io.cryptoflow.collector.aggregation.TradeRetention;
import io.cryptoflow.collector.config.ExchangeConfiguration;
import io.cryptoflow.collector.exchange.ExchangeType;
import io.cryptoflow.collector.store.TradeSink;
import io.cryptoflow.common.ThreadPools;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds the raw-trade recorder from the configuration: retention per exchange section with order flow on. */
final class TradeRecorders {

    /** Trades per writer batch: a busy market's burst or an archive day goes in batches of this size. */
    static final int BATCH_SIZE = 5_000;
    static final long FLUSH_MILLIS = 250;
    static final long EXPIRY_MILLIS = 3_600_000;

    private TradeRecorders() {
    }

    static TradeRecorder of(CollectorConfiguration config, Map<ExchangeType, ExchangeConfiguration> exchanges,
                            TradeSink writer, ThreadPools pools) {
        if (!config.getOrderFlow().isEnabled()) {
            return TradeRecorder.NONE;
        }
        Map<String, Integer> days = new LinkedHashMap<>();
        exchanges.forEach((type, section) -> {
            if (section.getOrderFlow().isEnabled()) {
                // 0 stays in the map: its retention run drops what an earlier setting kept
                days.put(type.exchange(), section.getOrderFlow().getTradeRetentionDays());
            }
        });
        if (days.isEmpty()) {
            return TradeRecorder.NONE;
        }
        return new TradeRecorder(writer, new TradeRetention(days), System::currentTimeMillis, pools, BATCH_SIZE,
                FLUSH_MILLIS, EXPIRY_MILLIS);
    }
}
