package io.cryptoflow.bench.scenarios;

import io.cryptoflow.bench.process.Stack;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code BENCH_API_JVM}, {@code BENCH_COLLECTOR_JVM}, {@code BENCH_REPLICATOR_JVM} (space-separated):
 * a service's JVM flags instead of the launcher's, for an A/B run of a flag (first-minute and
 * backfill-busy; compare always measures the launcher's). The run's table says which were replaced.
 */
final class JvmOverrides {

    private final Map<String, List<String>> flags = new LinkedHashMap<>();

    private JvmOverrides() {
    }

    static JvmOverrides fromEnvironment() {
        JvmOverrides o = new JvmOverrides();
        for (String module : List.of("api", "collector", "replicator")) {
            String v = System.getenv("BENCH_" + module.toUpperCase() + "_JVM");
            if (v != null && !v.isBlank()) {
                o.flags.put(module, List.of(v.trim().split("\\s+")));
            }
        }
        return o;
    }

    /** Replaces the flags of the services named in the environment (after the launcher's were set). */
    void apply(Stack stack) {
        flags.forEach(stack::jvmArgs);
    }

    /** One note per replaced service, for the run's table. */
    List<String> notes() {
        return flags.entrySet().stream()
                .map(e -> "this run's " + e.getKey() + " had BENCH_" + e.getKey().toUpperCase() + "_JVM's flags "
                        + e.getValue() + " instead of the launcher's")
                .toList();
    }
}
