package io.cryptoflow.collector.sources.klines;

import io.cryptoflow.collector.exchange.MalformedResponseException;
import io.cryptoflow.common.Candle;
import io.cryptoflow.common.Timeframe;
import java.util.List;

/**
 * The data checks every page passes before it reaches the writer. One bad candle rejects the
 * whole page: storing the rest would leave a hole nobody notices.
 */
public final class CandleValidator {

    private CandleValidator() {
    }

    public static void validate(Timeframe tf, List<Candle> candles) throws MalformedResponseException {
        long previous = Long.MIN_VALUE;
        for (Candle c : candles) {
            String problem = problem(tf, c);
            if (problem != null) {
                throw new MalformedResponseException("candle " + c.time() + ": " + problem);
            }
            if (c.time() <= previous) {
                throw new MalformedResponseException("candle " + c.time() + " is not after " + previous);
            }
            previous = c.time();
        }
    }

    static String problem(Timeframe tf, Candle c) {
        Double[] numbers = {c.open(), c.high(), c.low(), c.close(), c.volume(), c.buyVolume(), c.sellVolume(), c.delta()};
        for (Double n : numbers) {
            if (n != null && !Double.isFinite(n)) {
                return "non-finite number";
            }
        }
        if (!tf.isAligned(c.time())) {
            return "open time not aligned to " + tf.label();
        }
        if (c.high() < Math.max(c.open(), c.close())) {
            return "high " + c.high() + " below open/close";
        }
        if (c.low() > Math.min(c.open(), c.close())) {
            return "low " + c.low() + " above open/close";
        }
        if (c.volume() < 0 || (c.buyVolume() != null && c.buyVolume() < 0) || (c.tradeCount() != null && c.tradeCount() < 0)) {
            return "negative volume or trade count";
        }
        // Exchanges print both as decimals of the same precision; allow only rounding noise.
        if (c.buyVolume() != null && c.buyVolume() > c.volume() * (1 + 1e-9) + 1e-12) {
            return "taker buy volume " + c.buyVolume() + " above volume " + c.volume();
        }
        return null;
    }
}
