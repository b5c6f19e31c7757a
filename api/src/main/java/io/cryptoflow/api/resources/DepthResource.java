package io.cryptoflow.api.resources;

import com.codahale.metrics.annotation.ExceptionMetered;
import com.codahale.metrics.annotation.Timed;
import io.cryptoflow.api.core.DepthPages;
import io.cryptoflow.api.core.DepthQuery;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.time.Clock;

/**
 * {@code GET /api/depth?symbol=&exchange=&from=&to=&step=}: a market's order-book heatmap
 * ({@link io.cryptoflow.api.api.DepthSeries}), down-sampled to {@code step} (ms or {@code 1s|5m|1h…},
 * default 1m; from/to aligned on it, {@code to} default now, {@code from} default 600 steps earlier).
 * The body is rendered into gzip once per cached answer ({@link DepthPages}); a client accepting gzip
 * gets those bytes with {@code Content-Encoding: gzip}, which Jetty's GzipHandler leaves alone, any
 * other the JSON inflated from them as it is sent. Too many builds at once: 503 with Retry-After. Bad
 * parameters: 400 naming the parameter. A market without any depth: a configured one whose book is being
 * collected answers empty with {@code "collecting":true}, one whose depth is off 409 naming the setting,
 * one nobody configured 404 ({@link io.cryptoflow.api.core.EmptyAnswers}).
 */
@Path("/depth")
@Produces(MediaType.APPLICATION_JSON)
public class DepthResource {

    private final DepthPages pages;
    private final Clock clock;

    public DepthResource(DepthPages pages, Clock clock) {
        this.pages = pages;
        this.clock = clock;
    }

    @GET
    @Timed(name = "cryptoflow.api.depth.requests", absolute = true)
    @ExceptionMetered(name = "cryptoflow.api.depth", absolute = true)
    public Response depth(@QueryParam("symbol") String symbol, @QueryParam("exchange") String exchange,
                          @QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("step") String step,
                          @HeaderParam(HttpHeaders.ACCEPT_ENCODING) String acceptEncoding) {
        DepthPages.Page page = pages.page(DepthQuery.parse(exchange, symbol, from, to, step, clock.millis()));
        if (!AcceptEncoding.allowsGzip(acceptEncoding)) {
            return Response.ok((StreamingOutput) page::writeJson, MediaType.APPLICATION_JSON_TYPE)
                    .header(HttpHeaders.VARY, HttpHeaders.ACCEPT_ENCODING).build();
        }
        return Response.ok((StreamingOutput) page::writeGzip, MediaType.APPLICATION_JSON_TYPE)
                .header(HttpHeaders.CONTENT_LENGTH, page.gzipLength())
                .header(HttpHeaders.VARY, HttpHeaders.ACCEPT_ENCODING)
                .header(HttpHeaders.CONTENT_ENCODING, "gzip").build();
    }
}
