package io.cryptoflow.replicator.cli;

import io.dropwizard.core.cli.Command;
import io.dropwizard.core.setup.Bootstrap;
import java.nio.file.Path;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;

/**
 * {@code java -jar replicator.jar verify COLLECTOR_DB}: the replicator's own check of a collector.db
 * it has not seen yet (bin/cryptoflow-restore runs it on a restored backup). Exits 1 when the file
 * cannot be replicated or its replica differs; needs no configuration and touches no api.db.
 */
public final class VerifyCommand extends Command {

    public VerifyCommand() {
        super("verify", "Replicate a collector.db into a scratch api.db and compare every row (exit 1 on failure)");
    }

    @Override
    public void configure(Subparser subparser) {
        subparser.addArgument("file").help("the collector.db to check (only read)");
    }

    @Override
    public void run(Bootstrap<?> bootstrap, Namespace namespace) throws Exception {
        Path file = Path.of(namespace.getString("file"));
        if (!SourceFileVerification.verify(file, System.out)) {
            throw new IllegalStateException("the replicator's verify failed on " + file);
        }
    }
}
