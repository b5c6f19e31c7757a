package io.cryptoflow.collector.cli;

import com.codahale.metrics.MetricRegistry;
import io.cryptoflow.collector.CollectorConfiguration;
import io.cryptoflow.collector.store.CandleBatch;
import io.cryptoflow.collector.store.SqliteCandleWriter;
import io.cryptoflow.collector.store.WriteMode;
import io.cryptoflow.common.Candle;
import io.cryptoflow.common.CandleSchema;
import io.cryptoflow.common.MarketSymbol;
import io.cryptoflow.common.SqliteConnections;
import io.cryptoflow.common.Timeframe;
import io.dropwizard.core.cli.ConfiguredCommand;
import io.dropwizard.core.setup.Bootstrap;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar collector.jar import-legacy <old cryptoflow.db> [config.yml]}: copies the old
 * tool's {@code candles_15/60/240/1440} into collector.db. The old file is opened read-only.
 * Rows already in collector.db are kept (skipped), so running it again writes nothing. Each
 * symbol's newest old row is imported as still forming, so the collector re-fetches its final
 * values. Best run while the collector service is stopped (it then is the only writer).
 */
public class ImportLegacyCommand extends ConfiguredCommand<CollectorConfiguration> {

    private static final Logger LOG = LoggerFactory.getLogger(ImportLegacyCommand.class);
    private static final int BATCH = 2000;

    public ImportLegacyCommand() {
        super("import-legacy", "Copies candles from the old tool's SQLite database into collector.db");
    }

    @Override
    public void configure(Subparser subparser) {
        subparser.addArgument("legacy").required(true).help("path to the old tool's database (opened read-only)");
        super.configure(subparser);
    }

    @Override
    protected void run(Bootstrap<CollectorConfiguration> bootstrap, Namespace namespace,
                       CollectorConfiguration config) throws Exception {
        Path legacy = Path.of(namespace.getString("legacy"));
        Report report = importInto(legacy, config.collectorDb());
        System.out.println(report.summary());
    }

    /** Counts per run: rows read from the old file, inserted, skipped as already stored, rejected as invalid. */
    public record Report(long read, long written, long skipped, long rejected) {
        String summary() {
            return "import-legacy: read %d, written %d, skipped %d (already stored), rejected %d (invalid)"
                    .formatted(read, written, skipped, rejected);
        }
    }

    public static Report importInto(Path legacy, Path collectorDb) throws Exception {
        if (!Files.isRegularFile(legacy)) {
            throw new IllegalArgumentException("legacy database not found: " + legacy);
        }
        SqliteCandleWriter writer = new SqliteCandleWriter(collectorDb, 4, new MetricRegistry());
        writer.start();
        long read = 0;
        long written = 0;
        long rejected = 0;
        try (Connection old = SqliteConnections.openReadOnly(legacy)) {
            for (Timeframe tf : Timeframe.values()) {
                if (!tableExists(old, tf.table())) {
                    continue;
                }
                long[] counts = importTable(old, tf, writer);
                read += counts[0];
                written += counts[1];
                rejected += counts[2];
                LOG.info("{}: read {}, written {}, rejected {}", tf.table(), counts[0], counts[1], counts[2]);
            }
        } finally {
            writer.stop();
        }
        return new Report(read, written, read - written - rejected, rejected);
    }

    private static boolean tableExists(Connection c, String table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static long[] importTable(Connection old, Timeframe tf, SqliteCandleWriter writer) throws Exception {
        Map<String, Long> newest = new HashMap<>();
        try (PreparedStatement ps = old.prepareStatement(
                "SELECT symbol, MAX(time) FROM " + tf.table() + " WHERE time % " + tf.millis() + " = 0 GROUP BY symbol");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                newest.put(rs.getString(1), rs.getLong(2));
            }
        }
        long read = 0;
        long written = 0;
        long rejected = 0;
        try (PreparedStatement ps = old.prepareStatement("SELECT symbol, time, open, high, low, close, volume, buy_volume,"
                + " sell_volume, delta, trade_count, clusters FROM " + tf.table() + " ORDER BY symbol, time")) {
            try (ResultSet rs = ps.executeQuery()) {
                String currentSymbol = null;
                MarketSymbol market = null;
                List<Candle> batch = new ArrayList<>(BATCH);
                while (rs.next()) {
                    read++;
                    String symbol = rs.getString(1);
                    if (!symbol.equals(currentSymbol)) {
                        written += flush(writer, market, tf, batch);
                        currentSymbol = symbol;
                        market = parse(symbol);
                    }
                    Candle c = market == null ? null : candle(rs, tf, newest.get(symbol),
                            CandleSchema.NO_TAKER_EXCHANGES.contains(market.exchange()));
                    if (c == null) {
                        rejected++;
                        continue;
                    }
                    batch.add(c);
                    if (batch.size() >= BATCH) {
                        written += flush(writer, market, tf, batch);
                    }
                    if (read % 100_000 == 0) {
                        LOG.info("{}: {} rows read", tf.table(), read);
                    }
                }
                written += flush(writer, market, tf, batch);
            }
        }
        return new long[] {read, written, rejected};
    }

    private static MarketSymbol parse(String stored) {
        try {
            MarketSymbol m = MarketSymbol.parseStored(stored);
            return MarketSymbol.of(m.exchange(), m.symbol());
        } catch (IllegalArgumentException e) {
            LOG.warn("skipping rows of malformed symbol {}", stored);
            return null;
        }
    }

    /**
     * @param noTakerMarket the old tool stored 0 taker volume and trade count for Bybit/Bitget klines it
     *                      had no trades for: those are not known and are imported as null
     */
    private static Candle candle(ResultSet rs, Timeframe tf, Long newestTime, boolean noTakerMarket) throws SQLException {
        long time = rs.getLong(2);
        double[] v = new double[9];
        for (int i = 0; i < 9; i++) {
            v[i] = rs.getDouble(3 + i);
        }
        for (double d : v) {
            if (!Double.isFinite(d)) {
                return null;
            }
        }
        if (!tf.isAligned(time)) {
            return null;
        }
        boolean closed = newestTime == null || time < newestTime;
        String clusters = LegacyClusters.convert(rs.getString(12));
        if (noTakerMarket && clusters == null && v[5] == 0 && v[6] == 0 && v[8] == 0) {
            return Candle.withoutTaker(time, v[0], v[1], v[2], v[3], v[4], closed);
        }
        return new Candle(time, v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], (long) v[8], clusters, closed);
    }

    private static int flush(SqliteCandleWriter writer, MarketSymbol market, Timeframe tf, List<Candle> batch)
            throws Exception {
        if (batch.isEmpty() || market == null) {
            batch.clear();
            return 0;
        }
        int inserted = writer.submitInsertOnly(new CandleBatch(market, tf, batch, WriteMode.KLINE)).get();
        batch.clear();
        return inserted;
    }
}
