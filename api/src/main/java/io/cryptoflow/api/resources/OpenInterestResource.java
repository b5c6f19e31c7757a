package io.cryptoflow.api.resources;

import com.codahale.metrics.annotation.ExceptionMetered;
import com.codahale.metrics.annotation.Timed;
import io.cryptoflow.api.api.OpenInterestSeries;
import io.cryptoflow.api.core.SeriesQuery;
import io.cryptoflow.api.db.ApiDatabase;
import io.cryptoflow.api.db.OpenInterestDao;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code GET /api/open-interest?symbol=&exchange=&from=&to=&limit=}: the newest {@code limit} (default
 * 1000, cap 5000) open interest samples with time in [from, to], oldest first.
 */
@Path("/open-interest")
@Produces(MediaType.APPLICATION_JSON)
public class OpenInterestResource {

    private final ApiDatabase db;

    public OpenInterestResource(ApiDatabase db) {
        this.db = db;
    }

    @GET
    @Timed(name = "cryptoflow.api.open-interest.requests", absolute = true)
    @ExceptionMetered(name = "cryptoflow.api.open-interest", absolute = true)
    public OpenInterestSeries openInterest(@QueryParam("symbol") String symbol, @QueryParam("exchange") String exchange,
                                           @QueryParam("from") String from, @QueryParam("to") String to,
                                           @QueryParam("limit") String limit) {
        SeriesQuery q = SeriesQuery.parse(exchange, symbol, from, to, limit);
        SeriesQuery.Page<OpenInterestSeries.Point> page = q.page(n -> db.read(OpenInterestDao.class,
                dao -> dao.newest(q.market().stored(), q.from(), q.to(), n)));
        return new OpenInterestSeries(q.market().exchange(), q.market().symbol(), page.rows(), page.hasMore());
    }
}
