/**
 * Learning from a real PostgreSQL over JDBC (spec 03 §1): validated settings ({@link
 * io.neuraldag.postgres.DagConfig}), the engine registry ({@link io.neuraldag.postgres.DagRegistry}),
 * the {@code ruvector} schema with its pattern and trajectory stores ({@link
 * io.neuraldag.postgres.DagSchema}), and the error codes RV001–RV012 with their SQLSTATEs ({@link
 * io.neuraldag.postgres.RvCode}).
 */
@NullMarked
package io.neuraldag.postgres;

import org.jspecify.annotations.NullMarked;
