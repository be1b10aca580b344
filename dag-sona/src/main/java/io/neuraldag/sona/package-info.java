/**
 * SONA: self-optimising learning over query plans.
 *
 * <p>{@link io.neuraldag.sona.DagSonaEngine} runs two loops. The instant loop, per query, embeds the
 * plan ({@link io.neuraldag.core.QueryDag#planVector()}), searches the {@link
 * io.neuraldag.sona.DagReasoningBank}, runs the {@link io.neuraldag.sona.MicroLoRA} forward pass,
 * chooses an attention mechanism, and after execution records a {@link io.neuraldag.sona.Trajectory}
 * in the lock-free {@link io.neuraldag.sona.DagTrajectoryBuffer}. The background loop drains the
 * buffer, clusters trajectories with k-means++, turns clusters into {@link io.neuraldag.sona.Pattern}s,
 * and consolidates the adapter with {@link io.neuraldag.sona.EwcPlusPlus} at task boundaries.
 *
 * <p>Everything is thread-safe unless a type says otherwise; readers never block on the background
 * loop. Every stochastic step draws from a {@link java.util.SplittableRandom} seeded by {@link
 * io.neuraldag.sona.SonaConfig#seed()}.
 */
@NullMarked
package io.neuraldag.sona;

import org.jspecify.annotations.NullMarked;
