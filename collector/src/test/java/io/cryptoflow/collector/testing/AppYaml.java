package io.cryptoflow.collector.testing;

/** YAML pieces of a collector configuration that application ITs share. */
public final class AppYaml {

    /** The server on a free local port, admin under /admin, logging at WARN. */
    public static final String LOCAL_SERVER = """
            server:
              type: simple
              applicationContextPath: /
              adminContextPath: /admin
              connector:
                type: http
                bindHost: 127.0.0.1
                port: 0
            logging:
              level: WARN
            """;

    /** {@code yaml} as collector.yml in a new temporary directory, followed by {@link #LOCAL_SERVER}. */
    public static java.nio.file.Path configFile(String prefix, String yaml) {
        try {
            return java.nio.file.Files.writeString(tempDir(prefix).resolve("collector.yml"), yaml + LOCAL_SERVER);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A new temporary directory, for the static fields of an application IT. */
    public static java.nio.file.Path tempDir(String prefix) {
        try {
            return java.nio.file.Files.createTempDirectory(prefix);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Hourly candles in {@code dataDir}'s collector.db whose symbol is LIKE {@code symbolPattern}; 0 before it exists. */
    public static long hourlyRows(java.nio.file.Path dataDir, String symbolPattern) throws java.sql.SQLException {
        java.nio.file.Path db = dataDir.resolve("collector.db");
        if (!java.nio.file.Files.exists(db)) {
            return 0;
        }
        try (java.sql.Connection c = io.cryptoflow.common.SqliteConnections.openReadOnly(db);
             java.sql.PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM candles_60 WHERE symbol LIKE ?")) {
            s.setString(1, symbolPattern);
            try (java.sql.ResultSet rs = s.executeQuery()) {
                return rs.getLong(1);
            }
        }
    }

    private AppYaml() {
    }
}
