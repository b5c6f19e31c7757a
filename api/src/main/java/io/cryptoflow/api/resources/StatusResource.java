package io.cryptoflow.api.resources;

import com.codahale.metrics.annotation.ExceptionMetered;
import com.codahale.metrics.annotation.Timed;
import io.cryptoflow.api.core.ReplicaNotReadyException;
import io.cryptoflow.api.core.ReplicaStatus;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * {@code GET /api/health}: the old tool's status endpoint for clients, plus replication lag and the
 * collector's lock counter. Operators' health checks live on the admin port.
 */
@Path("/health")
@Produces(MediaType.APPLICATION_JSON)
public class StatusResource {

    private final ReplicaStatus status;

    public StatusResource(ReplicaStatus status) {
        this.status = status;
    }

    @GET
    @Timed(name = "cryptoflow.api.health.requests", absolute = true)
    @ExceptionMetered(name = "cryptoflow.api.health", absolute = true)
    public Response health() {
        try {
            return Response.ok(status.health()).build();
        } catch (ReplicaNotReadyException e) {
            return Response.status(Response.Status.SERVICE_UNAVAILABLE)
                    .entity(new NotReady("unavailable", System.currentTimeMillis(), 503, e.getMessage()))
                    .build();
        }
    }

    /** The body while api.db is missing or incomplete; also carries the usual {code, message}. */
    public record NotReady(String status, long timestamp, int code, String message) {
    }
}
