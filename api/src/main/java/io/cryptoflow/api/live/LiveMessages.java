package io.cryptoflow.api.live;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cryptoflow.api.core.CandleJson;
import io.cryptoflow.api.core.CandlePage;
import java.util.List;

/** The JSON frames of the {@code /ws} protocol (the old tool's names and fields). */
public final class LiveMessages {

    record History(String type, String symbol, String exchange, int tf, List<CandleJson> candles, Long oldestTime,
                   boolean hasMore) {
    }

    record CandleUpdate(String type, String symbol, int tf, CandleJson candle) {
    }

    record Ack(String type, String symbol, int tf) {
    }

    record Error(String type, String message) {
    }

    private final ObjectMapper json;

    public LiveMessages(ObjectMapper json) {
        this.json = json;
    }

    public String history(Subscription s, CandlePage page) {
        return write(new History("history", s.storedSymbol(), s.market().exchange(), s.tf().minutes(),
                page.candles(), page.oldestTime(), page.hasMore()));
    }

    public String candle(Subscription s, CandleJson candle) {
        return write(new CandleUpdate("candle", s.storedSymbol(), s.tf().minutes(), candle));
    }

    public String unsubscribed(Subscription s) {
        return write(new Ack("unsubscribed", s.storedSymbol(), s.tf().minutes()));
    }

    public String error(String message) {
        return write(new Error("error", message));
    }

    private String write(Object message) {
        try {
            return json.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + message.getClass().getSimpleName(), e);
        }
    }
}
