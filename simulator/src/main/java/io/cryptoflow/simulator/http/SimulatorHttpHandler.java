package io.cryptoflow.simulator.http;

import io.cryptoflow.simulator.faults.Fault;
import io.cryptoflow.simulator.faults.FaultPlan;
import io.cryptoflow.simulator.log.LoggedRequest;
import io.cryptoflow.simulator.log.RequestLog;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Blocker;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Jetty handler in front of all simulated REST endpoints: logs each request, applies queued faults,
 * dispatches to the first matching {@link Route} and writes its answer.
 */
public final class SimulatorHttpHandler extends Handler.Abstract {

    private static final Logger LOG = LoggerFactory.getLogger(SimulatorHttpHandler.class);

    private final List<Route> routes;
    private final FaultPlan faults;
    private final RequestLog requestLog;
    private final Clock wallClock;

    public SimulatorHttpHandler(List<Route> routes, FaultPlan faults, RequestLog requestLog, Clock wallClock) {
        this.routes = List.copyOf(routes);
        this.faults = faults;
        this.requestLog = requestLog;
        this.wallClock = wallClock;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        Instant arrived = wallClock.instant();
        String path = Request.getPathInContext(request);
        String query = request.getHttpURI().getQuery();
        Map<String, String> params = firstValues(Request.extractQueryParameters(request));
        SimRequest simRequest = new SimRequest(arrived, path, query == null ? "" : query, params);

        Optional<Fault> fault = faults.takeHttp(path);
        if (fault.isPresent() && fault.get().kind() == Fault.Kind.DELAY) {
            Thread.sleep(fault.get().delayDuration().toMillis());
        }
        SimResponse answer;
        if (fault.isPresent() && fault.get().kind() == Fault.Kind.STATUS) {
            answer = statusFault(fault.get());
        } else {
            answer = dispatch(simRequest);
        }
        String faultName = fault.map(Fault::toString).orElse(null);
        requestLog.add(new LoggedRequest(arrived, path, simRequest.query(), params, answer.status(), faultName));
        if (faultName != null) {
            LOG.info("exchange simulator: injected fault [{}] on {}", faultName, path);
        }

        response.setStatus(answer.status());
        answer.headers().forEach((k, v) -> response.getHeaders().put(k, v));
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, answer.contentType());
        byte[] body = answer.body();
        if (fault.isPresent() && fault.get().kind() == Fault.Kind.MALFORMED_JSON) {
            body = Arrays.copyOf(body, Math.max(1, body.length / 2));
        }
        if (fault.isPresent() && fault.get().kind() == Fault.Kind.CORRUPT_BODY && body.length > 0) {
            body = body.clone();
            body[body.length / 2] ^= (byte) 0x5A;
        }
        if (fault.isPresent() && fault.get().kind() == Fault.Kind.TRUNCATED_BODY) {
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
            ByteBuffer half = ByteBuffer.wrap(body, 0, Math.max(1, body.length / 2));
            response.write(false, half, Callback.from(
                    () -> callback.failed(new IOException("exchange simulator: truncated body (injected fault)")),
                    callback::failed));
            return true;
        }
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        if (fault.isPresent() && fault.get().kind() == Fault.Kind.SLOW_BODY) {
            writeSlowly(response, body, fault.get().delayDuration(), callback);
            return true;
        }
        response.write(true, ByteBuffer.wrap(body), callback);
        return true;
    }

    private static void writeSlowly(Response response, byte[] body, java.time.Duration total, Callback callback) {
        int chunks = 10;
        int size = Math.max(1, (body.length + chunks - 1) / chunks);
        try {
            for (int offset = 0; offset < body.length; offset += size) {
                int length = Math.min(size, body.length - offset);
                try (Blocker.Callback written = Blocker.callback()) {
                    response.write(false, ByteBuffer.wrap(body, offset, length), written);
                    written.block();
                }
                Thread.sleep(total.toMillis() / chunks);
            }
            response.write(true, ByteBuffer.allocate(0), callback);
        } catch (IOException e) {
            callback.failed(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            callback.failed(e);
        }
    }

    private SimResponse dispatch(SimRequest request) {
        for (Route route : routes) {
            if (route.matches(request.path())) {
                try {
                    return route.handle(request);
                } catch (RuntimeException e) {
                    LOG.warn("exchange simulator: route failed for {}?{}", request.path(), request.query(), e);
                    return SimResponse.json(500, "{\"error\":\"exchange simulator internal error\"}");
                }
            }
        }
        return SimResponse.notFound(request.path());
    }

    private static SimResponse statusFault(Fault fault) {
        String body = fault.bodyText() != null ? fault.bodyText()
                : "{\"code\":" + fault.statusCode() + ",\"msg\":\"exchange simulator: injected status "
                + fault.statusCode() + "\"}";
        SimResponse response = new SimResponse(fault.statusCode(), "application/json",
                body.getBytes(StandardCharsets.UTF_8), new LinkedHashMap<>());
        if (fault.retryAfter() != null) {
            response = response.header("Retry-After", Long.toString(fault.retryAfter()));
        }
        return response;
    }

    private static Map<String, String> firstValues(Fields fields) {
        Map<String, String> out = new LinkedHashMap<>();
        if (fields != null) {
            for (Fields.Field f : fields) {
                out.put(f.getName(), f.getValue());
            }
        }
        return out;
    }
}
