package io.cryptoflow.api.core;

import io.cryptoflow.common.MarketSymbol;
import java.util.ArrayList;
import java.util.List;

/**
 * Plans and streams {@code /api/trades}: which partitions of api.db hold the market's range, the
 * retained window, the known missing ranges; then the rows in (time, id) order straight from the
 * partitions' index to the output, one partition after the other inside one read transaction, never
 * gathered in a list.
 */
public final class TradeReader {

    private static final long DAY_MS = 86_400_000L;

    private final ReplicaStore store;
    private final EmptyAnswers empty;

    public TradeReader(ReplicaStore store, EmptyAnswers empty) {
        this.store = store;
        this.empty = empty;
    }

    /** A range no trade is served for although it lies in the request: before the window, or a recorded gap. */
    public record Missing(long from, long to, String reason) {
    }

    /**
     * What a request will read: the window held ({@code [windowFrom, windowTo)}) and its partitions; or,
     * {@code collecting}, nothing: a configured market none of whose trades reached api.db yet (no
     * window, both null).
     */
    public record Plan(TradeQuery query, Long windowFrom, Long windowTo, List<String> partitions, List<Missing> missing,
                       boolean collecting) {

        static Plan collecting(TradeQuery q) {
            return new Plan(q, null, null, List.of(), List.of(), true);
        }
    }

    /** Where streamed rows go (a JSON or CSV body). */
    public interface Output extends TradeReads.RowSink {
        /** After the last row: the cursor of the next page, null when this page ended the range. */
        void end(TradeCursor next);
    }

    /**
     * @throws TradeWindowException   when the range is wholly outside the window, or nothing of a market
     *                                no longer configured is held
     * @throws UnknownSymbolException when nobody configured the market and nothing of it is stored
     * @throws NotCollectedException  when it is configured but its order flow is off ({@link EmptyAnswers})
     */
    public Plan plan(TradeQuery q) {
        Plan plan = planHeld(q);
        // none held: collecting, or (trades reached api.db since that look) plan again once
        if (plan == null && empty.collecting(DataKind.TRADES, q.market())) {
            return Plan.collecting(q);
        }
        plan = plan == null ? planHeld(q) : plan;
        if (plan == null) {
            throw new TradeWindowException("no trades of " + q.market() + " are held (it is no longer configured:"
                    + " order flow was off for it, or its retention is 0)", null, null);
        }
        return plan;
    }

    /** The plan over the partitions holding the market's trades; null when none does. */
    private Plan planHeld(TradeQuery q) {
        MarketSymbol m = q.market();
        return store.trades(reads -> {
            List<TradeReads.Partition> all = reads.partitions(m.exchange());
            List<TradeReads.Partition> held = new ArrayList<>();
            for (TradeReads.Partition p : all) {
                if (reads.holds(p.name(), m.symbol())) {
                    held.add(p);
                }
            }
            if (held.isEmpty()) {
                return null;
            }
            long windowFrom = held.get(0).day();
            long windowTo = held.get(held.size() - 1).day() + DAY_MS;
            if (q.to() < windowFrom || q.from() >= windowTo) {
                throw new TradeWindowException("trades of " + m + " are held from " + windowFrom + " to " + windowTo
                        + " (ms); the range " + q.from() + ".." + q.to() + " lies outside", windowFrom, windowTo);
            }
            List<String> partitions = new ArrayList<>();
            for (TradeReads.Partition p : held) {
                if (p.day() + DAY_MS > q.startTime() && p.day() <= q.to()) {
                    partitions.add(p.name());
                }
            }
            List<Missing> missing = new ArrayList<>();
            if (q.from() < windowFrom) {
                missing.add(new Missing(q.from(), windowFrom, "before the retained window"));
            }
            for (TradeReads.Gap g : reads.gaps(m.exchange(), m.symbol(), q.from(), q.to())) {
                missing.add(new Missing(g.fromTime(), g.toTime(), "not served by the exchange after a disconnect; "
                        + "filled from its daily archive once published, where it has one"));
            }
            return new Plan(q, windowFrom, windowTo, List.copyOf(partitions), List.copyOf(missing), false);
        });
    }

    /** Streams the plan's rows to {@code out} in one read transaction; a partition dropped since the plan is skipped. */
    public void stream(Plan plan, Output out) {
        if (plan.collecting()) {
            out.end(null);
            return;
        }
        TradeQuery q = plan.query();
        TradeCursor next = store.trades(reads -> {
            long left = q.limit();
            long fromTime = q.startTime();
            long afterId = q.afterId();
            Last last = new Last();
            List<String> live = reads.partitions(q.market().exchange()).stream().map(TradeReads.Partition::name).toList();
            for (String table : plan.partitions()) {
                if (left == 0) {
                    break;
                }
                if (!live.contains(table)) {
                    continue;
                }
                left -= reads.stream(table, q.market().symbol(), fromTime, afterId, q.to(), Long.MAX_VALUE, left, (t, id, p, qty, bm) -> {
                    last.time = t;
                    last.id = id;
                    out.trade(t, id, p, qty, bm);
                });
            }
            return left == 0 ? new TradeCursor(last.time, last.id) : null;
        });
        out.end(next);
    }

    private static final class Last {
        long time;
        long id;
    }
}
