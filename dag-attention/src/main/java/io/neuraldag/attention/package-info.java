/**
 * DAG attention over query plans: seven mechanisms that score every operator of a {@link
 * io.neuraldag.core.QueryDag} ({@link io.neuraldag.attention.DagAttention}), the UCB1 bandit that
 * learns which mechanism helps ({@link io.neuraldag.attention.AttentionSelector}), a bounded cache of
 * scores ({@link io.neuraldag.attention.AttentionCache}), and the optimizer-facing entry point that
 * combines a rule-based policy with the bandit and never fails a query ({@link
 * io.neuraldag.attention.AttentionOptimizer}).
 *
 * <p>Every mechanism reads the DAG's immutable CSR {@link io.neuraldag.core.DagSnapshot}; the
 * formulas are those of spec 01 §3–§4. Structural mode ({@code forward(dag)}) needs no embeddings;
 * content mode ({@code forward(dag, query, embeddings)}) scores the ancestors of one query node.
 */
@NullMarked
package io.neuraldag.attention;

import org.jspecify.annotations.NullMarked;
