package io.cryptoflow.collector.tasks;

import io.cryptoflow.common.Timeframe;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reading admin-task query parameters the same way in every task. */
final class TaskParameters {

    private TaskParameters() {
    }

    /** The first non-blank value of {@code key}, trimmed. */
    static Optional<String> first(Map<String, List<String>> parameters, String key) {
        List<String> values = parameters.get(key);
        return values == null || values.isEmpty() || values.get(0).isBlank() ? Optional.empty() : Optional.of(values.get(0).trim());
    }

    /**
     * The {@code tf} parameter as a one-element list, {@code whenAbsent} without it, or empty when
     * it names no timeframe (the caller reports {@link Timeframe#ACCEPTED}).
     */
    static Optional<List<Timeframe>> timeframes(Map<String, List<String>> parameters, List<Timeframe> whenAbsent) {
        Optional<String> text = first(parameters, "tf");
        if (text.isEmpty()) {
            return Optional.of(whenAbsent);
        }
        return Timeframe.parse(text.get()).map(List::of);
    }
}
