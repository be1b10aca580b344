/**
 * Workloads on a real PostgreSQL for the learned hint-set chooser of {@code dag-postgres}.
 *
 * <p>{@link io.neuraldag.bench.Benchmarks} is the entry point: {@code corr} builds the corr-bench data
 * set (correlated and skewed columns), draws query instances from its templates and runs them under
 * vanilla PostgreSQL, PostgreSQL with extended statistics, the learned chooser and the per-instance
 * oracle; {@code tpch} loads TPC-H and compares the learned chooser with PostgreSQL's own plans. The
 * results are plain records ({@link io.neuraldag.bench.CorrBenchReport}, {@link
 * io.neuraldag.bench.TpchReport}) that render themselves as text and SVG.
 */
@NullMarked
package io.neuraldag.bench;

import org.jspecify.annotations.NullMarked;
