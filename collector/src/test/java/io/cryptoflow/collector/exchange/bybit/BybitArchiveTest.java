package io.cryptoflow.collector.exchange.bybit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cryptoflow.collector.exchange.JsonTrades;
import io.cryptoflow.collector.exchange.MalformedTradeException;
import io.cryptoflow.collector.exchange.Prices;
import io.cryptoflow.collector.exchange.Trade;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BybitArchiveTest {

    @TempDir
    Path dir;

    private Path gz(String csv) throws IOException {
        Path file = dir.resolve("day.csv.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(csv.getBytes(StandardCharsets.US_ASCII));
        }
        return file;
    }

    @Test
    void linearRowsAreTimedInSecondsAndIdentifiedByTheirMatchId() throws Exception {
        List<Trade> out = new ArrayList<>();
        BybitArchive.readBybitCsvGz(gz("""
                timestamp,symbol,side,size,price,tickDirection,trdMatchID,grossValue,homeNotional,foreignNotional
                1671580800.4855,BTCUSDT,Buy,0.001,16830.5,PlusTick,3d2b5ca2-8e1b-5b5e-9a5f-0c7a1f4b2e11,1683050000,0.001,16.8305
                1671580801,BTCUSDT,Sell,2,16830,MinusTick,4e3c6db3-9f2c-6c6f-ab60-1d8b2a5c3f22,3366000000000,2,33660
                """), out::add);
        assertThat(out).containsExactly(
                new Trade(JsonTrades.idOf("3d2b5ca2-8e1b-5b5e-9a5f-0c7a1f4b2e11"), Prices.parse("16830.5"), 0.001, true,
                        1_671_580_800_485L),
                new Trade(JsonTrades.idOf("4e3c6db3-9f2c-6c6f-ab60-1d8b2a5c3f22"), Prices.parse("16830"), 2, false,
                        1_671_580_801_000L));
    }

    @Test
    void spotRowsAndTheirErrors() throws Exception {
        List<Trade> out = new ArrayList<>();
        new BybitSpotArchive().read(gz("id,timestamp,price,volume,side,rpi\n9,1735689600123,0.52,100,sell,0\n"), out::add);
        assertThat(out).containsExactly(new Trade(9, Prices.parse("0.52"), 100, false, 1_735_689_600_123L));

        assertThatThrownBy(() -> new BybitSpotArchive().read(gz("id,timestamp,price,volume,side\n9,1,0.5,1,hold\n"), t -> { }))
                .isInstanceOf(MalformedTradeException.class).hasMessageContaining("line 2: side must be buy or sell, got 'hold'");
        assertThatThrownBy(() -> new BybitSpotArchive().read(gz("ts,price\n"), t -> { }))
                .isInstanceOf(MalformedTradeException.class).hasMessageContaining("expected the header 'id,timestamp,price,volume,side'");
        assertThatThrownBy(() -> BybitArchive.readBybitCsvGz(gz("timestamp,symbol\n1,BTCUSDT,Buy\n"), t -> { }))
                .isInstanceOf(MalformedTradeException.class).hasMessageStartingWith("line 2: expected at least 7 columns");
    }
}
