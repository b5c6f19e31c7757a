package io.cryptoflow.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cryptoflow.simulator.faults.Fault;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ArchivesIT {

    static final Instant NOW = Instant.parse("2025-03-05T06:00:00Z");
    static ExchangeSimulator sim;

    @BeforeAll
    static void start() {
        sim = ExchangeSimulator.builder().clock(new ManualClock(NOW)).enforceRateLimits(false)
                .listedSince("SOLUSDT", Instant.parse("2025-01-10T00:00:00Z").toEpochMilli()).start();
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    static byte[] get(String path) throws Exception {
        HttpResponse<byte[]> response = SimHttp.getBytes(sim.baseUrl() + path);
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        return response.body();
    }

    static List<String> unzipSingleCsv(byte[] zip, String expectedName) throws Exception {
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            ZipEntry entry = in.getNextEntry();
            assertThat(entry.getName()).isEqualTo(expectedName);
            List<String> lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII)).lines().toList();
            assertThat(in.getNextEntry()).isNull();
            return lines;
        }
    }

    static long dayStart(String date) {
        return LocalDate.parse(date).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    }

    @Test
    void futuresZipHasAHeaderMatchesItsChecksumAndHoldsTheDaysAggTrades() throws Exception {
        String dir = "/data/futures/um/daily/aggTrades/BTCUSDT/";
        byte[] zip = get(dir + "BTCUSDT-aggTrades-2025-03-01.zip");
        String checksum = new String(get(dir + "BTCUSDT-aggTrades-2025-03-01.zip.CHECKSUM"), StandardCharsets.US_ASCII);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(zip));
        assertThat(checksum).isEqualTo(sha + "  BTCUSDT-aggTrades-2025-03-01.zip\n");

        List<String> lines = unzipSingleCsv(zip, "BTCUSDT-aggTrades-2025-03-01.csv");
        assertThat(lines.get(0)).isEqualTo("agg_trade_id,price,quantity,first_trade_id,last_trade_id,transact_time,is_buyer_maker");
        assertThat(lines).hasSize(1 + 1440 * 4);
        JsonNode rest = SimHttp.json(sim.baseUrl() + "/fapi/v1/aggTrades?symbol=BTCUSDT&limit=3&startTime="
                + dayStart("2025-03-01") + "&endTime=" + (dayStart("2025-03-01") + 3_599_999));
        for (int i = 0; i < 3; i++) {
            JsonNode t = rest.get(i);
            assertThat(lines.get(i + 1)).isEqualTo(t.get("a").asLong() + "," + t.get("p").asText() + "," + t.get("q").asText()
                    + "," + t.get("f").asLong() + "," + t.get("l").asLong() + "," + t.get("T").asLong() + "," + t.get("m").asBoolean());
        }
        BigDecimal volume = lines.stream().skip(1).map(l -> new BigDecimal(l.split(",")[2])).reduce(BigDecimal.ZERO, BigDecimal::add);
        JsonNode daily = SimHttp.json(sim.baseUrl() + "/fapi/v1/klines?symbol=BTCUSDT&interval=1d&limit=1&startTime="
                + dayStart("2025-03-01")).get(0);
        assertThat(new BigDecimal(daily.get(5).asText())).isEqualByComparingTo(volume);
    }

    @Test
    void olderFuturesFilesHaveNoHeaderRow() throws Exception {
        List<String> lines = unzipSingleCsv(get("/data/futures/um/daily/aggTrades/ETHUSDT/ETHUSDT-aggTrades-2021-06-01.zip"),
                "ETHUSDT-aggTrades-2021-06-01.csv");
        assertThat(lines.get(0)).matches("\\d+,[0-9.]+,[0-9.]+,\\d+,\\d+,\\d{13},(true|false)");
    }

    @Test
    void spotFilesHaveEightColumnsNoHeaderAndMicrosecondsFrom2025() throws Exception {
        List<String> y2024 = unzipSingleCsv(get("/data/spot/daily/aggTrades/BTCUSDT/BTCUSDT-aggTrades-2024-12-31.zip"),
                "BTCUSDT-aggTrades-2024-12-31.csv");
        assertThat(y2024.get(0).split(",")).hasSize(8);
        assertThat(y2024.get(0).split(",")[5]).hasSize(13);
        List<String> y2025 = unzipSingleCsv(get("/data/spot/daily/aggTrades/BTCUSDT/BTCUSDT-aggTrades-2025-01-01.zip"),
                "BTCUSDT-aggTrades-2025-01-01.csv");
        String[] first = y2025.get(0).split(",");
        assertThat(first).hasSize(8);
        assertThat(first[5]).hasSize(16);
        assertThat(Long.parseLong(first[5]) / 1000).isBetween(dayStart("2025-01-01"), dayStart("2025-01-02"));
        assertThat(first[6]).isIn("True", "False");
        assertThat(first[1]).matches("\\d+\\.\\d{8}");
    }

    @Test
    void bybitTradingFileIsGzipCsvNewestFirstSummingToTheDailyKline() throws Exception {
        byte[] gz = get("/trading/ETHUSDT/ETHUSDT2025-03-02.csv.gz");
        List<String> lines;
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII)).lines().toList();
        }
        assertThat(lines.get(0)).startsWith("timestamp,symbol,side,size,price,");
        String[] newest = lines.get(1).split(",");
        String[] oldest = lines.get(lines.size() - 1).split(",");
        assertThat(new BigDecimal(newest[0])).isGreaterThan(new BigDecimal(oldest[0]));
        assertThat(newest[2]).isIn("Buy", "Sell");
        BigDecimal size = lines.stream().skip(1).map(l -> new BigDecimal(l.split(",")[3])).reduce(BigDecimal.ZERO, BigDecimal::add);
        JsonNode daily = SimHttp.json(sim.baseUrl() + "/v5/market/kline?category=linear&symbol=ETHUSDT&interval=D&start="
                + dayStart("2025-03-02") + "&end=" + dayStart("2025-03-02")).at("/result/list/0");
        assertThat(new BigDecimal(daily.get(5).asText())).isEqualByComparingTo(size);
    }

    @Test
    void unpublishedDaysUnlistedDaysAndUnknownSymbolsAre404() throws Exception {
        for (String path : List.of("/data/futures/um/daily/aggTrades/BTCUSDT/BTCUSDT-aggTrades-2025-03-05.zip",
                "/data/futures/um/daily/aggTrades/SOLUSDT/SOLUSDT-aggTrades-2025-01-09.zip",
                "/data/spot/daily/aggTrades/DOGEUSDT/DOGEUSDT-aggTrades-2025-01-09.zip",
                "/trading/BTCUSDT/BTCUSDT2025-03-05.csv.gz")) {
            assertThat(SimHttp.getBytes(sim.baseUrl() + path).statusCode()).as(path).isEqualTo(404);
        }
        assertThat(SimHttp.getBytes(sim.baseUrl() + "/data/futures/um/daily/aggTrades/SOLUSDT/SOLUSDT-aggTrades-2025-01-10.zip")
                .statusCode()).isEqualTo(200);
    }

    @Test
    void corruptBodyFaultMakesTheZipFailItsChecksum() throws Exception {
        String zipPath = "/data/futures/um/daily/aggTrades/BNBUSDT/BNBUSDT-aggTrades-2025-02-01.zip";
        sim.faults().enqueue(zipPath, Fault.corruptBody());
        byte[] corrupt = get(zipPath);
        String checksum = new String(get(zipPath + ".CHECKSUM"), StandardCharsets.US_ASCII).split(" ")[0];
        assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(corrupt))).isNotEqualTo(checksum);
        assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(get(zipPath)))).isEqualTo(checksum);
    }
}
