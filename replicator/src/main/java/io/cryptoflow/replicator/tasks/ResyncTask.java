package io.cryptoflow.replicator.tasks;

import io.cryptoflow.replicator.core.ReplicationLoop;
import io.cryptoflow.replicator.core.SnapshotResult;
import io.dropwizard.servlets.tasks.Task;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** {@code POST /admin/tasks/resync}: a fresh backup-API snapshot of collector.db into api.db now. */
public class ResyncTask extends Task {

    private final ReplicationLoop loop;
    private final long timeoutSeconds;

    public ResyncTask(ReplicationLoop loop, long timeoutSeconds) {
        super("resync");
        this.loop = loop;
        this.timeoutSeconds = timeoutSeconds;
    }

    @Override
    public void execute(Map<String, List<String>> parameters, PrintWriter output) throws Exception {
        output.println("resync queued; copying collector.db into api.db ...");
        output.flush();
        SnapshotResult r = loop.requestResync("operator resync task").get(timeoutSeconds, TimeUnit.SECONDS);
        output.printf("snapshot done: rev %d, %d pages (%d bytes) in %d ms%n", r.sourceRev(), r.pages(), r.bytes(),
                TimeUnit.NANOSECONDS.toMillis(r.durationNanos()));
    }
}
