package io.neuraldag.core;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A physical plan operator: the payload of a {@link QueryDag} node.
 *
 * <p>A closed set of 32 record kinds. Each kind has a stable {@link #tag() tag} (0–31) that the
 * binary format and the fingerprints use; tags are never reassigned. String fields are never null
 * ({@code ""} when unknown); list fields are copied into unmodifiable lists on construction. All
 * records are immutable and thread-safe.
 *
 * <p>Every constructor throws {@link NullPointerException} for a null argument and {@link
 * IllegalArgumentException} for an out-of-range value (a non-positive {@code efSearch}, a negative
 * limit, mismatched sort flags).
 */
public sealed interface Operator {

    /** Number of operator kinds; tags are {@code 0 .. KIND_COUNT-1}. */
    int KIND_COUNT = 32;

    /**
     * The stable numeric tag of this kind (spec order, 0–31).
     *
     * @return the tag
     */
    int tag();

    /**
     * The kind's name as used in the JSON format, e.g. {@code "HnswScan"}.
     *
     * @return the simple record name
     */
    default String typeName() {
        return getClass().getSimpleName();
    }

    /**
     * Sequential scan of a table.
     *
     * @param table relation name
     */
    record SeqScan(String table) implements Operator {
        /** Validates the fields. */
        public SeqScan {
            Objects.requireNonNull(table, "table");
        }

        @Override
        public int tag() {
            return 0;
        }
    }

    /**
     * B-tree (or hash, GiST, GIN, SP-GiST, BRIN) index scan.
     *
     * @param index index name
     * @param table relation name
     */
    record IndexScan(String index, String table) implements Operator {
        /** Validates the fields. */
        public IndexScan {
            Objects.requireNonNull(index, "index");
            Objects.requireNonNull(table, "table");
        }

        @Override
        public int tag() {
            return 1;
        }
    }

    /**
     * Index-only scan.
     *
     * @param index index name
     * @param table relation name
     */
    record IndexOnlyScan(String index, String table) implements Operator {
        /** Validates the fields. */
        public IndexOnlyScan {
            Objects.requireNonNull(index, "index");
            Objects.requireNonNull(table, "table");
        }

        @Override
        public int tag() {
            return 2;
        }
    }

    /**
     * Bitmap heap scan with its bitmap index scans folded in.
     *
     * @param index index name(s), comma-separated when several are combined
     * @param table relation name
     */
    record BitmapScan(String index, String table) implements Operator {
        /** Validates the fields. */
        public BitmapScan {
            Objects.requireNonNull(index, "index");
            Objects.requireNonNull(table, "table");
        }

        @Override
        public int tag() {
            return 3;
        }
    }

    /**
     * Approximate nearest-neighbour scan over an HNSW index (pgvector).
     *
     * @param index index name
     * @param efSearch size of the dynamic candidate list, {@code > 0}
     * @param table relation name, {@code ""} when unknown
     * @param k number of neighbours requested, {@code null} when unknown, else {@code > 0}
     */
    record HnswScan(
            String index,
            int efSearch,
            String table,
            @Nullable Integer k) implements Operator {
        /** Validates the fields. */
        public HnswScan {
            Objects.requireNonNull(index, "index");
            Objects.requireNonNull(table, "table");
            if (efSearch <= 0) {
                throw new IllegalArgumentException("efSearch must be > 0: " + efSearch);
            }
            if (k != null && k <= 0) {
                throw new IllegalArgumentException("k must be > 0: " + k);
            }
        }

        /**
         * An HNSW scan with unknown table and k.
         *
         * @param index index name
         * @param efSearch candidate list size, {@code > 0}
         */
        public HnswScan(String index, int efSearch) {
            this(index, efSearch, "", null);
        }

        @Override
        public int tag() {
            return 4;
        }
    }

    /**
     * Approximate nearest-neighbour scan over an IVFFlat index (pgvector).
     *
     * @param index index name
     * @param nprobe number of inverted lists probed, {@code > 0}
     * @param table relation name, {@code ""} when unknown
     * @param k number of neighbours requested, {@code null} when unknown, else {@code > 0}
     */
    record IvfFlatScan(
            String index,
            int nprobe,
            String table,
            @Nullable Integer k) implements Operator {
        /** Validates the fields. */
        public IvfFlatScan {
            Objects.requireNonNull(index, "index");
            Objects.requireNonNull(table, "table");
            if (nprobe <= 0) {
                throw new IllegalArgumentException("nprobe must be > 0: " + nprobe);
            }
            if (k != null && k <= 0) {
                throw new IllegalArgumentException("k must be > 0: " + k);
            }
        }

        /**
         * An IVFFlat scan with unknown table and k.
         *
         * @param index index name
         * @param nprobe lists probed, {@code > 0}
         */
        public IvfFlatScan(String index, int nprobe) {
            this(index, nprobe, "", null);
        }

        @Override
        public int tag() {
            return 5;
        }
    }

    /**
     * Scan over the output of a subquery.
     *
     * @param alias subquery alias
     */
    record SubqueryScan(String alias) implements Operator {
        /** Validates the fields. */
        public SubqueryScan {
            Objects.requireNonNull(alias, "alias");
        }

        @Override
        public int tag() {
            return 6;
        }
    }

    /**
     * Scan over a common table expression.
     *
     * @param cteName the CTE's name
     */
    record CteScan(String cteName) implements Operator {
        /** Validates the fields. */
        public CteScan {
            Objects.requireNonNull(cteName, "cteName");
        }

        @Override
        public int tag() {
            return 7;
        }
    }

    /**
     * Nested-loop join.
     *
     * @param joinType logical join type
     */
    record NestedLoopJoin(JoinType joinType) implements Operator {
        /** Validates the fields. */
        public NestedLoopJoin {
            Objects.requireNonNull(joinType, "joinType");
        }

        /** An inner nested-loop join. */
        public NestedLoopJoin() {
            this(JoinType.INNER);
        }

        @Override
        public int tag() {
            return 8;
        }
    }

    /**
     * Hash join.
     *
     * @param hashKey hash condition, {@code ""} when unknown
     * @param joinType logical join type
     */
    record HashJoin(String hashKey, JoinType joinType) implements Operator {
        /** Validates the fields. */
        public HashJoin {
            Objects.requireNonNull(hashKey, "hashKey");
            Objects.requireNonNull(joinType, "joinType");
        }

        /**
         * An inner hash join.
         *
         * @param hashKey hash condition
         */
        public HashJoin(String hashKey) {
            this(hashKey, JoinType.INNER);
        }

        @Override
        public int tag() {
            return 9;
        }
    }

    /**
     * Merge join.
     *
     * @param mergeKey merge condition, {@code ""} when unknown
     * @param joinType logical join type
     */
    record MergeJoin(String mergeKey, JoinType joinType) implements Operator {
        /** Validates the fields. */
        public MergeJoin {
            Objects.requireNonNull(mergeKey, "mergeKey");
            Objects.requireNonNull(joinType, "joinType");
        }

        /**
         * An inner merge join.
         *
         * @param mergeKey merge condition
         */
        public MergeJoin(String mergeKey) {
            this(mergeKey, JoinType.INNER);
        }

        @Override
        public int tag() {
            return 10;
        }
    }

    /**
     * Plain aggregate (one output row).
     *
     * @param functions aggregate expressions
     */
    record Aggregate(List<String> functions) implements Operator {
        /** Validates and copies the fields. */
        public Aggregate {
            functions = List.copyOf(functions);
        }

        @Override
        public int tag() {
            return 11;
        }
    }

    /**
     * Sorted grouping (PostgreSQL's GroupAggregate / Group).
     *
     * @param keys grouping keys
     */
    record GroupBy(List<String> keys) implements Operator {
        /** Validates and copies the fields. */
        public GroupBy {
            keys = List.copyOf(keys);
        }

        @Override
        public int tag() {
            return 12;
        }
    }

    /**
     * Hashed grouping.
     *
     * @param keys grouping keys
     * @param functions aggregate expressions
     */
    record HashAggregate(List<String> keys, List<String> functions) implements Operator {
        /** Validates and copies the fields. */
        public HashAggregate {
            keys = List.copyOf(keys);
            functions = List.copyOf(functions);
        }

        @Override
        public int tag() {
            return 13;
        }
    }

    /**
     * Window aggregate.
     *
     * @param functions window expressions
     */
    record WindowAgg(List<String> functions) implements Operator {
        /** Validates and copies the fields. */
        public WindowAgg {
            functions = List.copyOf(functions);
        }

        @Override
        public int tag() {
            return 14;
        }
    }

    /**
     * Row filter.
     *
     * @param predicate the filter condition
     */
    record Filter(String predicate) implements Operator {
        /** Validates the fields. */
        public Filter {
            Objects.requireNonNull(predicate, "predicate");
        }

        @Override
        public int tag() {
            return 15;
        }
    }

    /**
     * Projection.
     *
     * @param columns output expressions
     */
    record Project(List<String> columns) implements Operator {
        /** Validates and copies the fields. */
        public Project {
            columns = List.copyOf(columns);
        }

        @Override
        public int tag() {
            return 16;
        }
    }

    /**
     * Full sort.
     *
     * @param keys sort keys
     * @param descending one flag per key, {@code true} for descending
     */
    record Sort(List<String> keys, List<Boolean> descending) implements Operator {
        /** Validates and copies the fields. */
        public Sort {
            keys = List.copyOf(keys);
            descending = List.copyOf(descending);
            checkFlags(keys, descending);
        }

        /**
         * An ascending sort.
         *
         * @param keys sort keys
         */
        public Sort(List<String> keys) {
            this(keys, ascending(keys.size()));
        }

        @Override
        public int tag() {
            return 17;
        }
    }

    /**
     * Incremental sort (input already sorted on a key prefix).
     *
     * @param keys sort keys
     * @param descending one flag per key, {@code true} for descending
     */
    record IncrementalSort(List<String> keys, List<Boolean> descending) implements Operator {
        /** Validates and copies the fields. */
        public IncrementalSort {
            keys = List.copyOf(keys);
            descending = List.copyOf(descending);
            checkFlags(keys, descending);
        }

        /**
         * An ascending incremental sort.
         *
         * @param keys sort keys
         */
        public IncrementalSort(List<String> keys) {
            this(keys, ascending(keys.size()));
        }

        @Override
        public int tag() {
            return 18;
        }
    }

    /**
     * Row limit.
     *
     * @param count maximum rows, {@code >= 0}
     */
    record Limit(long count) implements Operator {
        /** Validates the fields. */
        public Limit {
            if (count < 0) {
                throw new IllegalArgumentException("count must be >= 0: " + count);
            }
        }

        @Override
        public int tag() {
            return 19;
        }
    }

    /**
     * Duplicate elimination on sorted input.
     *
     * @param keys the distinct keys
     */
    record Unique(List<String> keys) implements Operator {
        /** Validates and copies the fields. */
        public Unique {
            keys = List.copyOf(keys);
        }

        @Override
        public int tag() {
            return 20;
        }
    }

    /** Concatenation of its inputs. */
    record Append() implements Operator {
        @Override
        public int tag() {
            return 21;
        }
    }

    /**
     * Order-preserving merge of sorted inputs.
     *
     * @param keys the merge keys
     */
    record MergeAppend(List<String> keys) implements Operator {
        /** Validates and copies the fields. */
        public MergeAppend {
            keys = List.copyOf(keys);
        }

        @Override
        public int tag() {
            return 22;
        }
    }

    /**
     * Set union.
     *
     * @param all {@code true} for {@code UNION ALL} (duplicates kept)
     */
    record Union(boolean all) implements Operator {
        @Override
        public int tag() {
            return 23;
        }
    }

    /** Set intersection. */
    record Intersect() implements Operator {
        @Override
        public int tag() {
            return 24;
        }
    }

    /** Set difference. */
    record Except() implements Operator {
        @Override
        public int tag() {
            return 25;
        }
    }

    /**
     * Exact vector distance computation.
     *
     * @param metric distance name, e.g. {@code "l2"}, {@code "cosine"}, {@code "inner_product"}
     */
    record VectorDistance(String metric) implements Operator {
        /** Validates the fields. */
        public VectorDistance {
            Objects.requireNonNull(metric, "metric");
        }

        @Override
        public int tag() {
            return 26;
        }
    }

    /**
     * Re-ranking of candidates by a model.
     *
     * @param model model name
     */
    record Rerank(String model) implements Operator {
        /** Validates the fields. */
        public Rerank {
            Objects.requireNonNull(model, "model");
        }

        @Override
        public int tag() {
            return 27;
        }
    }

    /** Materialization of its input (also PostgreSQL's Memoize). */
    record Materialize() implements Operator {
        @Override
        public int tag() {
            return 28;
        }
    }

    /** The plan result (and operators with no closer kind). */
    record Result() implements Operator {
        @Override
        public int tag() {
            return 29;
        }
    }

    /**
     * Parallel gather.
     *
     * @param workers workers launched (or planned), {@code >= 0}
     */
    record Gather(int workers) implements Operator {
        /** Validates the fields. */
        public Gather {
            if (workers < 0) {
                throw new IllegalArgumentException("workers must be >= 0: " + workers);
            }
        }

        @Override
        public int tag() {
            return 30;
        }
    }

    /**
     * Order-preserving parallel gather.
     *
     * @param workers workers launched (or planned), {@code >= 0}
     */
    record GatherMerge(int workers) implements Operator {
        /** Validates the fields. */
        public GatherMerge {
            if (workers < 0) {
                throw new IllegalArgumentException("workers must be >= 0: " + workers);
            }
        }

        @Override
        public int tag() {
            return 31;
        }
    }

    private static List<Boolean> ascending(int n) {
        Boolean[] flags = new Boolean[n];
        java.util.Arrays.fill(flags, false);
        return List.of(flags);
    }

    private static void checkFlags(List<String> keys, List<Boolean> descending) {
        if (keys.size() != descending.size()) {
            throw new IllegalArgumentException(
                    "descending has " + descending.size() + " flags for " + keys.size() + " keys");
        }
    }
}
