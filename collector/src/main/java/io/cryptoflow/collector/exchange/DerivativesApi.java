package io.cryptoflow.collector.exchange;

import io.cryptoflow.common.FundingEvent;
import io.cryptoflow.common.OpenInterestSample;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * What differs between exchanges' open interest and funding endpoints (rules and sources:
 * docs/exchanges.md). One call asks one page: the caller splits a range into spans of at most
 * {@link #openInterestPageMillis()} / {@link #fundingPageMillis()}, so no exchange's page limit or
 * paging direction leaks out; an exchange paged by number (Bitget) walks its pages inside the call.
 */
public interface DerivativesApi {

    /** One GET through the exchange's rate gate: the body of a 200 answer, else an exception. */
    interface Fetch {
        byte[] get(URI uri) throws ExchangeUnavailableException, MalformedResponseException, InterruptedException;
    }

    /** Step of the open interest history this project asks for (5 minutes everywhere). */
    long OPEN_INTEREST_STEP = 5 * 60_000L;

    /**
     * How far back REST open interest history reaches from now: Binance 30 days, Bybit all of it,
     * 0 when the exchange only tells the current value (Bitget: polled and recorded from then on).
     */
    long openInterestHistoryMillis();

    /** Widest [from, to] one {@link #openInterest} call covers. */
    long openInterestPageMillis();

    /** Open interest samples with time in [from, to], ascending. */
    List<OpenInterestSample> openInterest(String symbol, long from, long to, Fetch fetch)
            throws ExchangeUnavailableException, MalformedResponseException, InterruptedException;

    /** The current open interest, for exchanges without history; empty for the others. */
    default Optional<OpenInterestSample> currentOpenInterest(String symbol, Fetch fetch)
            throws ExchangeUnavailableException, MalformedResponseException, InterruptedException {
        return Optional.empty();
    }

    /** Widest [from, to] one {@link #funding} call covers. */
    long fundingPageMillis();

    /** Settled funding events with time in [from, to], ascending. */
    List<FundingEvent> funding(String symbol, long from, long to, Fetch fetch)
            throws ExchangeUnavailableException, MalformedResponseException, InterruptedException;

    /** Daily files holding open interest older than the REST window (Binance {@code metrics}), if any. */
    default Optional<OpenInterestArchive> archive() {
        return Optional.empty();
    }
}
