package io.cryptoflow.collector.exchange.book;

import java.util.List;

/**
 * One order-book message in exchange-neutral form: a full snapshot (REST or in-stream) or a diff.
 * The ids keep each exchange's own meaning; its {@link BookSync} interprets them.
 *
 * @param symbol   the exchange symbol, upper case
 * @param snapshot true for a full book (replaces the local one), false for a diff
 * @param time     the exchange's event time (ms)
 * @param firstId  first update id in the message (Binance {@code U}; Bybit {@code u}; Bitget {@code seq})
 * @param lastId   last update id (Binance {@code u} or snapshot {@code lastUpdateId}; Bybit {@code u}; Bitget {@code seq})
 * @param prevId   the previous message's last id as the exchange states it (Binance {@code pu},
 *                 Bitget {@code pseq}); -1 when the exchange sends none
 * @param checksum the exchange's checksum of the resulting book (Bitget), null when none
 */
public record DepthUpdate(String symbol, boolean snapshot, long time, long firstId, long lastId, long prevId,
                          List<Level> bids, List<Level> asks, Integer checksum) {

    public DepthUpdate {
        bids = List.copyOf(bids);
        asks = List.copyOf(asks);
    }

    /** One price level: scaled price ({@code Prices.SCALE}), absolute base-asset size (0 = removed), and the text as sent. */
    public record Level(long price, double size, String priceText, String sizeText) {
    }
}
