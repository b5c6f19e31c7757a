package io.cryptoflow.api.core;

import io.cryptoflow.common.MarketSymbol;
import java.time.Clock;
import java.time.Duration;

/**
 * Why an answer of trades, liquidations, depth, open interest or funding has no data, decided when
 * the market has none of that kind at all (the same question {@link EmptyPages} answers for candles).
 *
 * <p>{@code configured_markets} records which markets the collector collects and, since schema 7,
 * which kinds its running configuration collects of each ({@code kinds}). With the kinds recorded the
 * answer is exact: a configured market with none of a kind yet is being collected (an empty answer
 * with {@code "collecting":true}) when its kinds name it, and not collected (a 409 naming the setting)
 * when they do not.
 *
 * <p>A row an older collector wrote has no kinds (NULL) until that collector is upgraded; for it the
 * kind is guessed from api.db: being collected while any other market of the same exchange has that
 * kind (the switch covers the whole exchange section), or for {@value #GRACE_MINUTES} minutes after the
 * market was first configured (a fresh stack: streams connect and backfills reach api.db within that);
 * after that, with no sign of it, a 409.
 */
public final class EmptyAnswers {

    static final int GRACE_MINUTES = 15;
    static final long GRACE_MS = Duration.ofMinutes(GRACE_MINUTES).toMillis();

    private final ReplicaStore store;
    private final Clock clock;

    public EmptyAnswers(ReplicaStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /**
     * For a market without any data of {@code kind} to answer from: true when it is configured and the
     * kind is being collected (answer empty with {@code "collecting":true}); false when the answer is
     * an ordinary empty one: the market has data of the kind after all (it reached api.db since the
     * caller looked), or it is no longer configured but its candles are stored (answered as before).
     *
     * @throws UnknownSymbolException when nobody configured the market and api.db holds neither
     *                                candles nor data of the kind of it (404)
     * @throws NotCollectedException  when it is configured but the kind shows no sign of being
     *                                collected ({@link DataKind#setting()}; 409)
     */
    public boolean collecting(DataKind kind, MarketSymbol market) {
        KindFacts f = store.catalog(reads -> reads.kindFacts(kind, market));
        return decide(f, kind, market, clock.millis());
    }

    /**
     * The {@code collecting} member of a JSON answer: {@code TRUE} when it holds no row ({@code noRows})
     * and {@link #collecting} says so, else null (the member is left out).
     */
    public Boolean member(boolean noRows, DataKind kind, MarketSymbol market) {
        return noRows && collecting(kind, market) ? Boolean.TRUE : null;
    }

    static boolean decide(KindFacts f, DataKind kind, MarketSymbol market, long now) {
        if (f.marketHolds()) {
            return false;
        }
        if (f.configuredSince() == null) {
            if (!f.hasCandles()) {
                if (f.beforeFirstRevision()) {
                    throw ReplicaNotReadyException.nothingCommitted();
                }
                throw new UnknownSymbolException(market, kind);
            }
            return false;
        }
        if (f.configuredOn() != null) {
            if (f.configuredOn()) {
                return true;
            }
            throw new NotCollectedException(kind, market);
        }
        // kinds not recorded (a collector from before schema 7): guessed from api.db
        if (f.exchangeCollects() || now - f.configuredSince() < GRACE_MS) {
            return true;
        }
        throw new NotCollectedException(kind, market);
    }
}
