package io.cryptoflow.replicator.tasks;

import io.cryptoflow.replicator.core.ConsistencyReport;
import io.cryptoflow.replicator.core.ReplicationLoop;
import io.dropwizard.servlets.tasks.Task;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** {@code POST /admin/tasks/verify}: compares every row of api.db with collector.db at one revision. */
public class VerifyTask extends Task {

    private final ReplicationLoop loop;
    private final long timeoutSeconds;

    public VerifyTask(ReplicationLoop loop, long timeoutSeconds) {
        super("verify");
        this.loop = loop;
        this.timeoutSeconds = timeoutSeconds;
    }

    @Override
    public void execute(Map<String, List<String>> parameters, PrintWriter output) throws Exception {
        output.println("full consistency check queued ...");
        output.flush();
        ConsistencyReport r = loop.requestVerify().get(timeoutSeconds, TimeUnit.SECONDS);
        if (!r.comparable()) {
            output.println("not comparable: " + String.join("; ", r.mismatches()) + " (retry, or POST tasks/resync)");
        } else if (r.consistent()) {
            output.printf("consistent at rev %d: %d rows compared%n", r.rev(), r.rowsCompared());
        } else {
            output.printf("DIVERGED at rev %d:%n", r.rev());
            r.mismatches().forEach(m -> output.println("  " + m));
        }
    }
}
