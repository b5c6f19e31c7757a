package io.cryptoflow.e2e.fuzz;

import io.dropwizard.core.Application;
import io.dropwizard.core.Configuration;
import io.dropwizard.core.cli.CheckCommand;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.util.JarLocation;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Runs a service's {@code check <config>} command in-process, as {@code java -jar x.jar check} does,
 * but returns the outcome and the output instead of calling System.exit.
 */
final class ConfigCheck {

    record Outcome(boolean passed, String output) {
    }

    private ConfigCheck() {
    }

    static <C extends Configuration> Outcome run(Application<C> app, Path config) throws Exception {
        Bootstrap<C> bootstrap = new Bootstrap<>(app);
        app.initialize(bootstrap);
        bootstrap.addCommand(new CheckCommand<>(app));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Cli cli = new Cli(new JarLocation(app.getClass()), bootstrap, out, err);
        Optional<Throwable> failure = cli.run("check", config.toString());
        String text = out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8)
                + failure.map(t -> "\n" + t).orElse("");
        return new Outcome(failure.isEmpty(), text);
    }
}
