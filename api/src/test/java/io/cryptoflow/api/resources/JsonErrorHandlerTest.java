package io.cryptoflow.api.resources;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JsonErrorHandlerTest {

    @Test
    void aRequestJettyCouldNotParseSaysWhatAValidOneLooksLike() {
        assertThat(JsonErrorHandler.text(400, "Bad Request")).startsWith("Bad Request: ").contains("% before two hex digits")
                .contains("/api/candles?exchange=binance&symbol=btcusdt&tf=15");
        assertThat(JsonErrorHandler.text(400, null)).startsWith("Bad Request: ");
    }

    @Test
    void headersTooLargeAndOtherCodesKeepJettysReason() {
        assertThat(JsonErrorHandler.text(431, null)).startsWith("Request Header Fields Too Large: ").contains("fewer or shorter");
        assertThat(JsonErrorHandler.text(414, "URI Too Long")).isEqualTo("URI Too Long");
    }
}
