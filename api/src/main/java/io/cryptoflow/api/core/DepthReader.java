package io.cryptoflow.api.core;

import io.cryptoflow.api.api.DepthSeries;
import io.cryptoflow.common.PartitionKind;
import io.cryptoflow.common.TradePartition;
import java.util.ArrayList;
import java.util.List;

/**
 * Answers {@link DepthQuery}s from one read transaction. The tier: the 1-second rows when the step
 * is below a minute and the fine tier still holds {@code from}'s day (its oldest live partition starts
 * at or before {@code from}: retention drops whole days), else the minute rows at a step of at least a
 * minute. One range query per partition of the range; {@code missing} is [from, to] minus
 * {@code depth_coverage}. A market with no coverage at all: {@link #withoutDepth}.
 */
public final class DepthReader {

    private static final long MINUTE = 60_000;

    private final ReplicaStore db;
    private final EmptyAnswers empty;

    public DepthReader(ReplicaStore db, EmptyAnswers empty) {
        this.db = db;
        this.empty = empty;
    }

    /** The answer and whether it can no longer change (the book's coverage already reaches past its end). */
    public record Answer(DepthSeries series, boolean settled) {
    }

    public Answer read(DepthQuery q) {
        Answer a = db.depth(reads -> reads.known(q.market().exchange(), q.market().symbol()) ? whole(reads, q) : null);
        return a != null ? a : withoutDepth(q);
    }

    /**
     * The answer in pieces ({@link DepthChunks}) when it is on the minute tier at a step dividing an
     * hour and its pieces share one price grid; else the whole answer, sampled at once.
     */
    public DepthPieces readInPieces(DepthQuery q, DepthChunks chunks) {
        String exchange = q.market().exchange();
        String symbol = q.market().symbol();
        DepthPieces read = db.depth(reads -> {
            if (!reads.known(exchange, symbol)) {
                return null;
            }
            List<TradePartition> fine = reads.partitions(exchange, PartitionKind.DEPTH);
            boolean useFine = q.step() < MINUTE && !fine.isEmpty() && fine.get(0).dayStart() <= q.from();
            if (useFine || !DepthChunks.applies(q.step())) {
                return new DepthPieces(whole(reads, q), null);
            }
            List<DepthReads.Range> covered = reads.covered(exchange, symbol, q.from(), q.to() + q.step());
            long coveredTo = covered.isEmpty() ? Long.MIN_VALUE : covered.get(covered.size() - 1).to();
            List<DepthChunks.Chunk> pieces = chunks.pieces(reads, reads.partitions(exchange, PartitionKind.DEPTH_MINUTE),
                    exchange, symbol, q.from(), q.to(), q.step(), coveredTo);
            if (!DepthChunks.sameGrid(pieces)) {
                return new DepthPieces(whole(reads, q), null);
            }
            DepthSeries head = new DepthSeries(exchange, symbol, "1m", q.step(), q.from(), q.to(), null, null, null,
                    null, null, null, missing(covered, q.from(), q.to()));
            return new DepthPieces(new Answer(head, coveredTo >= q.to() + MINUTE), pieces);
        });
        return read != null ? read : new DepthPieces(withoutDepth(q), null);
    }

    /**
     * A market whose book was never known right: a configured market whose depth is being collected
     * gets an empty answer saying {@code "collecting":true} (not settled: it fills in); otherwise
     * {@link EmptyAnswers} throws (unknown 404, depth not collected 409), or, for a market no longer
     * configured, 404 as before. Depth that reached api.db since the first look is read.
     */
    private Answer withoutDepth(DepthQuery q) {
        if (empty.collecting(DataKind.DEPTH, q.market())) {
            // as read with no partition yet: the minute tier
            DepthSeries none = new DepthSeries(q.market().exchange(), q.market().symbol(), "1m",
                    Math.max(q.step(), MINUTE), q.from(), q.to(), null, new long[0],
                    new long[0], new long[0], new float[0][], new float[0][], List.of(new DepthSeries.Missing(q.from(), q.to())),
                    true);
            return new Answer(none, false);
        }
        Answer a = db.depth(reads -> reads.known(q.market().exchange(), q.market().symbol()) ? whole(reads, q) : null);
        if (a == null) {
            throw new UnknownSymbolException("no order-book depth of " + q.market().stored() + " is held: the market"
                    + " is no longer configured and its book was never recorded (check symbol and exchange)");
        }
        return a;
    }

    private static Answer whole(DepthReads reads, DepthQuery q) {
        String exchange = q.market().exchange();
        String symbol = q.market().symbol();
        List<TradePartition> fine = reads.partitions(exchange, PartitionKind.DEPTH);
        boolean useFine = q.step() < MINUTE && !fine.isEmpty() && fine.get(0).dayStart() <= q.from();
        List<TradePartition> tier = useFine ? fine : reads.partitions(exchange, PartitionKind.DEPTH_MINUTE);
        long step = useFine ? q.step() : Math.max(q.step(), MINUTE);
        DepthSampler sampler = new DepthSampler(step);
        for (TradePartition p : tier) {
            if (p.dayEnd() > q.from() && p.dayStart() <= q.to()) {
                reads.snapshots(p, symbol, q.from(), q.to(), sampler::add);
            }
        }
        DepthSampler.Result r = sampler.finish();
        List<DepthReads.Range> covered = reads.covered(exchange, symbol, q.from(), q.to() + step);
        long coveredTo = covered.isEmpty() ? Long.MIN_VALUE : covered.get(covered.size() - 1).to();
        DepthSeries series = new DepthSeries(exchange, symbol, useFine ? "1s" : "1m", step, q.from(), q.to(),
                r.priceStep(), r.times(), r.bidBin(), r.askBin(), r.bids(), r.asks(), missing(covered, q.from(), q.to()));
        // a minute row is written after its minute: settled once coverage passes the end by one row's span
        return new Answer(series, coveredTo >= q.to() + (useFine ? 1000 : MINUTE));
    }

    /** [from, to] minus the covered ranges (sorted by start, possibly overlapping). */
    static List<DepthSeries.Missing> missing(List<DepthReads.Range> covered, long from, long to) {
        List<DepthSeries.Missing> out = new ArrayList<>();
        long next = from;
        for (DepthReads.Range c : covered) {
            if (c.from() > next && next <= to) {
                out.add(new DepthSeries.Missing(next, Math.min(to, c.from() - 1)));
            }
            next = Math.max(next, c.to() + 1);
        }
        if (next <= to) {
            out.add(new DepthSeries.Missing(next, to));
        }
        return out;
    }
}
