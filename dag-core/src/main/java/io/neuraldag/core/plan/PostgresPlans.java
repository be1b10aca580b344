package io.neuraldag.core.plan;

import io.neuraldag.core.DagException;
import java.util.Objects;

/**
 * Reads PostgreSQL {@code EXPLAIN (FORMAT JSON)} output into a {@link io.neuraldag.core.QueryDag}.
 *
 * <h2>Input</h2>
 *
 * <p>What PostgreSQL prints for one statement — a one-element JSON array {@code [{"Plan": {...},
 * ...}]} — or that element alone, an object with {@code "Plan"}. Any combination of the {@code
 * ANALYZE}, {@code BUFFERS}, {@code VERBOSE}, {@code SETTINGS}, {@code COSTS OFF} and {@code TIMING
 * OFF} options is accepted; the reader follows the output of PostgreSQL 12 to 18 (18's decimal row
 * counts included) and is tested on real PostgreSQL 15 plans.
 * Input is bounded by {@link io.neuraldag.core.DagLimits}: at most 16 MiB of text, 100 000 plan
 * nodes, 10 000 levels of JSON nesting, 1 MiB per string. Parsing is iterative, so a deep plan
 * cannot overflow the stack.
 *
 * <h2>Mapping</h2>
 *
 * <table>
 *   <caption>Plan node type to operator</caption>
 *   <tr><th>{@code "Node Type"} (+ discriminator)</th><th>Operator</th></tr>
 *   <tr><td>Seq Scan, Sample Scan, Tid Scan, Tid Range Scan, Foreign Scan, Custom Scan</td>
 *       <td>{@code SeqScan(Relation Name)}</td></tr>
 *   <tr><td>Index Scan (btree, hash, GiST, GIN, SP-GiST, BRIN, or unknown access method)</td>
 *       <td>{@code IndexScan(Index Name, Relation Name)}</td></tr>
 *   <tr><td>Index Scan on an {@code hnsw} index</td>
 *       <td>{@code HnswScan(Index Name, efSearch, Relation Name, k)}: efSearch from the {@code
 *       hnsw.ef_search} entry of {@code "Settings"}, else {@value #DEFAULT_HNSW_EF_SEARCH}; k = the
 *       rounded {@code Plan Rows} of the nearest Limit above the scan in the same (sub)query, null
 *       without one</td></tr>
 *   <tr><td>Index Scan on an {@code ivfflat} index</td>
 *       <td>{@code IvfFlatScan(Index Name, nprobe, Relation Name, k)}: nprobe from {@code
 *       ivfflat.probes}, else {@value #DEFAULT_IVFFLAT_PROBES}; k as above</td></tr>
 *   <tr><td>Index Only Scan</td><td>{@code IndexOnlyScan(Index Name, Relation Name)}</td></tr>
 *   <tr><td>Bitmap Heap Scan, with its Bitmap Index Scan, BitmapAnd and BitmapOr inputs folded in</td>
 *       <td>{@code BitmapScan(index names, comma-joined, distinct, in plan order; Relation Name)};
 *       attribute {@code bitmapTree}, e.g. {@code BitmapAnd(BitmapOr(a, b), c)}</td></tr>
 *   <tr><td>Nested Loop / Hash Join, with its inner Hash folded in / Merge Join</td>
 *       <td>{@code NestedLoopJoin} / {@code HashJoin(Hash Cond)} / {@code MergeJoin(Merge Cond)}, with
 *       the {@code Join Type} (Right Semi → SEMI, Right Anti → ANTI, unknown → INNER); the Hash's
 *       fields become join attributes named {@code "Hash ..."} ({@code Hash Buckets}, {@code Hash
 *       Batches}, {@code Hash Peak Memory Usage}, ...)</td></tr>
 *   <tr><td>Aggregate with Strategy Plain (or none) / Sorted / Hashed or Mixed; Group</td>
 *       <td>{@code Aggregate(functions)} / {@code GroupBy(Group Key)} / {@code HashAggregate(Group
 *       Key, functions)}; {@code GroupBy(Group Key)}. Grouping sets contribute their distinct keys;
 *       functions are the {@code Output} entries (VERBOSE) that are not keys</td></tr>
 *   <tr><td>WindowAgg</td><td>{@code WindowAgg(the Output entries with an OVER clause)}</td></tr>
 *   <tr><td>Sort, Incremental Sort</td>
 *       <td>{@code Sort} / {@code IncrementalSort}: the Sort Key without {@code DESC}/{@code NULLS
 *       FIRST|LAST}, and a descending flag per key</td></tr>
 *   <tr><td>Unique, Append, Merge Append</td>
 *       <td>{@code Unique([])} (EXPLAIN does not print its columns), {@code Append}, {@code
 *       MergeAppend(Sort Key)}</td></tr>
 *   <tr><td>Limit</td><td>{@code Limit(round(Plan Rows))}</td></tr>
 *   <tr><td>Recursive Union; SetOp by Command</td>
 *       <td>{@code Union(all = true)} (EXPLAIN does not say UNION or UNION ALL); {@code Intersect} /
 *       {@code Except} (with or without ALL)</td></tr>
 *   <tr><td>Subquery Scan; CTE Scan, WorkTable Scan, Named Tuplestore Scan</td>
 *       <td>{@code SubqueryScan(Alias)}; {@code CteScan(CTE Name, or Tuplestore Name)}</td></tr>
 *   <tr><td>Materialize, Memoize</td><td>{@code Materialize}</td></tr>
 *   <tr><td>Gather, Gather Merge</td>
 *       <td>{@code Gather} / {@code GatherMerge(Workers Launched, else Workers Planned, else 0)}</td></tr>
 *   <tr><td>Result, ProjectSet, Function Scan, Values Scan, Table Function Scan, LockRows,
 *       ModifyTable, SetOp without a known Command, any other type</td>
 *       <td>{@code Result}, with attribute {@code rawNodeType} = the node type</td></tr>
 * </table>
 *
 * <p>pgvector: an index scan's {@code Order By}, a node's {@code Filter} or {@code Join Filter}, or a
 * sort key that uses a distance operator sets the attribute {@code vectorMetric}: {@code <->} l2,
 * {@code <=>} cosine, {@code <#>} negative_inner_product, {@code <+>} l1, {@code <~>} hamming, {@code
 * <%>} jaccard (the first operator in the text). {@code exactVectorSearch = "true"} marks distances
 * computed without an ANN index: in a filter, or in a Sort / Incremental Sort with no HNSW or
 * IVFFlat scan below it in the same (sub)query. The access method of each index comes from the {@link
 * AccessMethodResolver}, asked once per (schema, index).
 *
 * <h2>Graph and numbers</h2>
 *
 * <ul>
 *   <li>Ids are the pre-order positions of the kept (not folded) plan nodes: the top node is 0, and
 *       ids are dense {@code 0 .. n-1}.
 *   <li>Edges follow data flow: each child plan, InitPlan and SubPlan included, points to its parent
 *       (a folded node's inputs point to the node that absorbed it). The InitPlan named {@code "CTE
 *       x"} also points to every {@code CTE Scan} of {@code x} under the node it is attached to. The
 *       top node is the only sink.
 *   <li>{@code estimatedRows} = {@code Plan Rows}; {@code estimatedCost} = the self cost {@code
 *       max(0, Total Cost − Σ Total Cost of its inputs)}, the inputs being the nodes with an edge to
 *       it in the tree (a folded node's own cost stays with the node that absorbed it). {@code Total
 *       Cost} itself stays an attribute. Without costs, 0.
 *   <li>{@code actualRows} = {@code Actual Rows × Actual Loops}; {@code actualTimeMs} = the self time
 *       {@code max(0, ATT·loops − Σ ATT·loops of its inputs)}, ATT being {@code Actual Total Time}.
 *       Both null without ANALYZE (the time also with {@code TIMING OFF}) and for a node that never
 *       ran ({@code Actual Loops} 0).
 *   <li>Every other field of a plan node is kept as an attribute; see {@link ImportedPlan}.
 * </ul>
 *
 * <p>Thread-safe: the methods are pure functions of their arguments (and the resolver).
 */
public final class PostgresPlans {

    /** pgvector's default {@code hnsw.ef_search}: 40. */
    public static final int DEFAULT_HNSW_EF_SEARCH = 40;

    /** pgvector's default {@code ivfflat.probes}: 1. */
    public static final int DEFAULT_IVFFLAT_PROBES = 1;

    private PostgresPlans() {}

    /**
     * Reads a plan, telling HNSW and IVFFlat indexes apart by name ({@link
     * AccessMethodResolver#nameHeuristic()}).
     *
     * <p>Linear in the input size.
     *
     * @param json the EXPLAIN (FORMAT JSON) output
     * @return the imported plan
     * @throws NullPointerException if {@code json} is null
     * @throws DagException of kind {@code SERIALIZATION}, naming the line and column, if the input is
     *     not a readable plan or exceeds a limit
     */
    public static ImportedPlan fromExplainJson(String json) {
        return fromExplainJson(json, AccessMethodResolver.nameHeuristic());
    }

    /**
     * Reads a plan, asking {@code resolver} for the access method of each scanned index.
     *
     * @param json the EXPLAIN (FORMAT JSON) output
     * @param resolver the index access-method lookup; its exceptions propagate unchanged
     * @return the imported plan
     * @throws NullPointerException if an argument is null
     * @throws DagException of kind {@code SERIALIZATION}, naming the line and column, if the input is
     *     not a readable plan or exceeds a limit
     */
    public static ImportedPlan fromExplainJson(String json, AccessMethodResolver resolver) {
        Objects.requireNonNull(json, "json");
        Objects.requireNonNull(resolver, "resolver");
        return PlanMapper.map(ExplainParser.parse(json), resolver);
    }
}
