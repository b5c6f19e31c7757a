package io.cryptoflow.api.resources;

import com.codahale.metrics.annotation.ExceptionMetered;
import com.codahale.metrics.annotation.Timed;
import io.cryptoflow.api.api.CandlePage;
import io.cryptoflow.api.core.CandleQuery;
import io.cryptoflow.api.core.CandleReader;
import io.cryptoflow.api.core.RequestParams;
import io.cryptoflow.common.Timeframe;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.time.Duration;

/**
 * {@code GET /api/candles}. Parameters arrive as text and are parsed by {@link RequestParams} so
 * every bad value gets a 400 naming the parameter and what is accepted.
 *
 * <p>Caching: a page bounded above ({@code before}/{@code to}) whose candles are all closed is
 * {@code public, max-age=<closedRangeMaxAge>, immutable}; any other page is {@code public,
 * max-age=<openRangeMaxAge>}, after which a cache revalidates it with its ETag (304 when the range
 * did not change). The ETag is checked before any candle is read.
 *
 * <p>Coding: a client whose {@code Accept-Encoding} allows gzip gets the page's gzip body, made
 * once per cached page (a page above the join limit is compressed as it streams), with
 * {@code Content-Encoding: gzip} and its own strong ETag ({@code -gzip}); Jetty's GzipHandler
 * leaves a response that already has a Content-Encoding alone. Every answer, 304 included, says
 * {@code Vary: Accept-Encoding}, so a shared cache keeps the two codings apart.
 */
@Path("/candles")
@Produces(MediaType.APPLICATION_JSON)
public class CandleResource {

    private final CandleReader reader;
    private final String closedRange;
    private final String openRange;

    /**
     * @param closedRangeMaxAge how long any cache may keep a bounded page whose candles are all closed
     * @param openRangeMaxAge   how long a cache may serve any other page before revalidating it
     */
    public CandleResource(CandleReader reader, Duration closedRangeMaxAge, Duration openRangeMaxAge) {
        this.reader = reader;
        this.closedRange = "public, max-age=" + Math.min(Integer.MAX_VALUE, closedRangeMaxAge.toSeconds()) + ", immutable";
        this.openRange = "public, max-age=" + Math.min(Integer.MAX_VALUE, openRangeMaxAge.toSeconds());
    }

    @GET
    @Timed(name = "cryptoflow.api.candles.requests", absolute = true)
    @ExceptionMetered(name = "cryptoflow.api.candles", absolute = true)
    public Response candles(@Context Request request,
                              @Context HttpServletResponse servletResponse,
                              @Context HttpHeaders headers,
                              @QueryParam("symbol") String symbol,
                              @QueryParam("exchange") String exchange,
                              @QueryParam("tf") String tf,
                              @QueryParam("limit") String limit,
                              @QueryParam("before") String before,
                              @QueryParam("from") String from,
                              @QueryParam("to") String to,
                              @QueryParam("clusters") String clusters) {
        CandleQuery query = new CandleQuery(
                RequestParams.market(exchange, symbol),
                RequestParams.timeframe(tf, Timeframe.M15),
                RequestParams.limit(limit, CandleQuery.DEFAULT_LIMIT, CandleQuery.MAX_LIMIT),
                RequestParams.epochMillis("before", before),
                RequestParams.epochMillis("from", from),
                RequestParams.epochMillis("to", to));
        boolean withClusters = RequestParams.bool("clusters", clusters, true);
        java.util.List<String> acceptEncoding = headers.getRequestHeader(HttpHeaders.ACCEPT_ENCODING);
        boolean gzip = acceptEncoding != null && AcceptEncoding.allowsGzip(String.join(",", acceptEncoding));
        CandleReader.Result result = reader.read(query, withClusters, gzip,
                t -> request.evaluatePreconditions(new EntityTag(t)) != null);
        varyOnAcceptEncoding(servletResponse);
        EntityTag tag = new EntityTag(result.tag());
        String cache = result.closedRange() ? closedRange : openRange;
        CandlePage page = result.page();
        if (page == null) {
            return Response.notModified(tag).header(HttpHeaders.CACHE_CONTROL, cache).build();
        }
        Response.ResponseBuilder ok;
        if (!gzip) {
            ok = Response.ok(page.body(withClusters), MediaType.APPLICATION_JSON_TYPE)
                    .header(HttpHeaders.CONTENT_LENGTH, page.contentLength(withClusters));
        } else if (page.joinable(withClusters)) {
            io.cryptoflow.api.render.ByteChunks z = reader.gzipped(query, page, withClusters);
            ok = Response.ok((StreamingOutput) z::writeTo, MediaType.APPLICATION_JSON_TYPE)
                    .header(HttpHeaders.CONTENT_LENGTH, z.length())
                    .header(HttpHeaders.CONTENT_ENCODING, "gzip");
        } else {
            ok = Response.ok(page.gzipStream(withClusters), MediaType.APPLICATION_JSON_TYPE)
                    .header(HttpHeaders.CONTENT_ENCODING, "gzip");
        }
        return ok.header(HttpHeaders.CACHE_CONTROL, cache).tag(tag).build();
    }

    /**
     * Straight on the servlet response (Jersey would replace a {@code Vary: Origin} set by
     * CorsFilter), and only once: Jetty's GzipHandler, when enabled, has already added it.
     */
    private static void varyOnAcceptEncoding(HttpServletResponse response) {
        for (String v : response.getHeaders(HttpHeaders.VARY)) {
            if (v.toLowerCase(java.util.Locale.ROOT).contains("accept-encoding")) {
                return;
            }
        }
        response.addHeader(HttpHeaders.VARY, HttpHeaders.ACCEPT_ENCODING);
    }
}
