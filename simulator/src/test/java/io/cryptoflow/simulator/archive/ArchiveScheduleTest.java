package io.cryptoflow.simulator.archive;

import static org.assertj.core.api.Assertions.assertThat;

import io.cryptoflow.simulator.ExchangeSimulator;
import io.cryptoflow.simulator.ManualClock;
import io.cryptoflow.simulator.http.SimRequest;
import io.cryptoflow.simulator.http.SimResponse;
import io.cryptoflow.simulator.market.MarketData;
import io.cryptoflow.simulator.market.SimTrade;
import io.cryptoflow.simulator.market.Venue;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;

/** Archive days published late, never, or truncated, as binance-public-data's issues report them. */
class ArchiveScheduleTest {

    static final LocalDate DAY = LocalDate.parse("2026-01-10");
    static final long DAY_END = Instant.parse("2026-01-11T00:00:00Z").toEpochMilli();
    static final long HOUR = 3_600_000L;

    @Test
    void aLateDayAppearsOnlyAfterItsOwnDelayAndAMissingDayNever() {
        ArchiveSchedule schedule = new ArchiveSchedule(Duration.ofHours(2))
                .late(Venue.BINANCE_FUTURES, DAY, Duration.ofDays(3))
                .missing(Venue.BINANCE_FUTURES, DAY.plusDays(1));
        assertThat(schedule.published(Venue.BINANCE_FUTURES, DAY.minusDays(1), DAY_END - 22 * HOUR)).isTrue();
        assertThat(schedule.published(Venue.BINANCE_FUTURES, DAY, DAY_END + 2 * HOUR)).isFalse();
        assertThat(schedule.published(Venue.BYBIT_LINEAR, DAY, DAY_END + 2 * HOUR)).isTrue();
        assertThat(schedule.published(Venue.BINANCE_FUTURES, DAY, DAY_END + 72 * HOUR)).isTrue();
        assertThat(schedule.published(Venue.BINANCE_FUTURES, DAY.plusDays(1), DAY_END + 365 * 24 * HOUR)).isFalse();
        schedule.delay(Venue.BYBIT_LINEAR, Duration.ofHours(30));
        assertThat(schedule.published(Venue.BYBIT_LINEAR, DAY, DAY_END + 2 * HOUR)).isFalse();
    }

    @Test
    void aTruncatedFileMissesRowsInTheMiddleOrAtTheEnd() throws Exception {
        ManualClock clock = new ManualClock(Instant.ofEpochMilli(DAY_END + 5 * HOUR));
        ExchangeSimulator sim = ExchangeSimulator.builder().clock(clock).symbols("BTCUSDT")
                .liveSince(Instant.ofEpochMilli(DAY_END + 4 * HOUR)).build();
        MarketData data = sim.marketData();
        ArchiveSchedule schedule = new ArchiveSchedule(Duration.ZERO)
                .truncated(Venue.BINANCE_FUTURES, DAY, ArchiveSchedule.Truncation.HOLE_IN_MIDDLE)
                .truncated(Venue.BINANCE_FUTURES, DAY.minusDays(1), ArchiveSchedule.Truncation.CUT_AT_END)
                .missing(Venue.BINANCE_FUTURES, DAY.minusDays(2));
        ArchiveRoutes routes = new ArchiveRoutes(data, schedule, LocalDate.of(2022, 1, 1));

        List<long[]> hole = rows(routes.handle(get(DAY)));
        List<SimTrade> tape = ArchiveFiles.tradesOfDay(data, data.tape(Venue.BINANCE_FUTURES, "BTCUSDT").orElseThrow(), DAY);
        assertThat(hole).hasSizeLessThan(tape.size());
        assertThat(hole.get(0)[0]).isEqualTo(tape.get(0).aggId());
        assertThat(hole.get(hole.size() - 1)[0]).isEqualTo(tape.get(tape.size() - 1).aggId());
        int jumps = 0;
        for (int i = 1; i < hole.size(); i++) {
            jumps += hole.get(i)[0] != hole.get(i - 1)[0] + 1 ? 1 : 0;
        }
        assertThat(jumps).as("agg ids jump once, inside the file").isEqualTo(1);

        List<long[]> cut = rows(routes.handle(get(DAY.minusDays(1))));
        assertThat(cut.get(cut.size() - 1)[1]).isLessThan(DAY_END - 86_400_000L - 6 * HOUR);

        assertThat(routes.handle(get(DAY.minusDays(2))).status()).isEqualTo(404);
    }

    private static SimRequest get(LocalDate day) {
        return new SimRequest(Instant.EPOCH, "/data/futures/um/daily/aggTrades/BTCUSDT/BTCUSDT-aggTrades-" + day + ".zip",
                "", Map.of());
    }

    /** {agg id, time} of every CSV row of a Binance futures zip (header skipped). */
    private static List<long[]> rows(SimResponse zip) throws Exception {
        assertThat(zip.status()).isEqualTo(200);
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip.body()))) {
            in.getNextEntry();
            List<long[]> rows = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
                if (!line.isEmpty() && Character.isDigit(line.charAt(0))) {
                    String[] f = line.split(",");
                    rows.add(new long[] {Long.parseLong(f[0]), Long.parseLong(f[5])});
                }
            }
            return rows;
        }
    }
}
