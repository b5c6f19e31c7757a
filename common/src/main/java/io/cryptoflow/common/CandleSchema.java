package io.cryptoflow.common;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The collector.db schema, compatible with the old tool's {@code candles_<minutes>} tables.
 *
 * <p>Extra columns over the old tool: {@code closed} (0 while forming) and {@code rev}, the
 * collector writer's revision of the transaction that last wrote the row. {@code cf_state}
 * holds the newest revision, its commit time and the collector's SQLITE_BUSY counter, so a
 * replica can tell how far behind it is and the API can report lock trouble.
 *
 * <p>Version 2 added {@code cf_state.tombstones_pruned_rev} (the highest revision whose
 * tombstones the collector has pruned; 0 = never pruned) and {@code cf_tombstones.deleted_at}
 * (commit time in ms of the deleting batch, which retention is measured from).
 *
 * <p>Version 3 made {@code buy_volume}, {@code sell_volume}, {@code delta} and {@code trade_count}
 * nullable: NULL means "not known" (Bybit and Bitget klines carry neither taker volume nor trade
 * count), never 0. The upgrade rebuilds the candle tables (SQLite cannot drop NOT NULL in place) and
 * turns the zeros those markets' klines used to store into NULL where no trade was ever seen.
 *
 * <p>Version 4 added the finer timeframes' tables {@code candles_1}, {@code candles_5} and
 * {@code candles_30} (the old tool's names). A database without them gets them empty from
 * {@link #ddl()}; one the old tool wrote with them keeps its rows, and the version-3 step makes their
 * taker columns nullable like the others'. The new version also tells a replica its copy lacks tables.
 * <p>Version 5 added the derivatives series {@code open_interest} and {@code funding}
 * ({@link DerivativesSchema}); the upgrade only creates them.
 * <p>Version 6 added {@code configured_markets} ({@link ConfiguredMarketSchema}), created empty; the
 * collector fills it at start-up.
 * <p>Version 7 added {@code configured_markets.kinds} (the data kinds besides candles the configuration
 * collects of each market; NULL = unknown), appended to the table; existing rows keep NULL until the
 * collector's next start-up records them.
 */
public final class CandleSchema {

    /** Bumped whenever the DDL below changes; stored in {@code PRAGMA user_version}. */
    public static final int VERSION = 7;

    /** Markets whose klines lack taker volume and trade count (exchange part of the stored symbol). */
    public static final List<String> NO_TAKER_EXCHANGES = List.of("BYBIT", "BYBIT_SPOT", "BITGET");

    public static final String STATE_TABLE = "cf_state";
    public static final String TOMBSTONE_TABLE = "cf_tombstones";
    public static final String SESSION_TABLE = "sessions";

    /** Columns of every candle table ({@link Timeframe#table()}), in DDL order. */
    public static final List<String> CANDLE_COLUMNS = List.of("id", "symbol", "time", "open", "high", "low", "close",
            "volume", "buy_volume", "sell_volume", "delta", "trade_count", "clusters", "closed", "rev");
    /** A candle table's unique key, comma separated (an upsert's conflict target). */
    public static final String CANDLE_KEY = "symbol, time";
    /** Columns of {@value #SESSION_TABLE}, in DDL order. */
    public static final List<String> SESSION_COLUMNS = List.of("symbol", "date", "poc", "vwap", "vah", "val", "volume", "rev");
    /** The primary key of {@value #SESSION_TABLE}, comma separated. */
    public static final String SESSION_KEY = "symbol, date";
    /** Columns of {@value #STATE_TABLE} (one row, {@code id} = 1), in DDL order. */
    public static final List<String> STATE_COLUMNS = List.of("id", "rev", "committed_at", "busy_events", "tombstones_pruned_rev");
    /** {@value #STATE_TABLE} column (version 2 on): the highest revision whose tombstones were pruned, 0 = never. */
    public static final String STATE_PRUNED_REV = "tombstones_pruned_rev";
    /** Columns of {@value #TOMBSTONE_TABLE}, in DDL order. */
    public static final List<String> TOMBSTONE_COLUMNS = List.of("rev", "tbl", "symbol", "time", "deleted_at");

    private CandleSchema() {
    }

    public static List<String> ddl() {
        List<String> ddl = new ArrayList<>();
        for (Timeframe tf : Timeframe.values()) {
            ddl.add(candleTable(tf.table()));
            ddl.add("CREATE INDEX IF NOT EXISTS %s_rev ON %s(rev)".formatted(tf.table(), tf.table()));
        }
        ddl.addAll(otherTables());
        ddl.addAll(TradeSchema.catalogDdl());
        ddl.addAll(LiquidationSchema.coverageDdl());
        ddl.addAll(DepthSchema.coverageDdl());
        ddl.addAll(DerivativesSchema.ddl());
        ddl.addAll(ConfiguredMarketSchema.ddl());
        return ddl;
    }

    private static String candleTable(String name) {
        return """
                    CREATE TABLE IF NOT EXISTS %s (
                      id INTEGER PRIMARY KEY AUTOINCREMENT,
                      symbol TEXT NOT NULL,
                      time INTEGER NOT NULL,
                      open REAL NOT NULL,
                      high REAL NOT NULL,
                      low REAL NOT NULL,
                      close REAL NOT NULL,
                      volume REAL NOT NULL DEFAULT 0,
                      buy_volume REAL,
                      sell_volume REAL,
                      delta REAL,
                      trade_count INTEGER,
                      clusters TEXT,
                      closed INTEGER NOT NULL DEFAULT 1,
                      rev INTEGER NOT NULL DEFAULT 0,
                      UNIQUE(symbol, time)
                    )""".formatted(name);
    }

    private static List<String> otherTables() {
        List<String> ddl = new ArrayList<>();
        ddl.add("""
                CREATE TABLE IF NOT EXISTS sessions (
                  symbol TEXT NOT NULL,
                  date TEXT NOT NULL,
                  poc REAL,
                  vwap REAL,
                  vah REAL,
                  val REAL,
                  volume REAL NOT NULL DEFAULT 0,
                  rev INTEGER NOT NULL DEFAULT 0,
                  PRIMARY KEY(symbol, date)
                )""");
        ddl.add("CREATE INDEX IF NOT EXISTS sessions_rev ON sessions(rev)");
        ddl.add("""
                CREATE TABLE IF NOT EXISTS cf_state (
                  id INTEGER PRIMARY KEY CHECK (id = 1),
                  rev INTEGER NOT NULL,
                  committed_at INTEGER NOT NULL,
                  busy_events INTEGER NOT NULL DEFAULT 0,
                  tombstones_pruned_rev INTEGER NOT NULL DEFAULT 0
                )""");
        ddl.add("INSERT OR IGNORE INTO cf_state(id, rev, committed_at, busy_events) VALUES (1, 0, 0, 0)");
        ddl.add("""
                CREATE TABLE IF NOT EXISTS cf_tombstones (
                  rev INTEGER NOT NULL,
                  tbl TEXT NOT NULL,
                  symbol TEXT NOT NULL,
                  time INTEGER NOT NULL,
                  deleted_at INTEGER NOT NULL DEFAULT 0
                )""");
        ddl.add("CREATE INDEX IF NOT EXISTS cf_tombstones_rev ON cf_tombstones(rev)");
        return ddl;
    }

    /**
     * Creates or upgrades the schema in one transaction, so a crash leaves either the old version
     * with its old tables or the new one complete. Only the collector's writer calls this on a
     * live database. Refuses a database written by a newer build.
     */
    public static void apply(Connection c) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            int from = userVersion(c);
            if (from > VERSION) {
                throw new SQLException("database schema version " + from + " is newer than this build's " + VERSION);
            }
            // Tables that already exist keep their old definition here; migrate() adds what is missing.
            for (String sql : ddl()) {
                s.execute(sql);
            }
            migrate(c);
            s.execute("PRAGMA user_version = " + VERSION);
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
    }

    /**
     * Versions 1 → 2 → 3 and 6 → 7 (4, 5 and 6 only add tables, in {@link #ddl()}). Driven by the
     * columns actually present, so it is idempotent.
     */
    private static void migrate(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (Timeframe tf : Timeframe.values()) {
                if (takerColumnsNotNull(c, tf.table())) {
                    nullableTakerColumns(s, tf.table());
                }
            }
            if (!columns(c, STATE_TABLE).contains(STATE_PRUNED_REV)) {
                s.execute("ALTER TABLE cf_state ADD COLUMN tombstones_pruned_rev INTEGER NOT NULL DEFAULT 0");
            }
            if (!columns(c, TOMBSTONE_TABLE).contains("deleted_at")) {
                s.execute("ALTER TABLE cf_tombstones ADD COLUMN deleted_at INTEGER NOT NULL DEFAULT 0");
            }
            if (!columns(c, ConfiguredMarketSchema.TABLE).contains(ConfiguredMarketSchema.KINDS)) {
                s.execute("ALTER TABLE configured_markets ADD COLUMN kinds TEXT");
            }
        }
    }

    private static boolean takerColumnsNotNull(Connection c, String table) throws SQLException {
        try (Statement s = c.createStatement(); var rs = s.executeQuery("PRAGMA main.table_info(" + table + ")")) {
            while (rs.next()) {
                if ("buy_volume".equals(rs.getString("name"))) {
                    return rs.getInt("notnull") == 1;
                }
            }
        }
        return false;
    }

    /** Rebuilds one candle table with nullable taker columns and nulls the zeros no trade ever filled. */
    private static void nullableTakerColumns(Statement s, String table) throws SQLException {
        String cols = String.join(", ", CANDLE_COLUMNS);
        s.execute(candleTable(table + "_v3"));
        s.execute("INSERT INTO " + table + "_v3 (" + cols + ") SELECT " + cols + " FROM " + table);
        s.execute("DROP TABLE " + table);
        s.execute("ALTER TABLE " + table + "_v3 RENAME TO " + table);
        s.execute("CREATE INDEX IF NOT EXISTS %s_rev ON %s(rev)".formatted(table, table));
        String exchanges = String.join("','", NO_TAKER_EXCHANGES);
        s.execute("UPDATE " + table + " SET buy_volume = NULL, sell_volume = NULL, delta = NULL, trade_count = NULL"
                + " WHERE substr(symbol, 1, instr(symbol, ':') - 1) IN ('" + exchanges + "')"
                + " AND clusters IS NULL AND buy_volume = 0 AND sell_volume = 0 AND trade_count = 0");
    }

    /** The columns {@code table} has in {@code main}, in table order (empty when there is no such table). */
    public static List<String> columns(Connection c, String table) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Statement s = c.createStatement(); var rs = s.executeQuery("PRAGMA main.table_info(" + table + ")")) {
            while (rs.next()) {
                names.add(rs.getString("name"));
            }
        }
        return names;
    }

    public static int userVersion(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); var rs = s.executeQuery("PRAGMA user_version")) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }
}
