package io.cryptoflow.collector.store;

import io.cryptoflow.common.MarketSymbol;
import java.time.LocalDate;

/** Which UTC days already have a closed footprint stored, so a restart does not re-import them. */
@FunctionalInterface
public interface FootprintLedger {

    FootprintLedger NONE = (market, day) -> false;

    boolean hasFootprint(MarketSymbol market, LocalDate day);
}
