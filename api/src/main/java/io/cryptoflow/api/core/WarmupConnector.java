package io.cryptoflow.api.core;

import com.codahale.metrics.MetricRegistry;
import ch.qos.logback.access.common.spi.IAccessEvent;
import io.dropwizard.jetty.HttpConnectorFactory;
import io.dropwizard.logging.common.AbstractAppenderFactory;
import io.dropwizard.logging.common.AppenderFactory;
import io.dropwizard.logging.common.FileAppenderFactory;
import io.dropwizard.request.logging.LogbackAccessRequestLogFactory;
import io.dropwizard.request.logging.RequestLogFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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

    /** Where the warm-up's request-log lines go: formatted as the real ones, written nowhere. */
    private static final Path NOWHERE = Path.of("/dev/null");
    /**
     * The longest {@link #close} waits for the warm-up's connections to close: requests still completing
     * take milliseconds; a connection a client left open closes at Jetty's shutdown idle timeout (1 s).
     */
    private static final Duration DRAIN = Duration.ofSeconds(5);

    private volatile ServerConnector built;
    /** The configured request log's twin writing to {@link #NOWHERE}; null when there is none. */
    private volatile RequestLog discarding;

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
        if (discarding instanceof ContainerLifeCycle log) {
            log.start();
        }
        connector.start();
        return URI.create("http://127.0.0.1:" + connector.getLocalPort());
    }

    /**
     * Starts the server's admin connector now rather than with the public ones after the warm-up, and
     * says where it listens; null when there is none. Why: admin requests (the collector's /readers
     * polls, health checks) are logged and answered without the application's servlet context, and
     * the first of them after a warm-up that had seen none deoptimized the request log's and Jetty's
     * compiled request path at the moment the first users came (docs/benchmarks.md, "The first
     * requests after the warm-up deoptimized what it had compiled"). Jetty leaves a connector that is
     * already running as it is when the server starts the others.
     */
    public URI openAdmin() throws Exception {
        ServerConnector connector = built;
        if (connector == null) {
            return null;
        }
        for (Connector c : connector.getServer().getConnectors()) {
            if (c != connector && "admin".equals(c.getName()) && c instanceof ServerConnector admin) {
                admin.start();
                String host = admin.getHost();
                boolean any = host == null || host.isBlank() || host.equals("0.0.0.0") || host.equals("::");
                String literal = any ? "127.0.0.1" : host.contains(":") ? "[" + host + "]" : host;
                return URI.create("http://" + literal + ":" + admin.getLocalPort());
            }
        }
        return null;
    }

    /**
     * The server's request log without the warm-up's requests (thousands per start). The log stays a
     * bean of the returned one, so the server still starts and stops it. The warm-up's requests go
     * through a twin of the configured log (same format, same appender kinds) that writes to
     * /dev/null: formatting an access-log line is part of every request, and left cold it was
     * compiled during the first users' requests (docs/benchmarks.md, "JIT-quiet warm-up").
     */
    public RequestLog leftOutOf(RequestLog log, RequestLogFactory<?> configured) {
        discarding = discardingTwin(configured);
        final class WithoutWarmup extends ContainerLifeCycle implements RequestLog {
            WithoutWarmup() {
                addBean(log);
            }

            @Override
            public void log(Request request, Response response) {
                Connector connector = request.getConnectionMetaData().getConnector();
                if (connector == null || connector != built) {
                    log.log(request, response);
                } else if (discarding != null) {
                    discarding.log(request, response);
                }
            }
        }
        return new WithoutWarmup();
    }

    /**
     * Drains the connector, stops it and takes it off the server: its port is closed before the public
     * one opens. Call it after the warm-up's clients have closed their connections.
     *
     * <p>Why drain first: a client has its whole answer a moment before the server has finished the
     * request (the request log, the completion callbacks). Stopping the connector in that moment closed
     * the connection under a request still completing, and about one start in ten that completion was
     * lost: Jetty's GracefulHandler then counted the request in flight for ever, and the server's own
     * stop waited for it for its whole stop timeout (30 s) and failed with a TimeoutException (CI,
     * LiquidationsPerCandleIT; docs/benchmarks.md "A warm-up request that never completed"). Jetty's
     * graceful connector shutdown stops accepting and completes when every connection has closed, and
     * the server closes a connection whose client has gone only once its request has completed.
     */
    public void close() {
        ServerConnector connector = built;
        if (connector == null) {
            return;
        }
        try {
            connector.shutdown().get(DRAIN.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            LOG.warn("warm-up connector still had {} connection(s) after {}; stopping it anyway",
                    connector.getConnectedEndPoints().size(), DRAIN);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            connector.stop();
            if (discarding instanceof ContainerLifeCycle log) {
                log.stop();
            }
        } catch (Exception e) {
            LOG.warn("warm-up connector did not stop: {}", e.toString());
        }
        discarding = null;
        connector.getServer().removeConnector(connector);
    }

    /** The configured logback-access request log with each appender replaced by a file appender on /dev/null. */
    private static RequestLog discardingTwin(RequestLogFactory<?> configured) {
        if (!(configured instanceof LogbackAccessRequestLogFactory logback) || !configured.isEnabled()
                || !Files.isWritable(NOWHERE)) {
            return null;
        }
        List<AppenderFactory<IAccessEvent>> sinks = new ArrayList<>();
        for (AppenderFactory<IAccessEvent> appender : logback.getAppenders()) {
            FileAppenderFactory<IAccessEvent> sink = new FileAppenderFactory<>();
            sink.setArchive(false);
            sink.setCurrentLogFilename(NOWHERE.toString());
            if (appender instanceof AbstractAppenderFactory<IAccessEvent> format) {
                sink.setLogFormat(format.getLogFormat());
                sink.setTimeZone(format.getTimeZone());
            }
            sinks.add(sink);
        }
        LogbackAccessRequestLogFactory twin = new LogbackAccessRequestLogFactory();
        twin.setAppenders(sinks);
        return twin.build("warm-up");
    }
}
