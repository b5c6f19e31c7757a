package io.cryptoflow.api.resources;

import com.codahale.metrics.annotation.ExceptionMetered;
import com.codahale.metrics.annotation.Timed;
import io.cryptoflow.api.core.CandlePage;
import io.cryptoflow.api.core.CandleQuery;
import io.cryptoflow.api.core.CandleReader;
import io.cryptoflow.api.core.RequestParams;
import io.cryptoflow.common.Timeframe;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code GET /api/candles}. Parameters arrive as text and are parsed by {@link RequestParams} so
 * every bad value gets a 400 naming the parameter and what is accepted.
 */
@Path("/candles")
@Produces(MediaType.APPLICATION_JSON)
public class CandleResource {

    private final CandleReader reader;

    public CandleResource(CandleReader reader) {
        this.reader = reader;
    }

    @GET
    @Timed
    @ExceptionMetered
    public CandlePage candles(@QueryParam("symbol") String symbol,
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
        return reader.page(query);
    }
}
