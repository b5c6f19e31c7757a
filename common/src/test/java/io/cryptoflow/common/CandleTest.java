package io.cryptoflow.common;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CandleTest {

    @Test
    void derivesSellVolumeAndDeltaInDecimalWithoutBinaryNoise() {
        Candle c = Candle.fromTakerBuy(0, 1, 1, 1, 1, 55.426, 27.934, 7, true);
        assertThat(c.sellVolume()).isEqualTo(27.492);
        assertThat(c.delta()).isEqualTo(0.442);
        assertThat(27.934 - (55.426 - 27.934)).as("plain double arithmetic would store noise").isNotEqualTo(0.442);
    }

    @Test
    void negativeDeltaWhenSellersDominate() {
        Candle c = Candle.fromTakerBuy(0, 1, 1, 1, 1, 145.424, 69.959, 3600, true);
        assertThat(c.sellVolume()).isEqualTo(75.465);
        assertThat(c.delta()).isEqualTo(-5.506);
        assertThat(c.clusters()).isNull();
    }
}
