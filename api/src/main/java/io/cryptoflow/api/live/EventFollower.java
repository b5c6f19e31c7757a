package io.cryptoflow.api.live;

import io.cryptoflow.api.core.TradeCursor;
import io.cryptoflow.common.MarketSymbol;
import java.util.HashMap;
import java.util.Map;

/**
 * One client following one market's trades: per partition the highest {@code seq} it has been
 * given (rows are numbered in commit order, so everything above is new to it), and the resume point
 * it holds: the greatest (time, id) sent.
 */
final class EventFollower {

    final LiveClient client;
    final MarketSymbol market;
    final Map<String, Long> seen = new HashMap<>();
    long cursorTime = -1;
    long cursorId = -1;

    EventFollower(LiveClient client, MarketSymbol market) {
        this.client = client;
        this.market = market;
    }

    void sent(long time, long id) {
        if (time > cursorTime || (time == cursorTime && id > cursorId)) {
            cursorTime = time;
            cursorId = id;
        }
    }

    /** Null until a trade was sent or the subscription named a resume point. */
    TradeCursor cursor() {
        return cursorTime < 0 ? null : new TradeCursor(cursorTime, cursorId);
    }
}
