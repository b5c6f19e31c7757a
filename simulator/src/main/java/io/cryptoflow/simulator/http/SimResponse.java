package io.cryptoflow.simulator.http;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** A complete response produced by a route, before faults are applied. */
public record SimResponse(int status, String contentType, byte[] body, Map<String, String> headers) {

    public static SimResponse json(int status, String json) {
        return new SimResponse(status, "application/json", json.getBytes(StandardCharsets.UTF_8), new LinkedHashMap<>());
    }

    public static SimResponse bytes(int status, String contentType, byte[] body) {
        return new SimResponse(status, contentType, body, new LinkedHashMap<>());
    }

    public static SimResponse text(int status, String text) {
        return bytes(status, "text/plain", text.getBytes(StandardCharsets.UTF_8));
    }

    public static SimResponse notFound(String path) {
        return json(404, "{\"error\":\"exchange simulator: no such endpoint\",\"path\":\"" + path.replace("\"", "") + "\"}");
    }

    public SimResponse header(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new SimResponse(status, contentType, body, copy);
    }
}
