package io.cryptoflow.collector.exchange.binance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cryptoflow.collector.exchange.MalformedTradeException;
import io.cryptoflow.collector.exchange.Prices;
import io.cryptoflow.collector.exchange.Trade;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BinanceArchiveTest {

    private static List<Trade> read(String csv) throws Exception {
        List<Trade> out = new ArrayList<>();
        BinanceArchive.readBinanceCsv(new ByteArrayInputStream(csv.getBytes(StandardCharsets.US_ASCII)), out::add);
        return out;
    }

    @Test
    void futuresRowsWithTheirHeaderAndSpotRowsInMicroseconds() throws Exception {
        assertThat(read("""
                agg_trade_id,price,quantity,first_trade_id,last_trade_id,transact_time,is_buyer_maker
                26129,0.01633102,4.70443515,27781,27781,1498793709153,true
                26130,0.0163,0.5,27782,27783,1498793709154,false
                """)).containsExactly(
                new Trade(26129, Prices.parse("0.01633102"), 4.70443515, false, 1498793709153L),
                new Trade(26130, Prices.parse("0.0163"), 0.5, true, 1498793709154L));
        assertThat(read("7,64000.5,0.001,9,9,1735689600123456,True,True\r\n"))
                .containsExactly(new Trade(7, Prices.parse("64000.5"), 0.001, false, 1735689600123L));
    }

    @Test
    void aMalformedRowNamesItsLine() {
        assertThatThrownBy(() -> read("1,2,3,4,5,1498793709153,true\n2,2,3,4,5,1498793709153\n"))
                .isInstanceOf(MalformedTradeException.class).hasMessageStartingWith("line 2: expected 7 or 8 columns, got 6");
        assertThatThrownBy(() -> read("1,2,3,4,5,1498793709153,maybe\n"))
                .isInstanceOf(MalformedTradeException.class).hasMessageContaining("line 1: is_buyer_maker must be true/false, got 'maybe'");
        assertThatThrownBy(() -> read("1,2,x,4,5,1498793709153,true\n"))
                .isInstanceOf(MalformedTradeException.class).hasMessageStartingWith("line 1: ");
        assertThatThrownBy(() -> read("1,0,3,4,5,1498793709153,true\n"))
                .isInstanceOf(MalformedTradeException.class).hasMessage("line 1: price and quantity must be > 0");
    }
}
