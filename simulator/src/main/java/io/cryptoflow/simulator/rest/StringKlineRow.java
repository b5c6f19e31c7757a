package io.cryptoflow.simulator.rest;

import io.cryptoflow.simulator.market.Kline;
import io.cryptoflow.simulator.market.KlineAggregate;
import io.cryptoflow.simulator.market.SymbolSpec;

/**
 * The kline row Bybit ({@code result.list}) and Bitget ({@code data}) both answer: seven strings
 * {@code ["openTime","open","high","low","close","baseVolume","quoteVolume"]}.
 */
final class StringKlineRow {

    private StringKlineRow() {
    }

    /** Appends the row for {@code k} to a JSON array's body, with a comma before it unless it is the first. */
    static void append(StringBuilder list, Kline k, SymbolSpec spec) {
        KlineAggregate a = k.agg();
        if (list.length() > 0) {
            list.append(',');
        }
        list.append("[\"").append(k.openTime()).append("\",\"")
                .append(spec.price(a.open()).toPlainString()).append("\",\"")
                .append(spec.price(a.high()).toPlainString()).append("\",\"")
                .append(spec.price(a.low()).toPlainString()).append("\",\"")
                .append(spec.price(a.close()).toPlainString()).append("\",\"")
                .append(spec.qty(a.volume()).toPlainString()).append("\",\"")
                .append(spec.quote(a.quoteVolume()).toPlainString()).append("\"]");
    }
}
