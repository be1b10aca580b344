package io.neuraldag.mincut;

import io.neuraldag.core.DagSnapshot;
import io.neuraldag.core.QueryDag;
import java.util.Arrays;
import java.util.Objects;

/**
 * The flow network of a query plan (spec 02 §2.1) with its fixed layout.
 *
 * <p>For a plan of {@code n} operators at snapshot indices {@code i} (ascending ids):
 *
 * <ul>
 *   <li>node {@code 2i} is {@code v_in}, node {@code 2i+1} is {@code v_out}; node {@code 2n} is the
 *       super-source S and {@code 2n+1} the super-sink T;
 *   <li>arc {@code i} is the operator arc {@code v_in -> v_out} with capacity {@code c(v)};
 *   <li>arc {@code n + p} is the plan edge at CSR position {@code p} of the snapshot ({@code
 *       outTarget(p)}), {@code u_out -> v_in};
 *   <li>then one arc {@code S -> v_in} (infinite) per operator without inputs and one arc {@code v_out
 *       -> T} ({@link CapacityModel#sinkCapacity}) per operator without consumers, in index order.
 * </ul>
 *
 * <p>No root or leaf is picked: every source is fed and every sink drains, so {@code lambda} is the
 * max flow from all inputs to all outputs. Building is {@code O(n + m)}.
 *
 * <p>The {@link #network()} is this object's own and may be changed (capacities for what-if
 * analysis, even new arcs); the layout above stays valid. <b>Not thread-safe</b> for that reason.
 */
public final class PlanNetwork {
    private final FlowNetwork network;
    private final int[] operatorIds;
    private final int[] operatorIdOfArc;
    private final int edgeCount;

    private PlanNetwork(FlowNetwork network, int[] operatorIds, int[] operatorIdOfArc, int edgeCount) {
        this.network = network;
        this.operatorIds = operatorIds;
        this.operatorIdOfArc = operatorIdOfArc;
        this.edgeCount = edgeCount;
    }

    /**
     * Builds the network of a snapshot under a capacity model, with infinite edges.
     *
     * @param snapshot the plan
     * @param model the capacity model
     * @return the network
     */
    public static PlanNetwork build(DagSnapshot snapshot, CapacityModel model) {
        return build(snapshot, model, EdgeCapacity.INFINITE);
    }

    /**
     * Builds the network of a DAG (of its current snapshot).
     *
     * @param dag the plan
     * @param model the capacity model
     * @param edges the edge mode
     * @return the network
     */
    public static PlanNetwork build(QueryDag dag, CapacityModel model, EdgeCapacity edges) {
        return build(dag.snapshot(), model, edges);
    }

    /**
     * Builds the network of a snapshot.
     *
     * @param snapshot the plan
     * @param model the capacity model
     * @param edges the edge mode
     * @return the network
     */
    public static PlanNetwork build(DagSnapshot snapshot, CapacityModel model, EdgeCapacity edges) {
        Objects.requireNonNull(snapshot, "snapshot");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(edges, "edges");
        int n = snapshot.size();
        int m = snapshot.edgeCount();
        FlowNetwork net = new FlowNetwork(2 * n + 2, n + m + 2 * n);
        net.addNodes(2 * n + 2);
        int source = 2 * n;
        int sink = 2 * n + 1;
        for (int i = 0; i < n; i++) {
            net.addArc(2 * i, 2 * i + 1, model.operatorCapacity(snapshot.estimatedCost(i)));
        }
        for (int i = 0; i < n; i++) {
            double c = model.edgeCapacity(snapshot.estimatedCost(i), snapshot.estimatedRows(i), edges);
            for (int p = snapshot.outStart(i); p < snapshot.outEnd(i); p++) {
                net.addArc(2 * i + 1, 2 * snapshot.outTarget(p), c);
            }
        }
        for (int i = 0; i < n; i++) {
            if (snapshot.inDegree(i) == 0) {
                net.addArc(source, 2 * i, Double.POSITIVE_INFINITY);
            }
        }
        for (int i = 0; i < n; i++) {
            if (snapshot.outDegree(i) == 0) {
                net.addArc(2 * i + 1, sink, model.sinkCapacity(snapshot.estimatedCost(i)));
            }
        }
        int[] ids = snapshot.ids();
        int[] opOfArc = new int[n];
        System.arraycopy(ids, 0, opOfArc, 0, n);
        return new PlanNetwork(net, ids, opOfArc, m);
    }

    /**
     * Wraps a network already laid out as described above (used by the engine's exports).
     *
     * @param network a network of {@code 2n + 2} nodes whose arcs {@code 0 .. n-1} are the operator
     *     arcs
     * @param operatorIds the ascending operator ids
     * @param edgeCount the number of edge arcs following the operator arcs
     */
    static PlanNetwork wrap(FlowNetwork network, int[] operatorIds, int edgeCount) {
        return new PlanNetwork(network, operatorIds, operatorIds.clone(), edgeCount);
    }

    /**
     * The network (live, not a copy).
     *
     * @return the network
     */
    public FlowNetwork network() {
        return network;
    }

    /**
     * The super-source S, node {@code 2n}.
     *
     * @return S
     */
    public int source() {
        return 2 * operatorIds.length;
    }

    /**
     * The super-sink T, node {@code 2n + 1}.
     *
     * @return T
     */
    public int sink() {
        return 2 * operatorIds.length + 1;
    }

    /**
     * The number of operators n.
     *
     * @return n
     */
    public int operatorCount() {
        return operatorIds.length;
    }

    /**
     * The number of plan-edge arcs (arcs {@code n .. n + edgeCount - 1}).
     *
     * @return the plan's edge count
     */
    public int edgeCount() {
        return edgeCount;
    }

    /**
     * The operator id at an index.
     *
     * @param index the index, {@code 0 .. n-1}
     * @return the id
     * @throws IndexOutOfBoundsException for a bad index
     */
    public int operatorId(int index) {
        return operatorIds[index];
    }

    /**
     * The index of an operator id ({@code O(log n)}).
     *
     * @param operatorId the id
     * @return its index, or -1 if absent
     */
    public int indexOf(int operatorId) {
        int k = Arrays.binarySearch(operatorIds, operatorId);
        return k >= 0 ? k : -1;
    }

    /**
     * The node {@code v_in} of an operator index.
     *
     * @param index the index
     * @return {@code 2 * index}
     */
    public int inNode(int index) {
        Objects.checkIndex(index, operatorIds.length);
        return 2 * index;
    }

    /**
     * The node {@code v_out} of an operator index.
     *
     * @param index the index
     * @return {@code 2 * index + 1}
     */
    public int outNode(int index) {
        Objects.checkIndex(index, operatorIds.length);
        return 2 * index + 1;
    }

    /**
     * The arc {@code v_in -> v_out} of an operator index.
     *
     * @param index the index
     * @return {@code index}
     */
    public int operatorArc(int index) {
        Objects.checkIndex(index, operatorIds.length);
        return index;
    }

    /**
     * The arc of the plan edge at CSR position {@code p}.
     *
     * @param position the position, {@code 0 .. edgeCount()-1}
     * @return {@code n + position}
     */
    public int edgeArc(int position) {
        Objects.checkIndex(position, edgeCount);
        return operatorIds.length + position;
    }

    /**
     * The operator whose arc this is.
     *
     * @param arc an arc id
     * @return the operator id, or -1 if the arc is not an operator arc
     */
    public int operatorIdOfArc(int arc) {
        return arc >= 0 && arc < operatorIdOfArc.length ? operatorIdOfArc[arc] : -1;
    }

    int[] operatorIdOfArc() {
        return operatorIdOfArc;
    }

    /**
     * The operator ids, ascending.
     *
     * @return a new array
     */
    public int[] operatorIds() {
        return operatorIds.clone();
    }

    @Override
    public String toString() {
        return "PlanNetwork[operators=" + operatorIds.length + ", edges=" + edgeCount + ", " + network + "]";
    }
}
