package io.cryptoflow.collector.sources.derivatives;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where each market's open interest and funding stand, for {@code /progress}: whether the configured
 * window was scanned whole at least once ({@code backfilled}), the newest time stored, and the last
 * error when the latest poll failed (that series only: the other series and markets go on).
 */
public final class DerivativesProgress {

    /** One series of one market. */
    public record Entry(String market, String series, boolean backfilled, Long newest, long rows, String error) {
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    public void stored(String market, String series, Long newest, long added) {
        entries.compute(market + " " + series, (k, e) -> new Entry(market, series, e != null && e.backfilled(),
                newest != null ? newest : e == null ? null : e.newest(), (e == null ? 0 : e.rows()) + added, null));
    }

    public void backfilled(String market, String series) {
        entries.compute(market + " " + series, (k, e) -> e == null ? new Entry(market, series, true, null, 0, null)
                : new Entry(market, series, true, e.newest(), e.rows(), e.error()));
    }

    /** The latest poll of the series succeeded: an earlier error is over. */
    public void succeeded(String market, String series) {
        entries.computeIfPresent(market + " " + series, (k, e) -> e.error() == null ? e
                : new Entry(market, series, e.backfilled(), e.newest(), e.rows(), null));
    }

    public void failed(String market, String series, String error) {
        entries.compute(market + " " + series, (k, e) -> e == null ? new Entry(market, series, false, null, 0, error)
                : new Entry(market, series, e.backfilled(), e.newest(), e.rows(), error));
    }

    public List<Entry> snapshot() {
        List<Entry> list = new ArrayList<>(entries.values());
        list.sort((a, b) -> (a.market() + a.series()).compareTo(b.market() + b.series()));
        return list;
    }

    /** True when every series listed has been scanned over its whole window (and at least one is listed). */
    public boolean complete(int expected) {
        return entries.size() >= expected && entries.values().stream().allMatch(Entry::backfilled);
    }
}
