package io.neuraldag.mincut;

import java.util.List;
import java.util.Objects;

/**
 * A suggested change for a bottleneck operator (spec 02 §2.6, rules of the min-cut design
 * document). Immutable.
 */
public sealed interface Recommendation {

    /**
     * The operator the recommendation is for.
     *
     * @return its id
     */
    int operatorId();

    /**
     * The operator's criticality.
     *
     * @return crit in {@code (0, 1]}
     */
    double criticality();

    /**
     * A one-line human-readable description.
     *
     * @return the text
     */
    String description();

    /**
     * A sequential scan that is a bottleneck: create an index on its table.
     *
     * @param operatorId the scan
     * @param table the scanned table
     * @param criticality its criticality
     */
    record CreateIndex(int operatorId, String table, double criticality) implements Recommendation {
        /** Validates the table name. */
        public CreateIndex {
            Objects.requireNonNull(table, "table");
        }

        @Override
        public String description() {
            return "create an index on " + (table.isEmpty() ? "the scanned table" : table) + " (operator " + operatorId
                    + ")";
        }
    }

    /**
     * A vector index scan with criticality above 0.8: double its search effort ({@code ef_search}
     * for HNSW, {@code nprobe} for IVF).
     *
     * @param operatorId the scan
     * @param index the index name
     * @param parameter {@code "ef_search"} or {@code "nprobe"}
     * @param current the current value
     * @param suggested twice the current value
     * @param criticality its criticality
     */
    record IncreaseSearchEffort(
            int operatorId, String index, String parameter, int current, int suggested, double criticality)
            implements Recommendation {
        /** Validates the names. */
        public IncreaseSearchEffort {
            Objects.requireNonNull(index, "index");
            Objects.requireNonNull(parameter, "parameter");
        }

        @Override
        public String description() {
            return "raise " + parameter + " of " + index + " from " + current + " to " + suggested + " (operator "
                    + operatorId + ")";
        }
    }

    /**
     * A nested-loop join that is a bottleneck: use a hash join instead.
     *
     * @param operatorId the join
     * @param criticality its criticality
     * @param expectedGain {@code 0.5 * criticality}
     */
    record ReplaceNestedLoop(int operatorId, double criticality, double expectedGain) implements Recommendation {
        @Override
        public String description() {
            return "replace nested loop " + operatorId + " by a hash join (expected gain "
                    + String.format(java.util.Locale.ROOT, "%.3f", expectedGain) + ")";
        }
    }

    /**
     * A sort over more than 100 000 rows that is a bottleneck: provide a sorted index.
     *
     * @param operatorId the sort
     * @param keys the sort keys
     * @param rows the estimated rows sorted
     * @param criticality its criticality
     */
    record AddSortIndex(int operatorId, List<String> keys, double rows, double criticality) implements Recommendation {
        /** Copies the keys. */
        public AddSortIndex {
            keys = List.copyOf(keys);
        }

        @Override
        public String description() {
            return "add an index ordered by " + keys + " to avoid sorting " + (long) rows + " rows (operator "
                    + operatorId + ")";
        }
    }

    /**
     * A hash aggregate over more than 1 000 000 input rows that is a bottleneck: partition it.
     *
     * @param operatorId the aggregate
     * @param rows the estimated input rows
     * @param criticality its criticality
     */
    record PartitionAggregate(int operatorId, double rows, double criticality) implements Recommendation {
        @Override
        public String description() {
            return "partition hash aggregate " + operatorId + " over " + (long) rows + " rows";
        }
    }
}
