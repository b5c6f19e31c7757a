package io.cryptoflow.simulator.archive;

import io.cryptoflow.simulator.http.Route;
import io.cryptoflow.simulator.http.SimRequest;
import io.cryptoflow.simulator.http.SimResponse;
import io.cryptoflow.simulator.market.DerivativesSeries;
import io.cryptoflow.simulator.market.MarketData;
import io.cryptoflow.simulator.market.SimTrade;
import io.cryptoflow.simulator.market.TradeTape;
import io.cryptoflow.simulator.market.Venue;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Public trade archives: Binance (data.binance.vision) daily aggTrades zips with their
 * {@code .CHECKSUM} siblings for USD-M futures and spot, and Bybit's daily {@code csv.gz} trade files
 * for linear ({@code /trading/SYM/SYMYYYY-MM-DD.csv.gz}) and spot ({@code /spot/SYM/SYM_YYYY-MM-DD.csv.gz};
 * layout as read by public Bybit-spot archive loaders, e.g. the "BybitSpotSource" dump reader found with
 * the search tool: header {@code id,timestamp,price,volume,side}, timestamp in ms).
 * When a day's file appears, whether it ever does and what it holds follow the {@link ArchiveSchedule};
 * before that, for a day never published, and before listing: 404 NoSuchKey.
 */
public final class ArchiveRoutes implements Route {

    private static final Pattern BINANCE = Pattern.compile(
            "/data/(futures/um|spot)/daily/aggTrades/([A-Z0-9]+)/\\2-aggTrades-(\\d{4}-\\d{2}-\\d{2})\\.zip(\\.CHECKSUM)?");
    /** USD-M daily metrics (open interest every 5 minutes): futures only, spot has none. */
    private static final Pattern METRICS = Pattern.compile(
            "/data/futures/um/daily/metrics/([A-Z0-9]+)/\\1-metrics-(\\d{4}-\\d{2}-\\d{2})\\.zip(\\.CHECKSUM)?");
    private static final Pattern BYBIT = Pattern.compile("/trading/([A-Z0-9]+)/\\1(\\d{4}-\\d{2}-\\d{2})\\.csv\\.gz");
    /** Bybit spot: {@code /spot/SYM/SYM_YYYY-MM-DD.csv.gz}, another name and layout than linear's. */
    private static final Pattern BYBIT_SPOT = Pattern.compile("/spot/([A-Z0-9]+)/\\1_(\\d{4}-\\d{2}-\\d{2})\\.csv\\.gz");

    private final MarketData data;
    private final ArchiveSchedule schedule;
    private final LocalDate futuresHeaderSince;
    private final Map<String, byte[]> recent = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, byte[]> eldest) {
            return size() > 8;
        }
    };

    public ArchiveRoutes(MarketData data, ArchiveSchedule schedule, LocalDate futuresHeaderSince) {
        this.data = data;
        this.schedule = schedule;
        this.futuresHeaderSince = futuresHeaderSince;
    }

    @Override
    public boolean matches(String path) {
        return path.startsWith("/data/") || path.startsWith("/trading/") || path.startsWith("/spot/");
    }

    @Override
    public SimResponse handle(SimRequest request) {
        Matcher binance = BINANCE.matcher(request.path());
        if (binance.matches()) {
            boolean spot = binance.group(1).equals("spot");
            return binanceFile(spot ? Venue.BINANCE_SPOT : Venue.BINANCE_FUTURES, binance.group(2), binance.group(3),
                    binance.group(4) != null, request.path());
        }
        Matcher metrics = METRICS.matcher(request.path());
        if (metrics.matches()) {
            return metricsFile(metrics.group(1), metrics.group(2), metrics.group(3) != null, request.path());
        }
        Matcher bybit = BYBIT.matcher(request.path());
        if (bybit.matches()) {
            return bybitFile(bybit.group(1), bybit.group(2), request.path());
        }
        Matcher bybitSpot = BYBIT_SPOT.matcher(request.path());
        if (bybitSpot.matches()) {
            TradeTape tape = data.tape(Venue.BYBIT_SPOT, bybitSpot.group(1)).orElse(null);
            LocalDate day = publishedDay(Venue.BYBIT_SPOT, tape, bybitSpot.group(2));
            if (day == null) {
                return noSuchKey(request.path());
            }
            byte[] gz = cached(request.path(), () -> ArchiveFiles.bybitSpotCsvGz(rows(Venue.BYBIT_SPOT, tape, day), tape));
            return SimResponse.bytes(200, "application/gzip", gz);
        }
        return noSuchKey(request.path());
    }

    private SimResponse binanceFile(Venue venue, String symbol, String date, boolean checksum, String path) {
        TradeTape tape = data.tape(venue, symbol).orElse(null);
        LocalDate day = publishedDay(venue, tape, date);
        if (day == null) {
            return noSuchKey(path);
        }
        String zipName = symbol + "-aggTrades-" + date + ".zip";
        byte[] zip = cached(path.replace(".CHECKSUM", ""), () -> {
            boolean spot = venue == Venue.BINANCE_SPOT;
            return ArchiveFiles.binanceZip(rows(venue, tape, day), tape.spec(),
                    symbol + "-aggTrades-" + date + ".csv", spot, !spot && !day.isBefore(futuresHeaderSince),
                    spot && !day.isBefore(ArchiveFiles.SPOT_MICROS_SINCE));
        });
        if (checksum) {
            return SimResponse.bytes(200, "application/octet-stream",
                    (ArchiveFiles.sha256(zip) + "  " + zipName + "\n").getBytes(StandardCharsets.US_ASCII));
        }
        return SimResponse.bytes(200, "application/zip", zip);
    }

    private SimResponse metricsFile(String symbol, String date, boolean checksum, String path) {
        TradeTape tape = data.tape(Venue.BINANCE_FUTURES, symbol).orElse(null);
        LocalDate day = publishedDay(Venue.BINANCE_FUTURES, tape, date);
        if (day == null) {
            return noSuchKey(path);
        }
        String zipName = symbol + "-metrics-" + date + ".zip";
        byte[] zip = cached(path.replace(".CHECKSUM", ""),
                () -> MetricsFile.zip(new DerivativesSeries(tape), day, symbol + "-metrics-" + date + ".csv"));
        if (checksum) {
            return SimResponse.bytes(200, "application/octet-stream",
                    (ArchiveFiles.sha256(zip) + "  " + zipName + "\n").getBytes(StandardCharsets.US_ASCII));
        }
        return SimResponse.bytes(200, "application/zip", zip);
    }

    private SimResponse bybitFile(String symbol, String date, String path) {
        TradeTape tape = data.tape(Venue.BYBIT_LINEAR, symbol).orElse(null);
        LocalDate day = publishedDay(Venue.BYBIT_LINEAR, tape, date);
        if (day == null) {
            return noSuchKey(path);
        }
        byte[] gz = cached(path, () -> ArchiveFiles.bybitCsvGz(rows(Venue.BYBIT_LINEAR, tape, day), tape));
        return SimResponse.bytes(200, "application/gzip", gz);
    }

    private List<SimTrade> rows(Venue venue, TradeTape tape, LocalDate day) {
        return schedule.rowsOf(venue, day, ArchiveFiles.tradesOfDay(data, tape, day));
    }

    private LocalDate publishedDay(Venue venue, TradeTape tape, String date) {
        if (tape == null) {
            return null;
        }
        LocalDate day;
        try {
            day = LocalDate.parse(date);
        } catch (DateTimeParseException e) {
            return null;
        }
        long start = day.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        long end = start + 86_400_000L;
        if (!schedule.published(venue, day, data.now()) || end <= tape.listedSinceMs()) {
            return null;
        }
        return day;
    }

    private byte[] cached(String key, java.util.function.Supplier<byte[]> build) {
        synchronized (recent) {
            byte[] hit = recent.get(key);
            if (hit != null) {
                return hit;
            }
        }
        byte[] built = build.get();
        synchronized (recent) {
            recent.put(key, built);
        }
        return built;
    }

    private static SimResponse noSuchKey(String path) {
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>NoSuchKey</Code>"
                + "<Message>The specified key does not exist.</Message><Key>" + path.replaceAll("[<>&]", "")
                + "</Key></Error>";
        return SimResponse.bytes(404, "application/xml", xml.getBytes(StandardCharsets.UTF_8));
    }
}
