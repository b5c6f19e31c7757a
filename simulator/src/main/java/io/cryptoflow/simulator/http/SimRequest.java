package io.cryptoflow.simulator.http;

import java.time.Instant;
import java.util.Map;
import java.util.OptionalLong;

/** One incoming REST request as the simulator's routes see it (first value of each query parameter). */
public record SimRequest(Instant arrivedAt, String path, String query, Map<String, String> params) {

    public String param(String name) {
        return params.get(name);
    }

    public boolean has(String name) {
        String v = params.get(name);
        return v != null && !v.isEmpty();
    }

    /** Parses an integer parameter; empty when absent, {@link NumberFormatException} when malformed. */
    public OptionalLong longParam(String name) {
        return has(name) ? OptionalLong.of(Long.parseLong(params.get(name).trim())) : OptionalLong.empty();
    }
}
