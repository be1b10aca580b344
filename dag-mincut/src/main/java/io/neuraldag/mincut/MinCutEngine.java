package io.neuraldag.mincut;

import io.neuraldag.core.CriticalityProvider;
import io.neuraldag.core.DagSnapshot;
import io.neuraldag.core.OperatorNode;
import io.neuraldag.core.QueryDag;

/**
 * The plan-level min-cut engine (spec 02 §2): it keeps the exact maximum flow of a plan's network
 * ({@link PlanNetwork}) under plan changes and derives criticality, tension, vitality, redundancy,
 * bottlenecks and recommendations from it.
 *
 * {@snippet :
 * MinCutEngine mincut = MinCutEngine.create(MinCutConfig.defaults());
 * mincut.buildFrom(dag);
 * double lambda = mincut.lambda();            // O(1)
 * mincut.updateEdge(2, 3, 0.5);               // insert or re-weight a plan edge; 0 deletes it
 * double crit = mincut.criticality(2);        // 1 - lambda / lambda with c(2) = inf
 * BottleneckAnalysis report = mincut.analyze();
 * }
 *
 * <p><b>Updates.</b> Every plan operation becomes arc changes, including the S and T connector arcs
 * when an operator gains its first or loses its last input or consumer, and each arc change restores
 * the maximum flow from the current one as described in {@link DynamicMinCut}: {@code O(1)} when the
 * change cannot affect the cut, otherwise at most one max-flow. {@link #lambda()} is a volatile read.
 * The engine keeps its own copy of the plan as a {@link QueryDag}, so edges that would close a cycle
 * are rejected.
 *
 * <p><b>Criticality</b> {@code crit(v) = 1 - lambda / lambda_v^inf}, where {@code lambda_v^inf} is the
 * max flow with {@code c(v) = +inf}; 1 if that is infinite, 0 if both are 0, and 0 for every operator
 * while lambda itself is infinite. {@code crit(v) > 0} exactly when {@code v} lies in every minimum
 * cut ({@code v_in} in {@code S_min}, {@code v_out} outside {@code S_max}); only those operators cost
 * an augmentation, every other one is answered in {@code O(1)} after one BFS per side. {@code
 * tension = max crit}. {@code vitality(v) = (lambda - lambda_v^0) / lambda} with {@code c(v) = 0},
 * {@code redundancy(v) = 1 - vitality(v)}. All criticalities are cached for {@link
 * MinCutConfig#criticalityTtl()} and any update invalidates the cache.
 *
 * <p><b>Errors.</b> Unknown operator ids, duplicate ids and cycles raise {@link
 * io.neuraldag.core.DagException} ({@code NODE_NOT_FOUND}, {@code DUPLICATE_NODE}, {@code
 * CYCLE_DETECTED}); bad capacities raise {@link MinCutException}. A rejected call changes nothing.
 *
 * <p><b>Thread-safe:</b> all methods are synchronized except {@link #lambda()}.
 */
public interface MinCutEngine {

    /**
     * A new engine holding an empty plan ({@code lambda = 0}).
     *
     * @param config the configuration
     * @return the engine
     */
    static MinCutEngine create(MinCutConfig config) {
        return new PlanMinCutEngine(config, System::nanoTime);
    }

    /**
     * A {@link CriticalityProvider} giving exact min-cut criticality {@code crit(v)} (§2.3) for
     * MinCutGated attention, under the configuration's capacity model. Unlike path dominance, values
     * can be 0. Each call solves the snapshot's network once plus one augmentation per operator in
     * every minimum cut; the result for the most recent snapshot (by identity) is reused for {@link
     * MinCutConfig#criticalityTtl()}. Thread-safe.
     *
     * @param config the configuration
     * @return the provider
     */
    static CriticalityProvider criticalityProvider(MinCutConfig config) {
        return new MinCutCriticality(config, System::nanoTime);
    }

    /**
     * The configuration.
     *
     * @return the configuration
     */
    MinCutConfig config();

    /**
     * Replaces the engine's plan by a copy of {@code dag} and solves it. {@code O(n + m)} plus one
     * max-flow.
     *
     * @param dag the plan
     */
    void buildFrom(QueryDag dag);

    /**
     * Replaces the engine's plan by the content of a snapshot and solves it.
     *
     * @param snapshot the plan
     */
    void buildFrom(DagSnapshot snapshot);

    /**
     * The current max-flow value, {@code O(1)}, lock-free.
     *
     * @return lambda, {@code >= 0} or {@code +inf}
     */
    double lambda();

    /**
     * The number of operators.
     *
     * @return n
     */
    int operatorCount();

    /**
     * The engine's current plan.
     *
     * @return an immutable snapshot
     */
    DagSnapshot snapshot();

    /**
     * The current network in the standard {@link PlanNetwork} layout, with every capacity as changed
     * by updates; an independent copy. {@code O(n + m)}.
     *
     * @return the network
     */
    PlanNetwork network();

    /**
     * The certificate of the current flow, in the layout of {@link #network()}. {@code O(n + m)}.
     *
     * @return the result, with the cut operators
     */
    MinCutResult result();

    /**
     * Adds an operator without edges (it is fed by S and drains to T).
     *
     * @param id the id, {@code >= 0}
     * @param node the payload; its estimated cost is the operator's weight
     * @throws io.neuraldag.core.DagException {@code DUPLICATE_NODE} or {@code INVALID_OPERATION}
     */
    void addOperator(int id, OperatorNode node);

    /**
     * Removes an operator and its edges.
     *
     * @param id the id
     * @throws io.neuraldag.core.DagException {@code NODE_NOT_FOUND}
     */
    void removeOperator(int id);

    /**
     * Adds the plan edge {@code from -> to} with the capacity model's edge capacity.
     *
     * @param from the producer
     * @param to the consumer
     * @return whether it was added ({@code false} if it existed)
     * @throws io.neuraldag.core.DagException {@code NODE_NOT_FOUND} or {@code CYCLE_DETECTED}
     */
    boolean addEdge(int from, int to);

    /**
     * Removes the plan edge {@code from -> to}.
     *
     * @param from the producer
     * @param to the consumer
     * @return whether it existed
     * @throws io.neuraldag.core.DagException {@code NODE_NOT_FOUND}
     */
    boolean removeEdge(int from, int to);

    /**
     * Sets the capacity of the plan edge {@code from -> to}: inserts it if absent, re-weights it if
     * present, deletes it for capacity 0.
     *
     * @param from the producer
     * @param to the consumer
     * @param capacity {@code >= 0} or {@code +inf}
     * @throws MinCutException {@code INVALID_CAPACITY}
     * @throws io.neuraldag.core.DagException {@code NODE_NOT_FOUND} or {@code CYCLE_DETECTED}
     */
    void updateEdge(int from, int to, double capacity);

    /**
     * Changes an operator's weight (its estimated cost) and so its capacity under the model; under
     * {@link CapacityModel#EDGE_PARENT_COST} also its out-edges and sink connector.
     *
     * @param id the operator
     * @param weight finite, {@code >= 0}
     * @throws IllegalArgumentException for a negative or non-finite weight
     * @throws io.neuraldag.core.DagException {@code NODE_NOT_FOUND}
     */
    void updateOperatorWeight(int id, double weight);

    /**
     * Overrides the capacity of an operator's arc {@code v_in -> v_out} (until the next weight
     * change).
     *
     * @param id the operator
     * @param capacity {@code >= 0} or {@code +inf}
     * @throws MinCutException {@code INVALID_CAPACITY}
     * @throws io.neuraldag.core.DagException {@code NODE_NOT_FOUND}
     */
    void setOperatorCapacity(int id, double capacity);

    /**
     * One operator's criticality {@code crit(v)}, from the cache when valid.
     *
     * @param id the operator
     * @return crit in {@code [0, 1]}
     * @throws io.neuraldag.core.DagException {@code NODE_NOT_FOUND}
     */
    double criticality(int id);

    /**
     * Every operator's criticality, indexed like {@link #snapshot()} (ascending ids). Cached.
     *
     * @return a new array
     */
    double[] criticalities();

    /**
     * The tension {@code max crit} (0 for an empty plan).
     *
     * @return tension in {@code [0, 1]}
     */
    double tension();

    /**
     * {@code vitality(v) = (lambda - lambda_v^0) / lambda}: the share of the flow lost without the
     * operator (0 when lambda is 0). One decrease on a copy of the flow when the operator carries flow.
     *
     * @param id the operator
     * @return vitality in {@code [0, 1]}
     * @throws io.neuraldag.core.DagException {@code NODE_NOT_FOUND}
     */
    double vitality(int id);

    /**
     * {@code redundancy(v) = 1 - vitality(v)}: the share of the flow that can bypass the operator.
     *
     * @param id the operator
     * @return redundancy in {@code [0, 1]}
     * @throws io.neuraldag.core.DagException {@code NODE_NOT_FOUND}
     */
    double redundancy(int id);

    /**
     * Bottlenecks, alerts, health, costs, recommendations and redundancy suggestions (§2.6).
     *
     * @return the analysis
     */
    BottleneckAnalysis analyze();
}
