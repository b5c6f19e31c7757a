package io.cryptoflow.api.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cryptoflow.api.resources.TradeBody;
import io.cryptoflow.api.db.ApiDatabase;
import io.cryptoflow.api.support.ApiDbFixture;
import io.cryptoflow.api.support.TradeFixture;
import io.cryptoflow.common.TradePartition;
import io.dropwizard.db.ManagedDataSource;
import io.dropwizard.db.ManagedPooledDataSource;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /api/trades}' reading on a real api.db: cursor paging at shared milliseconds, window, formats. */
class TradeReaderTest {

    private static final TradePartition DAY1 = new TradePartition("BINANCE", LocalDate.of(2026, 12, 1));
    private static final TradePartition DAY2 = new TradePartition("BINANCE", LocalDate.of(2026, 12, 2));
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private ManagedDataSource pool;
    private ApiDbFixture fixture;
    private TradeReader reader;
    /** Every stored BTCUSDT trade in (time, id) order: "time-id". */
    private final List<String> tape = new ArrayList<>();

    @BeforeEach
    void open() throws Exception {
        fixture = ApiDbFixture.create(dir.resolve("api.db")).replica(3, 0, 0, "incremental");
        List<TradeFixture.Row> day1 = new ArrayList<>();
        List<TradeFixture.Row> day2 = new ArrayList<>();
        long id = 100;
        // bursts: up to 4 trades share a millisecond, ids increasing; the last ms of day 1 and the first of day 2 too
        for (int i = 0; i < 60; i++) {
            long t = (i < 30 ? DAY1.dayEnd() - 1_000 + (i / 4) * 100 : DAY2.dayStart() + (i / 4) * 7);
            if (i == 28 || i == 29) {
                t = DAY1.dayEnd() - 1;
            }
            TradeFixture.Row r = new TradeFixture.Row("BTCUSDT", id++, t, 97_000.5 + i * 0.1, 0.001 * (i + 1), i % 3 == 0);
            (i < 30 ? day1 : day2).add(r);
        }
        day1.add(new TradeFixture.Row("ETHUSDT", 1, DAY1.dayStart() + 5, 3_000.25, 1.5, false));
        // stored out of order: the index gives the order, not the insertion
        List<TradeFixture.Row> reversed = new ArrayList<>(day1);
        java.util.Collections.reverse(reversed);
        TradeFixture.write(fixture.connection(), DAY1, 1, reversed);
        TradeFixture.write(fixture.connection(), DAY2, 2, day2);
        for (TradeFixture.Row r : day1) {
            if (r.symbol().equals("BTCUSDT")) {
                tape.add(r.time() + "-" + r.id());
            }
        }
        day2.forEach(r -> tape.add(r.time() + "-" + r.id()));
        tape.sort((a, b) -> {
            String[] x = a.split("-");
            String[] y = b.split("-");
            int c = Long.compare(Long.parseLong(x[0]), Long.parseLong(y[0]));
            return c != 0 ? c : Long.compare(Long.parseLong(x[1]), Long.parseLong(y[1]));
        });
        try (var s = fixture.connection().createStatement()) {
            s.execute("INSERT INTO trade_gaps VALUES ('BINANCE', 'BTCUSDT', " + (DAY2.dayStart() + 10) + ", "
                    + (DAY2.dayStart() + 20) + ", 0, 2), ('BINANCE', 'BTCUSDT', " + (DAY2.dayStart() + 30) + ", "
                    + (DAY2.dayStart() + 40) + ", 1, 2)");
        }
        pool = ApiDbFixture.readPool(dir.resolve("api.db"), 2, "trade-reader-test");
        ApiDatabase db = new ApiDatabase(dir.resolve("api.db"), ApiDbFixture.jdbi(pool), ((ManagedPooledDataSource) pool)::purge);
        reader = new TradeReader(db, new EmptyAnswers(db, java.time.Clock.systemUTC()));
    }

    @AfterEach
    void close() throws Exception {
        pool.stop();
        fixture.close();
    }

    private JsonNode page(String from, String to, String limit, String cursor, boolean gzip) throws Exception {
        TradeQuery q = TradeQuery.of("binance", "btcusdt", from, to, limit, cursor, null, DAY2.dayEnd());
        TradeReader.Plan plan = reader.plan(q);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        reader.stream(plan, TradeBody.open(out, gzip, plan));
        byte[] body = out.toByteArray();
        if (gzip) {
            body = new GZIPInputStream(new ByteArrayInputStream(body)).readAllBytes();
        }
        return JSON.readTree(body);
    }

    @Test
    void pagesOfAnySizeJoinToTheWholeTapeWithoutSkipOrRepeatAtSharedMilliseconds() throws Exception {
        for (int limit : new int[] {1, 2, 3, 5, 7, 1000}) {
            List<String> got = new ArrayList<>();
            String cursor = null;
            for (int guard = 0; guard < 200; guard++) {
                JsonNode p = page(null, null, Integer.toString(limit), cursor, limit == 3);
                for (JsonNode t : p.get("trades")) {
                    got.add(t.get(0).asLong() + "-" + t.get(1).asLong());
                }
                if (p.get("next").isNull()) {
                    break;
                }
                cursor = p.get("next").asText();
            }
            assertThat(got).as("limit " + limit).containsExactlyElementsOf(tape);
        }
    }

    @Test
    void aJsonPageCarriesWindowSidesAndPlainNumbers() throws Exception {
        JsonNode p = page(Long.toString(DAY1.dayEnd() - 1), Long.toString(DAY1.dayEnd() - 1), null, null, false);
        assertThat(p.get("window").get("from").asLong()).isEqualTo(DAY1.dayStart());
        assertThat(p.get("window").get("to").asLong()).isEqualTo(DAY2.dayEnd());
        assertThat(p.get("trades")).hasSize(2); // the i == 28 burst member and i == 29 share the last ms
        JsonNode last = p.get("trades").get(1);
        assertThat(last.get(1).asLong()).isEqualTo(129);
        assertThat(last.get(2).toString()).isEqualTo("97003.4");
        assertThat(last.get(4).asText()).isEqualTo("buy");
        assertThat(p.get("missing")).isEmpty();
    }

    @Test
    void csvHasAHeaderAndOneRowPerTrade() throws Exception {
        TradeQuery q = TradeQuery.of("binance", "btcusdt", null, null, "4", null, "csv", DAY2.dayEnd());
        TradeReader.Plan plan = reader.plan(q);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        reader.stream(plan, TradeBody.open(out, false, plan));
        String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(lines[0]).isEqualTo(TradeBody.COLUMNS);
        assertThat(lines).hasSize(5);
        assertThat(lines[1]).isEqualTo(tape.get(0).replace('-', ',') + ",97000.5,0.001,sell");
    }

    @Test
    void aRangeOutsideTheWindowStatesTheWindowAndThePartBeforeItIsMissing() throws Exception {
        assertThatThrownBy(() -> reader.plan(TradeQuery.of("binance", "btcusdt", "0", "1000", null, null, null, DAY2.dayEnd())))
                .isInstanceOfSatisfying(TradeWindowException.class, e -> {
                    assertThat(e.windowFrom()).isEqualTo(DAY1.dayStart());
                    assertThat(e.windowTo()).isEqualTo(DAY2.dayEnd());
                });
        assertThatThrownBy(() -> reader.plan(TradeQuery.of("binance", "xrpusdt", null, null, null, null, null, DAY2.dayEnd())))
                .as("nobody configured it, nothing stored").isInstanceOf(UnknownSymbolException.class)
                .hasMessageContaining("BINANCE:XRPUSDT").hasMessageContaining("symbol and exchange parameters");
        JsonNode p = page("1000", null, "1", null, false);
        assertThat(p.get("missing").get(0).get("to").asLong()).isEqualTo(DAY1.dayStart());
    }

    @Test
    void aRecordedGapNotFilledYetIsInTheAnswer() throws Exception {
        JsonNode p = page(Long.toString(DAY2.dayStart()), null, "1", null, false);
        assertThat(p.get("missing")).hasSize(1);
        assertThat(p.get("missing").get(0).get("from").asLong()).isEqualTo(DAY2.dayStart() + 10);
        assertThat(p.get("missing").get(0).get("to").asLong()).isEqualTo(DAY2.dayStart() + 20);
        assertThat(page(Long.toString(DAY2.dayStart() + 21), null, "1", null, false).get("missing")).isEmpty();
    }

    @Test
    void badInputNamesTheParameter() {
        assertThatThrownBy(() -> TradeQuery.of("binance", "btcusdt", "5", "4", null, null, null, 0))
                .isInstanceOfSatisfying(BadParameterException.class, e -> assertThat(e.parameter()).isEqualTo("from"));
        for (String bad : new String[] {"x", "1-", "-1", "1-2-3", "12-x"}) {
            assertThatThrownBy(() -> TradeQuery.of("binance", "btcusdt", null, null, null, bad, null, 0))
                    .isInstanceOfSatisfying(BadParameterException.class, e -> assertThat(e.parameter()).isEqualTo("cursor"));
        }
        assertThatThrownBy(() -> TradeQuery.of("binance", "btcusdt", null, null, null, null, "xml", 0))
                .isInstanceOfSatisfying(BadParameterException.class, e -> assertThat(e.parameter()).isEqualTo("format"));
        assertThatThrownBy(() -> TradeQuery.of("binance", "btcusdt", null, null, "0", null, null, 0))
                .isInstanceOfSatisfying(BadParameterException.class, e -> assertThat(e.parameter()).isEqualTo("limit"));
    }
}
