package io.cryptoflow.api.live;

import io.cryptoflow.api.core.PartitionFeedReads;
import io.cryptoflow.api.db.ApiDatabase;
import io.cryptoflow.api.render.JsonBytes;
import java.util.function.Function;

/**
 * A {@code /ws} channel over stored events kept in day partitions: its name (the frames' {@code type}
 * and array), where its history is paged over HTTP, its reads, and one row's JSON.
 */
public interface EventFeed {

    /** {@code trades} or {@code liquidations}. */
    String channel();

    /** The REST endpoint a client pages a long history from. */
    String restPath();

    /** Runs {@code work} in one read transaction over this feed's partitions. */
    <R> R read(Function<PartitionFeedReads, R> work);

    /** One row as the channel's frames carry it (see {@link PartitionFeedReads.RowSink} for id and flag). */
    void row(JsonBytes out, long time, long id, double price, double qty, boolean flag);

    /** {@code [time,id,price,qty,"buy"|"sell"]}: the taker's side, as in {@code /api/trades}. */
    static EventFeed trades(ApiDatabase db) {
        return new EventFeed() {
            @Override
            public String channel() {
                return "trades";
            }

            @Override
            public String restPath() {
                return "/api/trades";
            }

            @Override
            public <R> R read(Function<PartitionFeedReads, R> work) {
                return db.trades(work::apply);
            }

            @Override
            public void row(JsonBytes out, long time, long id, double price, double qty, boolean buyerMaker) {
                out.ascii("[").number(time).ascii(",").number(id).ascii(",").number(price).ascii(",")
                        .number(qty).ascii(buyerMaker ? ",\"sell\"]" : ",\"buy\"]");
            }
        };
    }

    /**
     * {@code [time,"long"|"short",price,qty,notional]}: the liquidated position's side and price × qty, as
     * in {@code /api/liquidations} (the resume point, {@code <time>-<seq>}, is the frame's {@code cursor}).
     */
    static EventFeed liquidations(ApiDatabase db) {
        return new EventFeed() {
            @Override
            public String channel() {
                return "liquidations";
            }

            @Override
            public String restPath() {
                return "/api/liquidations";
            }

            @Override
            public <R> R read(Function<PartitionFeedReads, R> work) {
                return db.liquidations(work);
            }

            @Override
            public void row(JsonBytes out, long time, long seq, double price, double qty, boolean longSide) {
                out.ascii("[").number(time).ascii(longSide ? ",\"long\"," : ",\"short\",").number(price).ascii(",")
                        .number(qty).ascii(",").number(price * qty).ascii("]");
            }
        };
    }
}
