package io.cryptoflow.simulator.ws;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** A test client of one order-book stream that follows its exchange's documented rules. */
abstract class BookStreamClient {

    final LocalBook book = new LocalBook();
    /** What the rules caught, in order. */
    final List<String> detections = new ArrayList<>();
    /** Set when the rules say: subscribe again (a new snapshot); the driver does it and clears it. */
    boolean resubscribe;
    /** Market time of the book state the local book holds. */
    long bookTime;

    /** One message of the stream, as received. */
    abstract void on(JsonNode message);

    /** True while the client holds a book it can trust. */
    abstract boolean synced();

    /** Called after each driver tick (Binance: the REST snapshot when one is needed). */
    void afterTick(int tick) {
    }
}
