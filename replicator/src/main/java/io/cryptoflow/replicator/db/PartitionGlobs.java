package io.cryptoflow.replicator.db;

import io.cryptoflow.common.PartitionKind;
import java.util.ArrayList;
import java.util.List;

/** The SQL condition naming a partition table of any {@link PartitionKind} (globs from a closed set). */
final class PartitionGlobs {

    private PartitionGlobs() {
    }

    /** {@code (column GLOB 'trades_…' OR column GLOB 'liquidations_…')}. */
    static String matching(String column) {
        List<String> globs = new ArrayList<>();
        for (PartitionKind kind : PartitionKind.values()) {
            globs.add(column + " GLOB '" + kind.glob() + "'");
        }
        return "(" + String.join(" OR ", globs) + ")";
    }
}
