package io.cryptoflow.collector.store;

import java.util.List;

/**
 * Where one market's stored trades end: the newest one, and every stored trade of the last moments
 * before it (oldest first, the newest included), so trades a REST answer repeats are known by id.
 */
public record TradeTail(StoredTrade newest, List<StoredTrade> recent) {

    public TradeTail {
        recent = List.copyOf(recent);
    }
}
