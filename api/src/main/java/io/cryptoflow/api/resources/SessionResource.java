package io.cryptoflow.api.resources;

import com.codahale.metrics.annotation.ExceptionMetered;
import com.codahale.metrics.annotation.Timed;
import io.cryptoflow.api.core.BadParameterException;
import io.cryptoflow.api.core.RequestParams;
import io.cryptoflow.api.api.Session;
import io.cryptoflow.api.db.ApiDatabase;
import io.cryptoflow.api.db.SessionReadDao;
import io.cryptoflow.common.MarketSymbol;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** {@code GET /api/session?symbol=&exchange=&date=yyyy-MM-dd}: one day's POC/VWAP/value area; latest day without date. */
@Path("/session")
@Produces(MediaType.APPLICATION_JSON)
public class SessionResource {

    private final ApiDatabase db;

    public SessionResource(ApiDatabase db) {
        this.db = db;
    }

    @GET
    @Timed(name = "cryptoflow.api.session.requests", absolute = true)
    @ExceptionMetered(name = "cryptoflow.api.session", absolute = true)
    public Session session(@QueryParam("symbol") String symbol,
                           @QueryParam("exchange") String exchange,
                           @QueryParam("date") String date) {
        MarketSymbol market = RequestParams.market(exchange, symbol);
        String day = date == null || date.isBlank() ? null : isoDate(date);
        Optional<Session> found = db.read(SessionReadDao.class,
                dao -> day == null ? dao.latest(market.stored()) : dao.on(market.stored(), day));
        return found.orElseThrow(() -> new NotFoundException("no session for " + market.stored()
                + (day == null ? "" : " on " + day) + " in the replica"));
    }

    private static String isoDate(String text) {
        try {
            return LocalDate.parse(text.trim()).toString();
        } catch (DateTimeParseException e) {
            throw new BadParameterException("date", "must be a UTC day as yyyy-MM-dd (e.g. 2024-03-01), got '"
                    + (text.length() > 20 ? text.substring(0, 20) + "..." : text) + "'");
        }
    }
}
