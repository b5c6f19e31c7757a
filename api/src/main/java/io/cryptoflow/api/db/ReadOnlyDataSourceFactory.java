package io.cryptoflow.api.db;

import com.codahale.metrics.MetricRegistry;
import io.cryptoflow.api.ApiConfiguration;
import io.cryptoflow.common.SqliteConnections;
import io.dropwizard.db.DataSourceFactory;
import io.dropwizard.db.ManagedDataSource;
import io.dropwizard.util.Duration;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.tomcat.jdbc.pool.DataSourceProxy;
import org.sqlite.SQLiteConfig;

/**
 * Builds the pool over api.db. Every connection is opened with SQLite's read-only open flags
 * (passed as driver properties from {@link SqliteConnections#readOnlyConfig()}), so a write fails
 * inside SQLite and a missing file is never created. Nothing is opened at start-up: api.db may
 * not exist until the replicator's first copy.
 */
public final class ReadOnlyDataSourceFactory {

    /** SQLite page cache per read connection, KiB. */
    static final int READ_CACHE_KIB = 512;

    private ReadOnlyDataSourceFactory() {
    }

    public static DataSourceFactory forApiDb(Path apiDb, ApiConfiguration.ReadPoolFactory pool) {
        Map<String, String> props = new LinkedHashMap<>();
        SQLiteConfig sqlite = SqliteConnections.readOnlyConfig();
        // SQLite's default page cache is 2 MiB per connection, 16 MiB of native memory over the
        // default 8 connections once each has read a page of clustered candles. The API reads
        // rows only to render a revision it has not rendered yet (the render cache keeps the
        // JSON) and the summary walks an index; the OS page cache holds the file anyway.
        sqlite.setCacheSize(-READ_CACHE_KIB);
        sqlite.toProperties().forEach((k, v) -> props.put(String.valueOf(k), String.valueOf(v)));

        DataSourceFactory f = new UnwrappedStatements();
        f.setDriverClass("org.sqlite.JDBC");
        f.setUrl(SqliteConnections.url(apiDb));
        f.setProperties(props);
        int size = pool.effectiveSize();
        f.setInitialSize(0);
        f.setMinSize(0);
        f.setMaxSize(size);
        f.setMaxWaitForConnection(pool.getMaxWaitForConnection());
        f.setValidationQuery("SELECT 1");
        f.setValidationQueryTimeout(Duration.seconds(2));
        f.setCheckConnectionOnBorrow(false);
        f.setCheckConnectionWhileIdle(true);
        // readOnly/autoCommit/isolation stay unset: sqlite-jdbc throws on setReadOnly after open.
        f.setReadOnlyByDefault(null);
        f.setAutoCommitByDefault(null);
        f.setDefaultTransactionIsolation(DataSourceFactory.TransactionIsolation.DEFAULT);
        f.setIgnoreExceptionOnPreLoad(true);
        // No "/* Dao.method */" prefix on every statement: Dropwizard's prepending template engine
        // renders each statement's template afresh (Jdbi's parsed-template cache is bypassed),
        // a cost on every page read; the per-statement timers still name the DAO method.
        f.setAutoCommentsEnabled(false);
        return f;
    }

    /**
     * The pool with its statements and result sets handed out as the driver made them. tomcat-jdbc
     * wraps each in a {@code java.lang.reflect.Proxy} by default (its StatementFacade, so that equals
     * and hashCode work on closed statements, which nothing here calls), and so every column of every
     * row read went through reflection: 19 % of a default-configuration page's samples in a JFR
     * profile, most under the candle renderer's thirteen reads per row (docs/benchmarks.md, "Readers
     * of the default configuration"). Connections stay pooled proxies, closed and purged as before.
     */
    static final class UnwrappedStatements extends DataSourceFactory {
        @Override
        public ManagedDataSource build(MetricRegistry metricRegistry, String name) {
            ManagedDataSource pool = super.build(metricRegistry, name);
            if (pool instanceof DataSourceProxy tomcat) { // ManagedPooledDataSource is one
                tomcat.getPoolProperties().setUseStatementFacade(false);
            }
            return pool;
        }
    }
}
