package io.cryptoflow.api.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.cryptoflow.api.api.CandleContext;
import io.cryptoflow.common.MarketSymbol;
import io.cryptoflow.common.Timeframe;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which series a market has is asked once per market and replica stamp. */
class CandleContextSourcesTest {

    /** A market without any series; counts the sources statements. */
    static final class Spot implements ContextReads {
        int sourcesAsked;

        @Override
        public Sources sources(MarketSymbol market) {
            sourcesAsked++;
            return new Sources(false, false, false);
        }

        @Override
        public List<Connected> connected(MarketSymbol market, long from, long to) {
            throw new AssertionError("not asked for a market without series");
        }

        @Override
        public List<String> liquidationPartitions(MarketSymbol market, long from, long toExclusive) {
            throw new AssertionError();
        }

        @Override
        public Map<String, Long> maxSeqs(List<String> partitions) {
            throw new AssertionError();
        }

        @Override
        public List<LiquidationSum> liquidationSums(String partition, MarketSymbol market, Timeframe tf, long afterSeq,
                                                    long upToSeq) {
            throw new AssertionError();
        }

        @Override
        public List<AtCandle> atCandles(Timeframe tf, MarketSymbol market, long from, long toExclusive, int limit,
                                        long oiMaxAge, long fundingMaxAge) {
            throw new AssertionError();
        }

        @Override
        public List<CandleContext.FundingEvent> fundingEvents(MarketSymbol market, long from, long toExclusive) {
            throw new AssertionError();
        }
    }

    @Test
    void askedOncePerMarketAndStamp() {
        CandleContextReader reader = new CandleContextReader(new LiquidationSums(1 << 20));
        Spot reads = new Spot();
        MarketSymbol btc = MarketSymbol.of("BINANCE_SPOT", "BTCUSDT");
        CandleQuery q = CandleQuery.latest(btc, Timeframe.M15, 500);
        assertThat(reader.read(reads, q, "1:1")).isSameAs(CandleContext.NONE);
        assertThat(reader.read(reads, q, "1:1")).isSameAs(CandleContext.NONE);
        assertThat(reads.sourcesAsked).isEqualTo(1);
        reader.read(reads, q, "2:2"); // the replica moved: a series may have appeared
        reader.read(reads, q, null); // stamp unknown
        reader.read(reads, q, null);
        assertThat(reads.sourcesAsked).isEqualTo(4);
        reader.clear();
        reader.read(reads, q, "2:2");
        assertThat(reads.sourcesAsked).isEqualTo(5);
    }
}
