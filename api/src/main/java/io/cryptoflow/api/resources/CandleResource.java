package io.cryptoflow.api.resources;

import com.codahale.metrics.annotation.ExceptionMetered;
import com.codahale.metrics.annotation.Timed;
import io.cryptoflow.api.core.CandleJson;
import io.cryptoflow.api.core.CandlePage;
import io.cryptoflow.api.core.CandleQuery;
import io.cryptoflow.api.core.CandleReader;
import io.cryptoflow.api.core.PageTag;
import io.cryptoflow.api.core.RequestParams;
import io.cryptoflow.common.Timeframe;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import java.time.Duration;

/**
 * {@code GET /api/candles}. Parameters arrive as text and are parsed by {@link RequestParams} so
 * every bad value gets a 400 naming the parameter and what is accepted.
 */
@Path("/candles")
@Produces(MediaType.APPLICATION_JSON)
public class CandleResource {

    private final CandleReader reader;
    private final CacheControl closedRange;

    /**
     * @param closedRangeMaxAge how long clients may cache a bounded page whose candles are all
     *                          closed; other pages must be revalidated (ETag) on every use
     */
    public CandleResource(CandleReader reader, Duration closedRangeMaxAge) {
        this.reader = reader;
        this.closedRange = new CacheControl();
        this.closedRange.setMaxAge((int) Math.min(Integer.MAX_VALUE, closedRangeMaxAge.toSeconds()));
    }

    @GET
    @Timed
    @ExceptionMetered
    public Response candles(@Context Request request,
                              @QueryParam("symbol") String symbol,
                              @QueryParam("exchange") String exchange,
                              @QueryParam("tf") String tf,
                              @QueryParam("limit") String limit,
                              @QueryParam("before") String before,
                              @QueryParam("from") String from,
                              @QueryParam("to") String to) {
        CandleQuery query = new CandleQuery(
                RequestParams.market(exchange, symbol),
                RequestParams.timeframe(tf, Timeframe.M15),
                RequestParams.limit(limit, CandleQuery.DEFAULT_LIMIT, CandleQuery.MAX_LIMIT),
                RequestParams.epochMillis("before", before),
                RequestParams.epochMillis("from", from),
                RequestParams.epochMillis("to", to));
        CandlePage page = reader.page(query);
        EntityTag tag = new EntityTag(PageTag.of(page));
        CacheControl cache = isClosedRange(query, page) ? closedRange : revalidate();
        Response.ResponseBuilder notModified = request.evaluatePreconditions(tag);
        if (notModified != null) {
            return notModified.tag(tag).cacheControl(cache).build();
        }
        return Response.ok(page).tag(tag).cacheControl(cache).build();
    }

    /** Bounded above and every candle closed: only a late correction could still change it. */
    static boolean isClosedRange(CandleQuery query, CandlePage page) {
        return query.isBounded() && !page.candles().isEmpty()
                && page.candles().stream().allMatch(CandleJson::closed);
    }

    private static CacheControl revalidate() {
        CacheControl c = new CacheControl();
        c.setNoCache(true);
        return c;
    }
}
