package io.cryptoflow.replicator.resources;

import com.codahale.metrics.annotation.Timed;
import io.cryptoflow.replicator.core.ReplicationStatus;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;

/** {@code GET /status}: where the replica stands, for operators and the e2e tests. Read-only. */
@Path("/status")
@Produces(MediaType.APPLICATION_JSON)
public class ReplicationStatusResource {

    public record StatusView(String strategy, boolean waitingForSource, String waitingReason, long position,
                             long sourceRev, long lagMillis, long lastSuccessAt, long lastSnapshotAt,
                             String lastError) {
    }

    private final ReplicationStatus status;
    private final Clock clock;

    public ReplicationStatusResource(ReplicationStatus status, Clock clock) {
        this.status = status;
        this.clock = clock;
    }

    @GET
    @Timed
    public StatusView status() {
        long now = clock.millis();
        return new StatusView(status.strategy().label(), status.waiting(), status.waitingReason(), status.position(),
                status.sourceRev(), status.currentLagMillis(now), status.lastSuccessAt(), status.lastSnapshotAt(),
                status.lastError());
    }
}
