package io.cryptoflow.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MarketSymbolTest {

    @Test
    void normalisesUserInputToTheStoredUpperCaseForm() {
        assertThat(MarketSymbol.tryOf("binance", " btcusdt ")).get()
                .extracting(MarketSymbol::stored).isEqualTo("BINANCE:BTCUSDT");
        assertThat(MarketSymbol.of("binance_spot", "ethusdt").stored()).isEqualTo("BINANCE_SPOT:ETHUSDT");
    }

    @Test
    void rejectsSqlFragmentsUnicodeAndSeparators() {
        assertThat(MarketSymbol.tryOf("binance", "BTC'; DROP TABLE candles_15;--")).isEmpty();
        assertThat(MarketSymbol.tryOf("binance", "BTC:USDT")).isEmpty();
        assertThat(MarketSymbol.tryOf("binänce", "BTCUSDT")).isEmpty();
        assertThat(MarketSymbol.tryOf("binance", "")).isEmpty();
        assertThat(MarketSymbol.tryOf(null, "BTCUSDT")).isEmpty();
    }

    @Test
    void parsesTheStoredForm() {
        assertThat(MarketSymbol.parseStored("BYBIT:SOLUSDT")).isEqualTo(new MarketSymbol("BYBIT", "SOLUSDT"));
        assertThatThrownBy(() -> MarketSymbol.parseStored("BTCUSDT")).isInstanceOf(IllegalArgumentException.class);
    }
}
