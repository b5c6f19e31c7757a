package io.cryptoflow.api.core;

import com.codahale.metrics.MetricRegistry;
import io.dropwizard.jetty.HttpConnectorFactory;
import java.net.URI;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.RequestLog;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.component.ContainerLifeCycle;
import org.eclipse.jetty.util.thread.ThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An application connector on an ephemeral 127.0.0.1 port that lives only for the start-up warm-up
 * ({@link StartupWarmup}, {@link HttpWarmup}). Added to the application connectors in
 * ApiApplication.run, so Dropwizard routes it to the same handlers (Jersey, filters, gzip) as the
 * public one; Jetty would start it with the others, after the warm-up, so {@link #open} starts it
 * early and {@link #close} stops and removes it before the public connectors start.
 */
public final class WarmupConnector extends HttpConnectorFactory {

    private static final Logger LOG = LoggerFactory.getLogger(WarmupConnector.class);

    private volatile ServerConnector built;

    public WarmupConnector() {
        setBindHost("127.0.0.1");
        setPort(0);
    }

    @Override
    public Connector build(Server server, MetricRegistry metrics, String name, ThreadPool threadPool) {
        Connector connector = super.build(server, metrics, name + "-warm-up", threadPool);
        built = (ServerConnector) connector;
        return connector;
    }

    /** Starts the connector (the server has not yet) and says where it listens; null when it was never built. */
    public URI open() throws Exception {
        ServerConnector connector = built;
        if (connector == null) {
            return null;
        }
        connector.start();
        return URI.create("http://127.0.0.1:" + connector.getLocalPort());
    }

    /**
     * The server's request log without the warm-up's requests (thousands per start). The log stays a
     * bean of the returned one, so the server still starts and stops it.
     */
    public RequestLog leftOutOf(RequestLog log) {
        final class WithoutWarmup extends ContainerLifeCycle implements RequestLog {
            WithoutWarmup() {
                addBean(log);
            }

            @Override
            public void log(Request request, Response response) {
                Connector connector = request.getConnectionMetaData().getConnector();
                if (connector == null || connector != built) {
                    log.log(request, response);
                }
            }
        }
        return new WithoutWarmup();
    }

    /** Stops the connector and takes it off the server: its port is closed before the public one opens. */
    public void close() {
        ServerConnector connector = built;
        if (connector == null) {
            return;
        }
        try {
            connector.stop();
        } catch (Exception e) {
            LOG.warn("warm-up connector did not stop: {}", e.toString());
        }
        connector.getServer().removeConnector(connector);
    }
}
