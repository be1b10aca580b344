/**
 * Import of PostgreSQL {@code EXPLAIN (FORMAT JSON)} output as a {@link io.neuraldag.core.QueryDag}.
 *
 * <p>{@link io.neuraldag.core.plan.PostgresPlans#fromExplainJson(String)} reads the JSON that
 * PostgreSQL prints for {@code EXPLAIN [ (ANALYZE, BUFFERS, VERBOSE, SETTINGS) ] (FORMAT JSON)} and
 * returns an {@link io.neuraldag.core.plan.ImportedPlan}: the DAG, the fields of every plan node that
 * the DAG does not model (as string or number attributes), the planning and execution times, and the
 * {@code Settings} the plan reports. Each plan node type maps to one {@link io.neuraldag.core.Operator}
 * kind; the inner {@code Hash} of a hash join and the bitmap index scans under a bitmap heap scan
 * are folded into the node that consumes them. pgvector's HNSW and IVFFlat index scans become
 * {@link io.neuraldag.core.Operator.HnswScan} and {@link io.neuraldag.core.Operator.IvfFlatScan};
 * since EXPLAIN does not name an index's access method, an {@link
 * io.neuraldag.core.plan.AccessMethodResolver} supplies it (offline: a name heuristic or a static
 * map; a catalog lookup lives in the JDBC module).
 *
 * <p>Edges follow data flow, as everywhere in this library: a child plan points to the plan node
 * that consumes its rows, so scans are sources and the plan's top node (id 0) is the only sink.
 * InitPlans and SubPlans point to the node they are attached to, and the InitPlan that computes a
 * CTE also points to every CTE Scan that reads it.
 *
 * <p>The reader is iterative (no recursion, whatever the plan depth) and bounded: at most {@link
 * io.neuraldag.core.DagLimits#MAX_INPUT_BYTES} characters, {@link
 * io.neuraldag.core.DagLimits#MAX_NODES} plan nodes, {@link
 * io.neuraldag.core.DagLimits#MAX_PLAN_NESTING_DEPTH} levels of JSON nesting and {@link
 * io.neuraldag.core.DagLimits#MAX_STRING_LENGTH} characters per string. Any unreadable or
 * out-of-limit input raises a {@link io.neuraldag.core.DagException} of kind {@code SERIALIZATION}
 * whose message names the line and column.
 */
@NullMarked
package io.neuraldag.core.plan;

import org.jspecify.annotations.NullMarked;
