package io.cryptoflow.api.tasks;

import io.cryptoflow.api.db.ApiDatabase;
import io.dropwizard.servlets.tasks.Task;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /tasks/purge-read-pool} on the admin port: closes every pooled api.db connection so
 * the next reads reopen the file. Only needed if api.db was swapped in a way the API could not
 * notice; a replaced inode is detected automatically.
 */
public class PurgeReadPoolTask extends Task {

    private final ApiDatabase db;

    public PurgeReadPoolTask(ApiDatabase db) {
        super("purge-read-pool");
        this.db = db;
    }

    @Override
    public void execute(Map<String, List<String>> parameters, PrintWriter output) {
        db.purgeConnections();
        output.println("purged read-only connections to " + db.file());
    }
}
