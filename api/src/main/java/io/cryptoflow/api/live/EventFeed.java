package io.cryptoflow.api.live;

import io.cryptoflow.api.core.PartitionFeedReads;
import io.cryptoflow.api.db.ApiDatabase;
import io.cryptoflow.api.render.JsonBytes;
import io.cryptoflow.common.PartitionKind;
import java.util.function.Function;

/**
 * A {@code /ws} channel over stored events kept in day partitions: its name (the frames' {@code type}
 * and array), where its history is paged over HTTP, its reads, and one row's JSON. Trades:
 * {@code [time,id,price,qty,"buy"|"sell"]} (the taker's side, as in {@code /api/trades}); liquidations:
 * {@code [time,"long"|"short",price,qty,notional]} (the liquidated position and price × qty, as in
 * {@code /api/liquidations}; the resume point, {@code <time>-<seq>}, is the frame's {@code cursor}).
 */
public final class EventFeed {

    private final PartitionKind kind;
    private final ApiDatabase db;

    private EventFeed(PartitionKind kind, ApiDatabase db) {
        this.kind = kind;
        this.db = db;
    }

    public static EventFeed trades(ApiDatabase db) {
        return new EventFeed(PartitionKind.TRADES, db);
    }

    public static EventFeed liquidations(ApiDatabase db) {
        return new EventFeed(PartitionKind.LIQUIDATIONS, db);
    }

    private boolean liquidations() {
        return kind == PartitionKind.LIQUIDATIONS;
    }

    /** {@code trades} or {@code liquidations}. */
    String channel() {
        return liquidations() ? "liquidations" : "trades";
    }

    /** The REST endpoint a client pages a long history from. */
    String restPath() {
        return "/api/" + channel();
    }

    /** Runs {@code work} in one read transaction over this feed's partitions. */
    <R> R read(Function<PartitionFeedReads, R> work) {
        return liquidations() ? db.liquidations(work) : db.trades(work::apply);
    }

    /** One row as the channel's frames carry it (see {@link PartitionFeedReads.RowSink} for id and flag). */
    void row(JsonBytes out, long time, long id, double price, double qty, boolean flag) {
        out.ascii("[").number(time);
        if (liquidations()) {
            out.ascii(flag ? ",\"long\"," : ",\"short\",").number(price).ascii(",").number(qty).ascii(",")
                    .number(price * qty).ascii("]");
        } else {
            out.ascii(",").number(id).ascii(",").number(price).ascii(",").number(qty).ascii(flag ? ",\"sell\"]" : ",\"buy\"]");
        }
    }
}
