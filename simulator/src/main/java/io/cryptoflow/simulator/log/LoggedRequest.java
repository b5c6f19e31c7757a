package io.cryptoflow.simulator.log;

import java.time.Instant;
import java.util.Map;

/**
 * One request the simulator received: wall-clock arrival time (the real clock, not the simulated
 * market clock), path, raw query, first value of each parameter and the status it answered with
 * (101 for a WebSocket upgrade). {@code fault} names the injected fault, or is null.
 */
public record LoggedRequest(Instant arrivedAt, String path, String query, Map<String, String> params, int status,
                            String fault) {

    public String param(String name) {
        return params.get(name);
    }

    public boolean pathStartsWith(String prefix) {
        return path.startsWith(prefix);
    }
}
