package io.cryptoflow.collector.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cryptoflow.collector.exchange.binance.BinanceTradeProtocol;
import io.cryptoflow.collector.exchange.bitget.BitgetTradeProtocol;
import io.cryptoflow.collector.exchange.bybit.BybitTradeProtocol;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The exchanges' real message shapes, and that a message with one bad trade is rejected whole. */
class TradeProtocolTest {

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void binanceMarksTheTakerAsBuyerWhenTheBuyerIsNotTheMaker() throws Exception {
        BinanceTradeProtocol p = BinanceTradeProtocol.futures();
        List<SymbolTrade> trades = p.parseMessage("{\"e\":\"aggTrade\",\"E\":1,\"s\":\"BTCUSDT\",\"a\":5,\"p\":\"97000.10\","
                + "\"q\":\"0.002\",\"f\":10,\"l\":11,\"T\":1767225600000,\"m\":false}");
        assertThat(trades).containsExactly(new SymbolTrade("BTCUSDT",
                new Trade(5, Prices.parse("97000.1"), 0.002, true, 1_767_225_600_000L)));
        assertThat(p.parseMessage("{\"result\":null,\"id\":1}")).isEmpty();
        assertThat(p.streamUri("wss://fstream.binance.com/market/", List.of("BTCUSDT", "ETHUSDT")).toString())
                .isEqualTo("wss://fstream.binance.com/market/stream?streams=btcusdt@aggTrade/ethusdt@aggTrade");
        assertThat(p.restTradesUri("https://fapi.binance.com", "btcusdt", 41, 0, 1000).toString())
                .isEqualTo("https://fapi.binance.com/fapi/v1/aggTrades?symbol=BTCUSDT&fromId=42&limit=1000");
        assertThat(BinanceTradeProtocol.spot().restTradesUri("https://api.binance.com", "ETHUSDT", 0, 0, 1000).getPath())
                .isEqualTo("/api/v3/aggTrades");
    }

    @Test
    void binanceRestPagesWithOneBadTradeOrAnErrorObjectAreRejectedWhole() {
        BinanceTradeProtocol p = BinanceTradeProtocol.futures();
        assertThatThrownBy(() -> p.parseRest(bytes("[{\"a\":1,\"p\":\"1\",\"q\":\"1\",\"T\":1,\"m\":true},"
                + "{\"a\":2,\"p\":\"1\",\"q\":\"1\",\"T\":1,\"m\":\"false\"}]")))
                .isInstanceOf(MalformedTradeException.class).hasMessageContaining("'m' must be a boolean");
        assertThatThrownBy(() -> p.parseRest(bytes("{\"code\":-1121,\"msg\":\"Invalid symbol.\"}")))
                .isInstanceOf(MalformedTradeException.class).hasMessageContaining("not an array");
        assertThatThrownBy(() -> p.parseRest(bytes("")))
                .isInstanceOf(MalformedTradeException.class);
        assertThatThrownBy(() -> p.parseRest(bytes("[{\"a\":1,\"p\":\"1\",\"q\":\"1\",\"m\":true}]")))
                .isInstanceOf(MalformedTradeException.class).hasMessageContaining("'T'");
    }

    @Test
    void bybitSidesComeFromSAndItsRestErrorsArriveWithHttp200() throws Exception {
        BybitTradeProtocol p = new BybitTradeProtocol();
        List<SymbolTrade> trades = p.parseMessage("{\"topic\":\"publicTrade.BTCUSDT\",\"type\":\"snapshot\",\"ts\":1,\"data\":["
                + "{\"T\":1,\"s\":\"BTCUSDT\",\"S\":\"Buy\",\"v\":\"0.5\",\"p\":\"97000\",\"L\":\"PlusTick\",\"i\":\"a-1\",\"BT\":false},"
                + "{\"T\":2,\"s\":\"BTCUSDT\",\"S\":\"Sell\",\"v\":\"0.25\",\"p\":\"96990\",\"L\":\"MinusTick\",\"i\":\"a-2\",\"BT\":false}]}");
        assertThat(trades).extracting(st -> st.trade().takerBuy()).containsExactly(true, false);
        assertThat(p.parseMessage("{\"success\":true,\"ret_msg\":\"pong\",\"op\":\"ping\"}")).isEmpty();
        assertThatThrownBy(() -> p.parseMessage("{\"topic\":\"publicTrade.BTCUSDT\",\"data\":["
                + "{\"T\":1,\"s\":\"BTCUSDT\",\"S\":\"Buy\",\"v\":\"0.5\",\"p\":\"97000\",\"i\":\"a\"},"
                + "{\"T\":2,\"s\":\"BTCUSDT\",\"S\":\"Hold\",\"v\":\"0.5\",\"p\":\"97000\",\"i\":\"b\"}]}"))
                .isInstanceOf(MalformedTradeException.class).hasMessageContaining("Buy or Sell");
        assertThatThrownBy(() -> p.parseRest(bytes("{\"retCode\":10006,\"retMsg\":\"Too many visits!\",\"result\":{}}")))
                .isInstanceOf(MalformedTradeException.class).hasMessageContaining("10006");
        List<Trade> rest = p.parseRest(bytes("{\"retCode\":0,\"retMsg\":\"OK\",\"result\":{\"category\":\"linear\",\"list\":["
                + "{\"execId\":\"x2\",\"symbol\":\"BTCUSDT\",\"price\":\"2\",\"size\":\"1\",\"side\":\"Sell\",\"time\":\"2000\"},"
                + "{\"execId\":\"x1\",\"symbol\":\"BTCUSDT\",\"price\":\"1\",\"size\":\"1\",\"side\":\"Buy\",\"time\":\"1000\"}]}}"));
        assertThat(rest).extracting(Trade::time).as("newest first on the wire, oldest first here").containsExactly(1000L, 2000L);
    }

    @Test
    void bitgetReadsTheTradeChannelAndRejectsErrorCodes() throws Exception {
        BitgetTradeProtocol p = new BitgetTradeProtocol();
        assertThat(p.parseMessage("pong")).isEmpty();
        assertThat(p.parseMessage("{\"event\":\"subscribe\",\"arg\":{\"instType\":\"USDT-FUTURES\",\"channel\":\"trade\",\"instId\":\"BTCUSDT\"}}"))
                .isEmpty();
        List<SymbolTrade> trades = p.parseMessage("{\"action\":\"update\",\"arg\":{\"instType\":\"USDT-FUTURES\",\"channel\":\"trade\","
                + "\"instId\":\"BTCUSDT\"},\"data\":[{\"ts\":\"1695716760565\",\"price\":\"27000.5\",\"size\":\"0.001\","
                + "\"side\":\"sell\",\"tradeId\":\"1111111111\"}],\"ts\":1695716761589}");
        assertThat(trades).containsExactly(new SymbolTrade("BTCUSDT",
                new Trade(1_111_111_111L, Prices.parse("27000.5"), 0.001, false, 1_695_716_760_565L)));
        assertThatThrownBy(() -> p.parseRest(bytes("{\"code\":\"40017\",\"msg\":\"Parameter verification failed\",\"data\":null}")))
                .isInstanceOf(MalformedTradeException.class).hasMessageContaining("40017");
        assertThat(p.ping()).contains("ping");
    }
}
