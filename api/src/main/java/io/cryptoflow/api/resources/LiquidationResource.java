package io.cryptoflow.api.resources;

import com.codahale.metrics.annotation.ExceptionMetered;
import com.codahale.metrics.annotation.Timed;
import io.cryptoflow.api.api.LiquidationPage;
import io.cryptoflow.api.core.DataKind;
import io.cryptoflow.api.core.EmptyAnswers;
import io.cryptoflow.api.core.SeriesQuery;
import io.cryptoflow.api.core.TradeCursor;
import io.cryptoflow.api.db.ApiDatabase;
import io.cryptoflow.api.db.LiquidationDao;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code GET /api/liquidations?symbol=&exchange=&from=&to=&limit=&cursor=}: a market's liquidation
 * events with time in [from, to] (epoch ms), oldest first, at most {@code limit} (default 1000, cap
 * 5000); {@code cursor} = the {@code next} of the previous page ({@code <time>-<seq>}), so a page edge
 * inside a millisecond neither skips nor repeats an event. Bad parameters: 400 naming the parameter.
 * Without any liquidations of the market: a configured market whose liquidations is being collected answers the
 * empty shape with {@code "collecting":true}; one whose liquidations is switched off, 409 naming the setting;
 * a market nobody configured with nothing stored, 404 ({@link EmptyAnswers}).
 */
@Path("/liquidations")
@Produces(MediaType.APPLICATION_JSON)
public class LiquidationResource {

    private final ApiDatabase db;
    private final EmptyAnswers empty;

    public LiquidationResource(ApiDatabase db, EmptyAnswers empty) {
        this.db = db;
        this.empty = empty;
    }

    @GET
    @Timed(name = "cryptoflow.api.liquidations.requests", absolute = true)
    @ExceptionMetered(name = "cryptoflow.api.liquidations", absolute = true)
    public LiquidationPage liquidations(@QueryParam("symbol") String symbol, @QueryParam("exchange") String exchange,
                                        @QueryParam("from") String from, @QueryParam("to") String to,
                                        @QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        SeriesQuery q = SeriesQuery.parse(exchange, symbol, from, to, limit);
        TradeCursor after = TradeCursor.parse(cursor);
        LiquidationDao.Page page = db.read(LiquidationDao.class, dao -> dao.page(q.market().exchange(), q.market().symbol(),
                q.from(), q.to(), after == null ? -1 : after.time(), after == null ? 0 : after.id(), q.limit() + 1));
        List<LiquidationDao.Event> events = page.events();
        boolean more = events.size() > q.limit();
        List<List<Object>> rows = new ArrayList<>();
        for (LiquidationDao.Event e : more ? events.subList(0, q.limit()) : events) {
            rows.add(List.of(e.time(), e.longSide() ? "long" : "short", e.price(), e.qty(), e.price() * e.qty()));
        }
        LiquidationDao.Event last = more ? events.get(q.limit() - 1) : null;
        return new LiquidationPage(q.market().exchange(), q.market().symbol(), q.from(), q.to(), page.covered(),
                LiquidationPage.COLUMNS, rows, last == null ? null : new TradeCursor(last.time(), last.seq()).toString(),
                empty.member(events.isEmpty() && page.covered().isEmpty(), DataKind.LIQUIDATIONS, q.market()));
    }
}
