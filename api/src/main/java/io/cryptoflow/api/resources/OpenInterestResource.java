package io.cryptoflow.api.resources;

import com.codahale.metrics.annotation.ExceptionMetered;
import com.codahale.metrics.annotation.Timed;
import io.cryptoflow.api.api.OpenInterestSeries;
import io.cryptoflow.api.core.DataKind;
import io.cryptoflow.api.core.EmptyAnswers;
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
 * Without any open interest of the market: a configured market whose open interest is being collected answers the
 * empty shape with {@code "collecting":true}; one whose open interest is switched off, 409 naming the setting;
 * a market nobody configured with nothing stored, 404 ({@link EmptyAnswers}).
 */
@Path("/open-interest")
@Produces(MediaType.APPLICATION_JSON)
public class OpenInterestResource {

    private final ApiDatabase db;
    private final EmptyAnswers empty;

    public OpenInterestResource(ApiDatabase db, EmptyAnswers empty) {
        this.db = db;
        this.empty = empty;
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
        return new OpenInterestSeries(q.market().exchange(), q.market().symbol(), page.rows(), page.hasMore(),
                empty.member(page.rows().isEmpty(), DataKind.OPEN_INTEREST, q.market()));
    }
}
