package io.cryptoflow.replicator.core;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** How api.db follows collector.db. */
public enum ReplicationStrategy {
    /** One consistent backup-API copy of the whole database whenever collector.db changed. */
    SNAPSHOT,
    /** A bootstrap snapshot, then only the rows stamped with {@code rev > position}. */
    INCREMENTAL;

    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static ReplicationStrategy parse(String text) {
        for (ReplicationStrategy s : values()) {
            if (s.label().equalsIgnoreCase(text == null ? "" : text.trim())) {
                return s;
            }
        }
        throw new IllegalArgumentException("strategy must be one of: snapshot, incremental (got '" + text + "')");
    }
}
