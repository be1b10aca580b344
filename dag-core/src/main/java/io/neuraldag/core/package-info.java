/**
 * The query-plan DAG model: operators, nodes, the mutable {@link io.neuraldag.core.QueryDag}, its
 * immutable CSR {@link io.neuraldag.core.DagSnapshot}, and the structural algorithms (topological
 * order, depth and level, reachability, critical path by cost, path-dominance criticality, plan
 * vector, fingerprints) and serialization formats built on it.
 *
 * <p>Edges follow data flow: {@code u -> v} means the output of {@code u} is an input of {@code v},
 * so scans are sources and the plan result is a sink.
 */
@NullMarked
package io.neuraldag.core;

import org.jspecify.annotations.NullMarked;
