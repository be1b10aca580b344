/**
 * Exact S–T minimum cuts over query plans and arbitrary flow networks (spec 02 §2).
 *
 * <ul>
 *   <li>{@link io.neuraldag.mincut.FlowNetwork}: a directed graph with capacities {@code >= 0} or
 *       {@code +inf}, cycles allowed, independent of plans; {@link io.neuraldag.mincut.PlanNetwork}
 *       builds one from a plan by splitting every operator into an arc {@code v_in -> v_out} under
 *       a {@link io.neuraldag.mincut.CapacityModel}.
 *   <li>{@link io.neuraldag.mincut.MinCutSolver}: Dinic's max-flow on primitive arrays, returning a
 *       {@link io.neuraldag.mincut.MinCutResult} with the flow, both extreme minimum cuts and the cut
 *       arcs; every result is a checkable certificate.
 *   <li>{@link io.neuraldag.mincut.DynamicMinCut}: the same flow kept exact under capacity updates
 *       (§2.4), with {@code O(1)} reads of lambda.
 *   <li>{@link io.neuraldag.mincut.MinCutEngine}: the plan-level engine, configured by a {@link
 *       io.neuraldag.mincut.MinCutConfig}: dynamic plan updates, operator criticality, tension,
 *       vitality and redundancy (§2.3), bottlenecks, alerts, health and recommendations (§2.6), and a
 *       {@link io.neuraldag.core.CriticalityProvider} for MinCutGated attention.
 *   <li>{@link io.neuraldag.mincut.LocalKCut}: local cut queries around a seed vertex (§2.5), for
 *       pre-screening only.
 * </ul>
 *
 * <p>Numbers are {@code double}; a flow is exact up to a relative tolerance of {@code 1e-9}.
 */
@NullMarked
package io.neuraldag.mincut;

import org.jspecify.annotations.NullMarked;
