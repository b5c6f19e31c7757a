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
 * {@code depth_coverage}. A market with no coverage at all is unknown (404).
 */
public final class DepthReader {

    private static final long MINUTE = 60_000;

    private final ReplicaStore db;

    public DepthReader(ReplicaStore db) {
        this.db = db;
    }

    /** The answer and whether it can no longer change (the book's coverage already reaches past its end). */
    public record Answer(DepthSeries series, boolean settled) {
    }

    public Answer read(DepthQuery q) {
        return db.depth(reads -> whole(reads, q));
    }

    /**
     * The answer in pieces ({@link DepthChunks}) when it is on the minute tier at a step dividing an
     * hour and its pieces share one price grid; else the whole answer, sampled at once.
     */
    public DepthPieces readInPieces(DepthQuery q, DepthChunks chunks) {
        String exchange = q.market().exchange();
        String symbol = q.market().symbol();
        return db.depth(reads -> {
            List<TradePartition> fine = known(reads, q);
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
    }

    /** The exchange's 1-second partitions, after checking the market has depth at all (else 404). */
    private static List<TradePartition> known(DepthReads reads, DepthQuery q) {
        if (!reads.known(q.market().exchange(), q.market().symbol())) {
            throw new UnknownSymbolException("unknown symbol " + q.market().stored()
                    + ": the replica holds no order-book depth for it (check symbol and exchange)");
        }
        return reads.partitions(q.market().exchange(), PartitionKind.DEPTH);
    }

    private static Answer whole(DepthReads reads, DepthQuery q) {
        String exchange = q.market().exchange();
        String symbol = q.market().symbol();
        List<TradePartition> fine = known(reads, q);
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
