/**
 * The {@code neural-dag} command line: {@code neural-dag analyze FILE [--format
 * text|json|dot|html] [--attention KIND|auto]} reads a query plan DAG (canonical JSON, the benchmark
 * format or PostgreSQL {@code EXPLAIN (FORMAT JSON)}, detected from the content) and reports its
 * shape, critical path, bottleneck score, most critical nodes, its exact minimum cut (max flow,
 * tension, bottleneck operators, recommendations, from {@code dag-mincut}) and, on request, the
 * attention weights of a mechanism chosen by {@code dag-attention}'s selection policy; {@code neural-dag learn --plans DIR --rounds N [--state FILE]} replays
 * PostgreSQL {@code EXPLAIN (ANALYZE, FORMAT JSON)} plans through the SONA engine and reports the
 * patterns it learned.
 *
 * <p>The entry point is {@link io.neuraldag.cli.NeuralDagCli#main(String[])}; everything else is
 * package-private. Exit codes: 0 on success, 2 for bad input or bad usage (one line on standard
 * error), 1 for an unexpected internal failure.
 */
@NullMarked
package io.neuraldag.cli;

import org.jspecify.annotations.NullMarked;
