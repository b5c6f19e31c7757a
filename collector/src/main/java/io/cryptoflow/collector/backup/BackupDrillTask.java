package io.cryptoflow.collector.backup;

import io.dropwizard.servlets.tasks.Task;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;

/** {@code POST /admin/tasks/backup-drill}: runs a restore drill now and prints its outcome. */
public class BackupDrillTask extends Task {

    private final BackupDrill drill;
    private final DrillStatus status;

    public BackupDrillTask(BackupDrill drill, DrillStatus status) {
        super("backup-drill");
        this.drill = drill;
        this.status = status;
    }

    @Override
    public void execute(Map<String, List<String>> parameters, PrintWriter output) {
        if (drill == null) {
            output.println("not configured: " + status.notConfiguredReason());
            return;
        }
        DrillStatus.Drill d = drill.runOnce();
        if (d == null) {
            output.println("a drill is already running");
        } else {
            output.println((d.good() ? "good: " : "FAILED: ") + d.summary());
        }
    }
}
