package io.cryptoflow.collector.exchange;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cryptoflow.common.Candle;
import io.cryptoflow.common.Timeframe;
import java.io.IOException;

/** The parts of reading a kline page that every exchange's JSON shares. */
public final class KlineJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private KlineJson() {
    }

    /** The body as a JSON tree (null for an empty body), or a MalformedResponseException saying it is not JSON. */
    public static JsonNode read(byte[] body) throws MalformedResponseException {
        try {
            return MAPPER.readTree(body);
        } catch (IOException e) {
            throw new MalformedResponseException("body is not JSON: " + e.getMessage(), e);
        }
    }

    /**
     * One {@code [time, open, high, low, close, baseVolume, ...]} row of strings or numbers (Bybit,
     * Bitget) as a candle without taker volume; closed once its whole interval lies before nowMs.
     *
     * @param rowKind what the row should be, for the error ("a Bybit kline array")
     * @param timeName what the exchange calls column 0, for the error
     * @param volumeName what the exchange calls column 5, for the error
     */
    public static Candle ohlcvWithoutTaker(JsonNode row, int i, String rowKind, String timeName, String volumeName,
                                           Timeframe tf, long nowMs) throws MalformedResponseException {
        if (!row.isArray() || row.size() < 6) {
            throw new MalformedResponseException("row " + i + " is not " + rowKind + ": " + row);
        }
        long time = JsonNumbers.integer(row.get(0), "row " + i + " " + timeName);
        return Candle.withoutTaker(time,
                JsonNumbers.decimal(row.get(1), "row " + i + " open"),
                JsonNumbers.decimal(row.get(2), "row " + i + " high"),
                JsonNumbers.decimal(row.get(3), "row " + i + " low"),
                JsonNumbers.decimal(row.get(4), "row " + i + " close"),
                JsonNumbers.decimal(row.get(5), "row " + i + " " + volumeName),
                time + tf.millis() <= nowMs);
    }
}
