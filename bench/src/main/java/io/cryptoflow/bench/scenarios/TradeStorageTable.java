package io.cryptoflow.bench.scenarios;

import io.cryptoflow.bench.db.StorageFootprint;
import io.cryptoflow.bench.report.Fmt;
import io.cryptoflow.bench.report.ResultTable;
import java.nio.file.Path;
import java.sql.SQLException;

/**
 * Bytes per market-day of what issue 21 adds, measured on the files {@link TradesScenario} left:
 * SQLite's {@code dbstat} (every page of the table and its indexes) divided by the rows, times the
 * rows one market holds per day.
 */
final class TradeStorageTable {

    /** Binance USD-M pushes at most one liquidation per symbol per second: the most a market-day holds from it. */
    private static final long BINANCE_LIQUIDATIONS_PER_DAY_MAX = 86_400;

    private TradeStorageTable() {
    }

    /** {@code dayTrades}: the trades the API phase wrote into its one market-day partition. */
    static ResultTable measure(Path collectorDb, Path dir, long dayTrades) throws SQLException {
        ResultTable t = table("Bytes per market-day (rows + indexes, SQLite dbstat)");
        Path dayDb = dir.resolve("api-day").resolve("api.db");
        StorageFootprint.Usage trades = StorageFootprint.of(dayDb, "trades_binance_[0-9]*");
        // the partition also holds the other Binance symbols' archived trades of that day; bytes per row cover all
        row(t, "raw trades (one busy day, BINANCE:BTCUSDT)", "api.db", trades, dayTrades);
        row(t, "candles 1m (with footprints)", "collector.db", StorageFootprint.of(collectorDb, "candles_1"), 1440);
        row(t, "candles 5m (with footprints)", "collector.db", StorageFootprint.of(collectorDb, "candles_5"), 288);
        row(t, "candles 30m (with footprints)", "collector.db", StorageFootprint.of(collectorDb, "candles_30"), 48);
        row(t, "liquidation events (at Binance's cap, 1/s)", "collector.db",
                StorageFootprint.of(collectorDb, "liquidations_*_[0-9]*"), BINANCE_LIQUIDATIONS_PER_DAY_MAX);
        row(t, "open interest (5-min samples)", "collector.db", StorageFootprint.of(collectorDb, "open_interest"), 288);
        row(t, "funding (8-hourly)", "collector.db", StorageFootprint.of(collectorDb, "funding"), 3);
        t.note("bytes per row = pages of the table and its indexes (dbstat pgsize) ÷ its rows, over every market in the"
                + " file; candles hold the simulator's footprints (4 trades/min in history, 120/min + bursts live), so"
                + " their bytes per row depend on how many price levels a candle traded; raw trades: the day written by"
                + " the API phase, exactly one market-day");
        return t;
    }

    /** An empty bytes-per-market-day table (rows added with {@link #row}). */
    static ResultTable table(String title) {
        return new ResultTable(title, "data", "file", "rows measured", "bytes per row", "rows per market-day",
                "KB per market-day");
    }

    /** {@code u}'s bytes per row times the rows one market holds per day. */
    static void row(ResultTable t, String what, String file, StorageFootprint.Usage u, long rowsPerDay) {
        t.row(what, file, u.rows(), Fmt.num(u.bytesPerRow(), 1), rowsPerDay,
                u.rows() == 0 ? "n/a (no rows)" : Fmt.num(u.bytesPerRow() * rowsPerDay / 1024.0, 0));
    }
}
