package io.cryptoflow.api.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * {@code GET /api/liquidations}: events oldest first, as rows {@code [time, side, price, qty, notional]}
 * ({@code side} = the liquidated position, {@code "long"} or {@code "short"}; notional = price × qty in
 * the quote currency). {@code covered}: the parts of [from, to] the collector's stream was connected;
 * outside them liquidations are unknown (not none). Binance's stream is a sample (at most one
 * liquidation per symbol per second); a market without a public stream (spot, Bitget) has no range.
 * {@code next}: the cursor of the following page, null when this page ended the range. {@code collecting}:
 * true on the empty answer for a configured market none of whose liquidation stream reached api.db yet
 * (absent otherwise).
 */
public record LiquidationPage(String exchange, String symbol, long from, long to, List<Covered> covered,
                              List<String> columns, List<List<Object>> liquidations, String next,
                              @JsonInclude(JsonInclude.Include.NON_NULL) Boolean collecting) {

    /** A connected range of the collector's liquidation stream, epoch ms, both ends inclusive. */
    public record Covered(long from, long to) {
    }

    public static final List<String> COLUMNS = List.of("time", "side", "price", "qty", "notional");
}
