package io.cryptoflow.api.resources;

import com.codahale.metrics.annotation.ExceptionMetered;
import com.codahale.metrics.annotation.Timed;
import io.cryptoflow.api.core.TradeQuery;
import io.cryptoflow.api.core.TradeReader;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.time.Clock;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code GET /api/trades}: raw trades of one market from api.db's partitions, streamed (a whole day
 * of a busy market is never built in memory), gzip when the client accepts it (level 1, while
 * streaming), JSON or {@code format=csv}. Parameters through {@code RequestParams} (400 naming the
 * parameter); a range wholly outside the window held answers 404 stating the window; known missing
 * ranges are in the JSON's {@code missing} and, for both formats, the {@code X-Trades-Missing} header
 * ({@code from-to} pairs, ms, comma separated); {@code X-Trades-Window} is the window held. A configured
 * market none of whose trades reached api.db yet: 200, no trades, {@code "collecting":true} (CSV: the
 * header row; both: {@code X-Trades-Collecting: true}); its order flow off: 409 naming the setting; a
 * market nobody configured and nothing stored: 404.
 */
@Path("/trades")
public class TradeResource {

    private final TradeReader reader;
    private final Clock clock;

    public TradeResource(TradeReader reader, Clock clock) {
        this.reader = reader;
        this.clock = clock;
    }

    @GET
    @Timed(name = "cryptoflow.api.trades.requests", absolute = true)
    @ExceptionMetered(name = "cryptoflow.api.trades", absolute = true)
    public Response trades(@Context HttpHeaders headers,
                           @Context HttpServletResponse servletResponse,
                           @QueryParam("symbol") String symbol,
                           @QueryParam("exchange") String exchange,
                           @QueryParam("from") String from,
                           @QueryParam("to") String to,
                           @QueryParam("limit") String limit,
                           @QueryParam("cursor") String cursor,
                           @QueryParam("format") String format) {
        TradeQuery query = TradeQuery.of(exchange, symbol, from, to, limit, cursor, format, clock.millis());
        TradeReader.Plan plan = reader.plan(query);
        List<String> acceptEncoding = headers.getRequestHeader(HttpHeaders.ACCEPT_ENCODING);
        boolean gzip = acceptEncoding != null && AcceptEncoding.allowsGzip(String.join(",", acceptEncoding));
        servletResponse.addHeader(HttpHeaders.VARY, HttpHeaders.ACCEPT_ENCODING);
        StreamingOutput body = out -> reader.stream(plan, TradeBody.open(out, gzip, plan));
        Response.ResponseBuilder ok = Response.ok(body, query.csv() ? new MediaType("text", "csv") : MediaType.APPLICATION_JSON_TYPE)
                .header(HttpHeaders.CACHE_CONTROL, "no-cache");
        if (plan.collecting()) {
            ok.header("X-Trades-Collecting", "true");
        } else {
            ok.header("X-Trades-Window", plan.windowFrom() + "-" + plan.windowTo());
        }
        if (!plan.missing().isEmpty()) {
            ok.header("X-Trades-Missing", plan.missing().stream().map(m -> m.from() + "-" + m.to())
                    .collect(Collectors.joining(",")));
        }
        if (gzip) {
            ok.header(HttpHeaders.CONTENT_ENCODING, "gzip");
        }
        return ok.build();
    }
}
