package io.cryptoflow.replicator;

import io.cryptoflow.common.ThreadPools;
import io.cryptoflow.replicator.cli.VerifyCommand;
import io.cryptoflow.replicator.core.ApplyListener;
import io.cryptoflow.replicator.core.Replication;
import io.cryptoflow.replicator.core.ReplicationLoop;
import io.cryptoflow.replicator.core.ReplicationMetrics;
import io.cryptoflow.replicator.core.ReplicationSettings;
import io.cryptoflow.replicator.core.ReplicationStatus;
import io.cryptoflow.replicator.health.ReplicationHealthCheck;
import io.cryptoflow.replicator.resources.ReplicationStatusResource;
import io.cryptoflow.replicator.strategy.Replications;
import io.cryptoflow.replicator.strategy.SnapshotCopier;
import io.cryptoflow.replicator.tasks.ResyncTask;
import io.cryptoflow.replicator.tasks.VerifyTask;
import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.core.Application;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.dropwizard.DropwizardExports;
import io.prometheus.client.servlet.jakarta.exporter.MetricsServlet;
import java.nio.file.Files;
import java.time.Clock;

/** The replicator service: keeps api.db a consistent, bounded copy of collector.db. */
public class ReplicatorApplication extends Application<ReplicatorConfiguration> {

    private static final long TASK_TIMEOUT_SECONDS = 600;

    public static void main(String[] args) throws Exception {
        new ReplicatorApplication().run(args);
    }

    @Override
    public String getName() {
        return "cryptoflow-replicator";
    }

    @Override
    public void initialize(Bootstrap<ReplicatorConfiguration> bootstrap) {
        bootstrap.setConfigurationSourceProvider(new SubstitutingSourceProvider(
                bootstrap.getConfigurationSourceProvider(), new EnvironmentVariableSubstitutor(false)));
        bootstrap.addCommand(new VerifyCommand());
    }

    @Override
    public void run(ReplicatorConfiguration config, Environment environment) throws Exception {
        ReplicationSettings settings = config.replicationSettings();
        if (settings.source().toAbsolutePath().normalize().equals(settings.target().toAbsolutePath().normalize())) {
            throw new IllegalArgumentException("sourceFile and targetFile are the same file: " + settings.source());
        }
        Files.createDirectories(settings.target().toAbsolutePath().getParent());
        SnapshotCopier.removeLeftoverBootstrap(settings.target());

        ReplicationStatus status = new ReplicationStatus(settings.strategy());
        ReplicationMetrics metrics = new ReplicationMetrics(environment.metrics(), status);
        // Pools from the lifecycle, built before the loop is managed: shut down after it stopped.
        ThreadPools pools = ThreadPools.lifecycle(environment.lifecycle());
        Replication replication = Replications.create(settings, metrics, status, ApplyListener.NONE, pools);
        ReplicationLoop loop = new ReplicationLoop(replication, settings, status, metrics, pools);
        environment.lifecycle().manage(loop);

        Clock clock = Clock.systemUTC();
        environment.healthChecks().register("replica", new ReplicationHealthCheck(status, settings.maxLag(), clock));
        environment.jersey().register(new ReplicationStatusResource(status, clock));
        environment.admin().addTask(new ResyncTask(loop, TASK_TIMEOUT_SECONDS));
        environment.admin().addTask(new VerifyTask(loop, TASK_TIMEOUT_SECONDS));

        // The same registry in the Prometheus text format, for the usual monitoring stack.
        CollectorRegistry prometheus = new CollectorRegistry();
        prometheus.register(new DropwizardExports(environment.metrics()));
        environment.admin().addServlet("prometheus", new MetricsServlet(prometheus)).addMapping("/prometheus");
    }
}
