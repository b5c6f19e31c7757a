package io.cryptoflow.api.resources;

import com.codahale.metrics.annotation.ExceptionMetered;
import com.codahale.metrics.annotation.Timed;
import io.cryptoflow.api.api.FundingSeries;
import io.cryptoflow.api.core.DataKind;
import io.cryptoflow.api.core.EmptyAnswers;
import io.cryptoflow.api.core.SeriesQuery;
import io.cryptoflow.api.db.ApiDatabase;
import io.cryptoflow.api.db.FundingDao;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code GET /api/funding?symbol=&exchange=&from=&to=&limit=}: the newest {@code limit} (default 1000,
 * cap 5000) settled funding events with time in [from, to], oldest first.
 * Without any funding of the market: a configured market whose funding is being collected answers the
 * empty shape with {@code "collecting":true}; one whose funding is switched off, 409 naming the setting;
 * a market nobody configured with nothing stored, 404 ({@link EmptyAnswers}).
 */
@Path("/funding")
@Produces(MediaType.APPLICATION_JSON)
public class FundingResource {

    private final ApiDatabase db;
    private final EmptyAnswers empty;

    public FundingResource(ApiDatabase db, EmptyAnswers empty) {
        this.db = db;
        this.empty = empty;
    }

    @GET
    @Timed(name = "cryptoflow.api.funding.requests", absolute = true)
    @ExceptionMetered(name = "cryptoflow.api.funding", absolute = true)
    public FundingSeries funding(@QueryParam("symbol") String symbol, @QueryParam("exchange") String exchange,
                                 @QueryParam("from") String from, @QueryParam("to") String to,
                                 @QueryParam("limit") String limit) {
        SeriesQuery q = SeriesQuery.parse(exchange, symbol, from, to, limit);
        SeriesQuery.Page<FundingSeries.Event> page = q.page(n -> db.read(FundingDao.class,
                dao -> dao.newest(q.market().stored(), q.from(), q.to(), n)));
        return new FundingSeries(q.market().exchange(), q.market().symbol(), page.rows(), page.hasMore(),
                empty.member(page.rows().isEmpty(), DataKind.FUNDING, q.market()));
    }
}
