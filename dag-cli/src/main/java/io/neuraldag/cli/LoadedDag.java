package io.neuraldag.cli;

import io.neuraldag.core.QueryDag;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/*
 * A DAG read from a file, with the format it was detected as, the name of the DAG for a fixture
 * file of named DAGs (else null) and, for a PostgreSQL plan, the planning and execution times it
 * reported (milliseconds; null when absent, e.g. without ANALYZE).
 */
record LoadedDag(
        String file,
        QueryDag dag,
        InputKind kind,
        @Nullable String dagName,
        @Nullable Double planningTimeMs,
        @Nullable Double executionTimeMs) {
    LoadedDag {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(dag, "dag");
        Objects.requireNonNull(kind, "kind");
    }
}
