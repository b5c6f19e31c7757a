package io.cryptoflow.api.resources;

import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cryptoflow.api.api.ApiError;
import io.cryptoflow.api.api.CandlePage;
import io.cryptoflow.api.core.BadParameterException;
import io.cryptoflow.api.core.CandleQuery;
import io.cryptoflow.api.core.CandleReader;
import io.cryptoflow.api.core.DatabaseBusyException;
import io.cryptoflow.api.core.NotCollectedException;
import io.cryptoflow.api.core.ReplicaNotReadyException;
import io.cryptoflow.api.core.RequestParams;
import io.cryptoflow.api.core.UnknownSymbolException;
import io.cryptoflow.api.render.ByteChunks;
import io.cryptoflow.common.Timeframe;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.time.Duration;
import java.util.Enumeration;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/candles}, a servlet rather than a Jersey resource. Parameters arrive as text and
 * are parsed by {@link RequestParams} so every bad value gets a 400 naming the parameter and what is
 * accepted; every error is the JSON the other endpoints' exception mappers give (the same mappers
 * make it).
 *
 * <p>Why a servlet: it is the endpoint every chart and bot polls, thousands of times a second, and
 * in Jersey each request cost more than the page it served. JFR over the harness's hot and random
 * rows: Jersey and HK2 (routing, request scope, the injection of each {@code @Context} parameter,
 * the {@code @Timed} listener) held 18-40 % of the request threads' CPU samples and over half of
 * the bytes they allocated, which with the 96 MiB heap set how often every request in flight was
 * stopped for a young collection (docs/benchmarks.md, "Jersey's share of a candle request").
 *
 * <p>Caching: a page bounded above ({@code before}/{@code to}) whose candles are all closed is
 * {@code public, max-age=<closedRangeMaxAge>, immutable}; any other page is {@code public,
 * max-age=<openRangeMaxAge>}, after which a cache revalidates it with its ETag (304 when the range
 * did not change; {@code If-None-Match} by weak comparison, RFC 9110 13.1.2). The ETag is checked
 * before any candle is read.
 *
 * <p>Coding: a client whose {@code Accept-Encoding} allows gzip gets the page's gzip body, made
 * once per cached page (a page above the join limit is compressed as it streams), with
 * {@code Content-Encoding: gzip} and its own strong ETag ({@code -gzip}); Jetty's GzipHandler
 * leaves a response that already has a Content-Encoding alone. Every answer, 304 included, says
 * {@code Vary: Accept-Encoding}, so a shared cache keeps the two codings apart.
 *
 * <p>Metrics as the resource had them: timer {@code cryptoflow.api.candles.requests}, meter
 * {@code cryptoflow.api.candles.exceptions}.
 */
public final class CandleServlet extends HttpServlet {

    private static final Logger LOG = LoggerFactory.getLogger(CandleServlet.class);
    private static final String JSON = "application/json";

    private final transient CandleReader reader;
    private final transient ObjectMapper mapper;
    private final transient Timer requests;
    private final transient Meter exceptions;
    private final String closedRange;
    private final String openRange;

    /**
     * @param closedRangeMaxAge how long any cache may keep a bounded page whose candles are all closed
     * @param openRangeMaxAge   how long a cache may serve any other page before revalidating it
     */
    public CandleServlet(CandleReader reader, Duration closedRangeMaxAge, Duration openRangeMaxAge, ObjectMapper mapper,
                         MetricRegistry metrics) {
        this.reader = reader;
        this.mapper = mapper;
        this.requests = metrics.timer("cryptoflow.api.candles.requests");
        this.exceptions = metrics.meter("cryptoflow.api.candles.exceptions");
        this.closedRange = "public, max-age=" + Math.min(Integer.MAX_VALUE, closedRangeMaxAge.toSeconds()) + ", immutable";
        this.openRange = "public, max-age=" + Math.min(Integer.MAX_VALUE, openRangeMaxAge.toSeconds());
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        switch (request.getMethod()) {
            case "GET", "HEAD" -> get(request, response);
            case "OPTIONS" -> {
                response.setHeader("Allow", "GET, HEAD, OPTIONS");
                response.setStatus(HttpServletResponse.SC_OK);
            }
            default -> {
                response.setHeader("Allow", "GET, HEAD, OPTIONS");
                error(response, HttpServletResponse.SC_METHOD_NOT_ALLOWED, "HTTP 405 Method Not Allowed", null);
            }
        }
    }

    private void get(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Timer.Context timing = requests.time();
        try {
            serve(request, response, "HEAD".equals(request.getMethod()));
        } catch (BadParameterException e) {
            mapped(response, new BadParameterExceptionMapper().toResponse(e));
        } catch (UnknownSymbolException e) {
            mapped(response, new UnknownSymbolExceptionMapper().toResponse(e));
        } catch (NotCollectedException e) {
            mapped(response, new NotCollectedExceptionMapper().toResponse(e));
        } catch (ReplicaNotReadyException e) {
            mapped(response, new ReplicaNotReadyExceptionMapper().toResponse(e));
        } catch (DatabaseBusyException e) {
            mapped(response, new DatabaseBusyExceptionMapper().toResponse(e));
        } catch (RuntimeException e) {
            // as Dropwizard's LoggingExceptionMapper: logged with an id the client is given
            exceptions.mark();
            String id = String.format("%016x", ThreadLocalRandom.current().nextLong());
            LOG.error("Error handling a request: {}", id, e);
            if (!response.isCommitted()) {
                error(response, 500, "There was an error processing your request. It has been logged (ID " + id + ").", null);
            }
        } finally {
            timing.stop();
        }
    }

    private void serve(HttpServletRequest request, HttpServletResponse response, boolean head) throws IOException {
        try {
            request.getParameterMap(); // decodes the whole query now: a bad one is a 400, not a 500 below
        } catch (RuntimeException e) {
            throw QueryEncoding.refused(request.getQueryString());
        }
        CandleQuery query = new CandleQuery(
                RequestParams.market(request.getParameter("exchange"), request.getParameter("symbol")),
                RequestParams.timeframe(request.getParameter("tf"), Timeframe.M15),
                RequestParams.limit(request.getParameter("limit"), CandleQuery.DEFAULT_LIMIT, CandleQuery.MAX_LIMIT),
                RequestParams.epochMillis("before", request.getParameter("before")),
                RequestParams.epochMillis("from", request.getParameter("from")),
                RequestParams.epochMillis("to", request.getParameter("to")));
        boolean withClusters = RequestParams.bool("clusters", request.getParameter("clusters"), true);
        boolean gzip = AcceptEncoding.allowsGzip(joined(request.getHeaders("Accept-Encoding")));
        String ifNoneMatch = joined(request.getHeaders("If-None-Match"));
        CandleReader.Result result = reader.read(query, withClusters, gzip,
                ifNoneMatch == null ? t -> false : t -> EntityTags.anyMatches(ifNoneMatch, t));
        varyOnAcceptEncoding(response);
        response.setHeader("ETag", EntityTags.quoted(result.tag()));
        response.setHeader("Cache-Control", result.closedRange() ? closedRange : openRange);
        CandlePage page = result.page();
        if (page == null) {
            response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
            return;
        }
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(JSON);
        StreamingOutput body;
        if (!gzip) {
            response.setContentLengthLong(page.contentLength(withClusters));
            body = page.body(withClusters);
        } else if (page.joinable(withClusters)) {
            ByteChunks z = reader.gzipped(query, page, withClusters);
            response.setHeader("Content-Encoding", "gzip");
            response.setContentLengthLong(z.length());
            body = z::writeTo;
        } else {
            response.setHeader("Content-Encoding", "gzip");
            body = page.gzipStream(withClusters);
        }
        if (!head) {
            body.write(response.getOutputStream());
        }
    }

    /** Every value of a header, comma-joined as one (RFC 9110 5.3), or null when it is absent. */
    private static String joined(Enumeration<String> values) {
        if (values == null || !values.hasMoreElements()) {
            return null;
        }
        String first = values.nextElement();
        if (!values.hasMoreElements()) {
            return first;
        }
        StringBuilder all = new StringBuilder(first);
        while (values.hasMoreElements()) {
            all.append(',').append(values.nextElement());
        }
        return all.toString();
    }

    /** Once: Jetty's GzipHandler, when enabled, has already added it. */
    private static void varyOnAcceptEncoding(HttpServletResponse response) {
        for (String v : response.getHeaders("Vary")) {
            if (v.toLowerCase(java.util.Locale.ROOT).contains("accept-encoding")) {
                return;
            }
        }
        response.addHeader("Vary", "Accept-Encoding");
    }

    /** An exception mapper's answer: its status, headers and {@link ApiError} body. */
    private void mapped(HttpServletResponse response, Response answer) throws IOException {
        exceptions.mark();
        Object retryAfter = answer.getHeaders().getFirst("Retry-After");
        ApiError body = (ApiError) answer.getEntity();
        error(response, answer.getStatus(), body.message(), retryAfter == null ? null : retryAfter.toString());
    }

    /** The error's JSON; the filters' headers (CORS, request id, Vary) stay, the page's are taken back. */
    private void error(HttpServletResponse response, int status, String message, String retryAfter) throws IOException {
        response.setHeader("ETag", null);
        response.setHeader("Cache-Control", null);
        response.setHeader("Content-Encoding", null);
        response.setStatus(status);
        response.setContentType(JSON);
        if (retryAfter != null) {
            response.setHeader("Retry-After", retryAfter);
        }
        byte[] json = mapper.writeValueAsBytes(new ApiError(status, message));
        response.setContentLength(json.length);
        response.getOutputStream().write(json);
    }
}
