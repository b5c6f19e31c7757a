package io.cryptoflow.api.live;

import io.cryptoflow.api.core.DepthReads;
import io.cryptoflow.common.MarketSymbol;
import java.nio.FloatBuffer;

/**
 * One pushed snapshot of the {@code /ws} depth channel:
 * {@code {"type":"depth","exchange","symbol","time","priceStep","bidBin","askBin","bids":[...],"asks":[...]}}, the
 * same meaning as one entry of {@code /api/depth} at the 1-second tier.
 */
record DepthFrame(String type, String exchange, String symbol, long time, double priceStep, long bidBin, long askBin,
                  float[] bids, float[] asks) {

    static DepthFrame of(MarketSymbol m, DepthReads.Snapshot s) {
        return new DepthFrame("depth", m.exchange(), m.symbol(), s.time(), s.step(), s.bidBin(), s.askBin(),
                array(s.bidSizes()), array(s.askSizes()));
    }

    private static float[] array(FloatBuffer b) {
        float[] out = new float[b.remaining()];
        b.get(out);
        return out;
    }

    /** {@code {"type":"subscribed"|"unsubscribed","channel":"depth","exchange","symbol"}}. */
    static String ack(String type, MarketSymbol m) {
        return "{\"type\":\"" + type + "\",\"channel\":\"depth\",\"exchange\":\"" + m.exchange() + "\",\"symbol\":\""
                + m.symbol() + "\"}";
    }
}
