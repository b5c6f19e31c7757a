package io.cryptoflow.api.resources;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The parameter a query the container could not decode is refused for. */
class QueryEncodingTest {

    @Test
    void namesTheFirstParameterWhoseValueDoesNotDecode() {
        assertThat(QueryEncoding.refused("symbol=%").parameter()).isEqualTo("symbol");
        assertThat(QueryEncoding.refused("exchange=binance&symbol=%zz&tf=15").parameter()).isEqualTo("symbol");
        assertThat(QueryEncoding.refused("symbol=btcusdt&tf=%F0%9F").parameter()).isEqualTo("tf");
        assertThat(QueryEncoding.refused("%zz=1").parameter()).isEqualTo("query");
        assertThat(QueryEncoding.refused(null).parameter()).isEqualTo("query");
        assertThat(QueryEncoding.refused("symbol=%").getMessage()).startsWith("symbol: ").contains("RFC 3986");
    }

    @Test
    void validEncodingDecodes() {
        assertThat(QueryEncoding.decodes("btc%2Dusdt")).isTrue();
        assertThat(QueryEncoding.decodes("a+b")).isTrue();
        assertThat(QueryEncoding.decodes("%E2%82%AC")).isTrue();
        assertThat(QueryEncoding.decodes("%E2%82")).isFalse();
        assertThat(QueryEncoding.decodes("%4")).isFalse();
    }
}
