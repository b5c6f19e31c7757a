package io.cryptoflow.e2e.fault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/** Counts from a running collector's {@code /admin/metrics} (Dropwizard's JSON: counters and meters). */
final class CollectorMetrics {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final String url;

    CollectorMetrics(int port) {
        this.url = "http://127.0.0.1:" + port + "/admin/metrics";
    }

    /** The count of counter or meter {@code name}; -1 when the collector does not answer or has no such metric. */
    long count(String name) {
        String body = ServiceJar.body(url);
        if (body == null) {
            return -1;
        }
        try {
            JsonNode root = JSON.readTree(body);
            for (String kind : new String[] {"counters", "meters", "timers"}) {
                JsonNode m = root.path(kind).get(name);
                if (m != null) {
                    return m.path("count").asLong();
                }
            }
            return -1;
        } catch (IOException e) {
            return -1;
        }
    }
}
