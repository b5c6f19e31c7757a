package io.cryptoflow.collector.store;

import io.cryptoflow.common.MarketSymbol;
import java.util.List;

/** Raw trades of one market, written in one transaction with one revision (any days, any order). */
public record TradeBatch(MarketSymbol market, List<TradeRow> trades) {

    public TradeBatch {
        trades = List.copyOf(trades);
    }
}
