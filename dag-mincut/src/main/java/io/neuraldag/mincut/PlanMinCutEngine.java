package io.neuraldag.mincut;

import io.neuraldag.core.DagSnapshot;
import io.neuraldag.core.OperatorNode;
import io.neuraldag.core.QueryDag;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/** {@link MinCutEngine} over an internal slot-layout network kept maximum by a {@link FlowState}. */
final class PlanMinCutEngine implements MinCutEngine {
    /*
     * Internal layout: node 0 is S, node 1 is T; operator slot k owns nodes 2 + 2k (in) and 3 + 2k
     * (out) and three arcs created with it and never deleted: opArc (in -> out), srcArc (S -> in)
     * and sinkArc (out -> T). A connector has its model capacity while the operator has no inputs
     * (no consumers) and 0 otherwise. Plan edge u -> v owns the arc out(u) -> in(v), found in
     * edgeArcs by the slot pair; a deleted edge keeps its arc at capacity 0 (edgeLive false) for
     * reuse. A removed operator's slot, with all its arcs at 0, goes to the free list and is reused.
     * Dead arcs carry no flow. When dead arcs dominate, the network is rebuilt compactly from the
     * current capacities (amortized O(1) per removal).
     *
     * The plan itself lives in a QueryDag (payloads, cycle checks); adjacency for removals is read
     * from the network's incidence lists, never from a snapshot, so updates do not rebuild the
     * snapshot. Exports (network(), result(), criticalities(), analyze()) use the snapshot layout.
     *
     * Order inside an update: validate everything (the plan operation itself validates ids and
     * cycles and changes nothing on failure), then mutate the plan, then the arcs. Arc changes never
     * fail once arguments are validated.
     */
    private static final int S = 0;
    private static final int T = 1;
    private static final long NONE = -1;

    private final MinCutConfig config;
    private final CapacityModel model;
    private final LongSupplier ticker;

    private QueryDag plan = new QueryDag();
    private FlowNetwork net = new FlowNetwork();
    private FlowState flow;
    private LongIntMap slotOfId = new LongIntMap(16);
    private LongIntMap edgeArcs = new LongIntMap(16);
    private int[] slotId = new int[8];
    private int[] opArc = new int[8];
    private int[] srcArc = new int[8];
    private int[] sinkArc = new int[8];
    private int[] inDeg = new int[8];
    private int[] outDeg = new int[8];
    private int slotCount;
    private int[] freeSlots = new int[8];
    private int freeCount;
    private boolean[] edgeLive = new boolean[8];
    private int liveEdges;
    private int deadEdgeArcs;

    private volatile double lambda;
    private long version;
    private double @Nullable [] critCache;
    private long critVersion = NONE;
    private long critTime;
    /** How many times every criticality was computed (observable by tests of the cache). */
    long criticalityComputations;

    PlanMinCutEngine(MinCutConfig config, LongSupplier ticker) {
        this.config = Objects.requireNonNull(config, "config");
        this.model = config.capacityModel();
        this.ticker = ticker;
        net.addNodes(2);
        this.flow = new FlowState(net, S, T);
    }

    private static int in(int slot) {
        return 2 + 2 * slot;
    }

    private static int out(int slot) {
        return 3 + 2 * slot;
    }

    private static long key(int fromSlot, int toSlot) {
        return ((long) fromSlot << 32) | toSlot;
    }

    private int slot(int id) {
        return slotOfId.get(id);
    }

    // ------------------------------------------------------------------ building

    @Override
    public MinCutConfig config() {
        return config;
    }

    @Override
    public synchronized void buildFrom(QueryDag dag) {
        Objects.requireNonNull(dag, "dag");
        buildFrom(dag.snapshot());
    }

    @Override
    public synchronized void buildFrom(DagSnapshot snapshot) {
        Objects.requireNonNull(snapshot, "snapshot");
        int n = snapshot.size();
        double[] opCap = new double[n];
        double[] edgeCap = new double[snapshot.edgeCount()];
        for (int i = 0; i < n; i++) {
            opCap[i] = model.operatorCapacity(snapshot.estimatedCost(i));
            double c = model.edgeCapacity(snapshot.estimatedCost(i), snapshot.estimatedRows(i), config.edgeCapacity());
            for (int p = snapshot.outStart(i); p < snapshot.outEnd(i); p++) {
                edgeCap[p] = c;
            }
        }
        QueryDag copy = QueryDag.fromSnapshot(snapshot);
        rebuild(copy, snapshot, opCap, edgeCap);
    }

    /** Lays out the network for the plan with the given capacities and solves it from zero. */
    private void rebuild(QueryDag newPlan, DagSnapshot snap, double[] opCap, double[] edgeCap) {
        int n = snap.size();
        int m = snap.edgeCount();
        FlowNetwork g = new FlowNetwork(2 + 2 * n, 3 * n + m);
        g.addNodes(2 + 2 * n);
        int cap = Math.max(8, n);
        slotId = new int[cap];
        opArc = new int[cap];
        srcArc = new int[cap];
        sinkArc = new int[cap];
        inDeg = new int[cap];
        outDeg = new int[cap];
        freeSlots = new int[8];
        freeCount = 0;
        slotCount = n;
        slotOfId = new LongIntMap(n);
        edgeArcs = new LongIntMap(m);
        for (int i = 0; i < n; i++) {
            slotId[i] = snap.id(i);
            slotOfId.put(snap.id(i), i);
            inDeg[i] = snap.inDegree(i);
            outDeg[i] = snap.outDegree(i);
            opArc[i] = g.addArc(in(i), out(i), opCap[i]);
            srcArc[i] = g.addArc(S, in(i), inDeg[i] == 0 ? Double.POSITIVE_INFINITY : 0.0);
            sinkArc[i] = g.addArc(out(i), T, outDeg[i] == 0 ? model.sinkCapacity(snap.estimatedCost(i)) : 0.0);
        }
        edgeLive = new boolean[Math.max(8, 3 * n + m)];
        for (int i = 0; i < n; i++) {
            for (int p = snap.outStart(i); p < snap.outEnd(i); p++) {
                int j = snap.outTarget(p);
                int a = g.addArc(out(i), in(j), edgeCap[p]);
                edgeArcs.put(key(i, j), a);
                edgeLive[a] = true;
            }
        }
        liveEdges = m;
        deadEdgeArcs = 0;
        plan = newPlan;
        net = g;
        flow = new FlowState(g, S, T);
        changed();
    }

    private void changed() {
        version++;
        lambda = flow.lambda;
    }

    /** Rebuilds compactly when deleted arcs and free slots dominate. */
    private void compactIfSparse() {
        if (deadEdgeArcs > Math.max(256, 2 * liveEdges) || freeCount > Math.max(256, slotCount - freeCount)) {
            DagSnapshot snap = plan.snapshot();
            int n = snap.size();
            double[] opCap = new double[n];
            double[] edgeCap = new double[snap.edgeCount()];
            for (int i = 0; i < n; i++) {
                int k = slot(snap.id(i));
                opCap[i] = net.cap[opArc[k]];
                for (int p = snap.outStart(i); p < snap.outEnd(i); p++) {
                    edgeCap[p] = net.cap[edgeArcs.get(key(k, slot(snap.id(snap.outTarget(p)))))];
                }
            }
            rebuild(plan, snap, opCap, edgeCap);
        }
    }

    // ------------------------------------------------------------------ reads

    @Override
    public double lambda() {
        return lambda;
    }

    @Override
    public synchronized int operatorCount() {
        return plan.nodeCount();
    }

    @Override
    public synchronized DagSnapshot snapshot() {
        return plan.snapshot();
    }

    @Override
    public synchronized PlanNetwork network() {
        return export(null);
    }

    /** The standard layout; fills internalArc[std arc] with the internal arc when asked. */
    private PlanNetwork export(int @Nullable [][] internalArcOut) {
        DagSnapshot snap = plan.snapshot();
        int n = snap.size();
        int m = snap.edgeCount();
        FlowNetwork g = new FlowNetwork(2 * n + 2, 3 * n + m);
        g.addNodes(2 * n + 2);
        int[] map = new int[3 * n + m];
        int[] slots = new int[n];
        for (int i = 0; i < n; i++) {
            slots[i] = slot(snap.id(i));
            map[g.addArc(2 * i, 2 * i + 1, net.cap[opArc[slots[i]]])] = opArc[slots[i]];
        }
        for (int i = 0; i < n; i++) {
            for (int p = snap.outStart(i); p < snap.outEnd(i); p++) {
                int j = snap.outTarget(p);
                int a = edgeArcs.get(key(slots[i], slots[j]));
                map[g.addArc(2 * i + 1, 2 * j, net.cap[a])] = a;
            }
        }
        for (int i = 0; i < n; i++) {
            if (snap.inDegree(i) == 0) {
                map[g.addArc(2 * n, 2 * i, net.cap[srcArc[slots[i]]])] = srcArc[slots[i]];
            }
        }
        for (int i = 0; i < n; i++) {
            if (snap.outDegree(i) == 0) {
                map[g.addArc(2 * i + 1, 2 * n + 1, net.cap[sinkArc[slots[i]]])] = sinkArc[slots[i]];
            }
        }
        if (internalArcOut != null) {
            internalArcOut[0] = Arrays.copyOf(map, g.arcCount());
            internalArcOut[1] = slots;
        }
        return PlanNetwork.wrap(g, snap.ids(), m);
    }

    @Override
    public synchronized MinCutResult result() {
        int[][] maps = new int[2][];
        PlanNetwork std = export(maps);
        FlowNetwork g = std.network();
        if (flow.infinite) {
            return MinCutResult.unbounded(g.arcCount());
        }
        int[] arcMap = maps[0];
        int[] slots = maps[1];
        double[] f = new double[g.arcCount()];
        for (int a = 0; a < f.length; a++) {
            f[a] = flow.flow[arcMap[a]];
        }
        flow.ensureSmin();
        flow.ensureSmax();
        int n = slots.length;
        int[] smin = new int[2 * n + 2];
        int[] reachT = new int[2 * n + 2];
        for (int i = 0; i < n; i++) {
            mark(smin, reachT, 2 * i, in(slots[i]));
            mark(smin, reachT, 2 * i + 1, out(slots[i]));
        }
        mark(smin, reachT, 2 * n, S);
        mark(smin, reachT, 2 * n + 1, T);
        return FlowState.buildResult(g, f, flow.lambda, smin, 1, reachT, 1, std.operatorIdOfArc());
    }

    private void mark(int[] smin, int[] reachT, int stdNode, int internalNode) {
        smin[stdNode] = flow.inSmin(internalNode) ? 1 : 0;
        reachT[stdNode] = flow.inSmax(internalNode) ? 0 : 1;
    }

    // ------------------------------------------------------------------ operators

    @Override
    public synchronized void addOperator(int id, OperatorNode node) {
        Objects.requireNonNull(node, "node");
        double cost = node.estimatedCost();
        double opCap = model.operatorCapacity(cost);
        double sinkCap = model.sinkCapacity(cost);
        plan.addNode(id, node);
        int k;
        if (freeCount > 0) {
            k = freeSlots[--freeCount];
        } else {
            k = slotCount++;
            growSlots(slotCount);
            flow.addNode();
            flow.addNode();
            opArc[k] = flow.addArc(in(k), out(k), 0.0);
            srcArc[k] = flow.addArc(S, in(k), 0.0);
            sinkArc[k] = flow.addArc(out(k), T, 0.0);
            growArcs();
        }
        slotId[k] = id;
        slotOfId.put(id, k);
        inDeg[k] = 0;
        outDeg[k] = 0;
        flow.setCapacity(opArc[k], opCap);
        flow.setCapacity(sinkArc[k], sinkCap);
        flow.setCapacity(srcArc[k], Double.POSITIVE_INFINITY);
        changed();
    }

    @Override
    public synchronized void removeOperator(int id) {
        plan.node(id); // NODE_NOT_FOUND before any change
        int k = slot(id);
        flow.setCapacity(opArc[k], 0.0);
        // collected first (parked arcs included): the updates below park arcs
        int[] inside = net.allHalfEdges(in(k));
        int[] outside = net.allHalfEdges(out(k));
        int count = inside.length + outside.length;
        int[] incident = Arrays.copyOf(inside, count);
        System.arraycopy(outside, 0, incident, inside.length, outside.length);
        for (int i = 0; i < count; i++) {
            int h = incident[i];
            int a = h >>> 1;
            if (!edgeLive[a]) {
                continue;
            }
            int tailNode = net.to[2 * a + 1];
            int headNode = net.to[2 * a];
            int u = (tailNode - 3) / 2;
            int v = (headNode - 2) / 2;
            edgeLive[a] = false;
            liveEdges--;
            deadEdgeArcs++;
            if (u != k && --outDeg[u] == 0) {
                flow.setCapacity(sinkArc[u], model.sinkCapacity(cost(u)));
            }
            if (v != k && --inDeg[v] == 0) {
                flow.setCapacity(srcArc[v], Double.POSITIVE_INFINITY);
            }
            flow.setCapacity(a, 0.0);
        }
        flow.setCapacity(srcArc[k], 0.0);
        flow.setCapacity(sinkArc[k], 0.0);
        plan.removeNode(id);
        slotOfId.put(id, -1);
        if (freeCount == freeSlots.length) {
            freeSlots = Arrays.copyOf(freeSlots, freeCount * 2);
        }
        freeSlots[freeCount++] = k;
        changed();
        compactIfSparse();
    }

    private double cost(int slot) {
        return plan.node(slotId[slot]).estimatedCost();
    }

    @Override
    public synchronized void updateOperatorWeight(int id, double weight) {
        OperatorNode old = plan.node(id);
        double opCap = model.operatorCapacity(weight); // validates
        plan.replaceNode(id, old.withEstimates(old.estimatedRows(), weight));
        int k = slot(id);
        flow.setCapacity(opArc[k], opCap);
        if (model == CapacityModel.EDGE_PARENT_COST) {
            double c = model.edgeCapacity(weight, old.estimatedRows(), config.edgeCapacity());
            for (int h : net.allHalfEdges(out(k))) {
                int a = h >>> 1;
                if ((h & 1) == 0 && edgeLive[a]) {
                    flow.setCapacity(a, c);
                }
            }
            if (outDeg[k] == 0) {
                flow.setCapacity(sinkArc[k], model.sinkCapacity(weight));
            }
        }
        changed();
    }

    @Override
    public synchronized void setOperatorCapacity(int id, double capacity) {
        FlowNetwork.checkCapacity("operator capacity", capacity);
        plan.node(id);
        flow.setCapacity(opArc[slot(id)], capacity);
        changed();
    }

    // ------------------------------------------------------------------ edges

    @Override
    public synchronized boolean addEdge(int from, int to) {
        OperatorNode producer = plan.node(from);
        plan.node(to);
        double c = model.edgeCapacity(producer.estimatedCost(), producer.estimatedRows(), config.edgeCapacity());
        if (!plan.addEdge(from, to)) {
            return false;
        }
        insertEdge(slot(from), slot(to), c);
        changed();
        return true;
    }

    @Override
    public synchronized boolean removeEdge(int from, int to) {
        if (!plan.removeEdge(from, to)) {
            return false;
        }
        deleteEdge(slot(from), slot(to));
        changed();
        compactIfSparse();
        return true;
    }

    @Override
    public synchronized void updateEdge(int from, int to, double capacity) {
        FlowNetwork.checkCapacity("edge capacity", capacity);
        plan.node(from);
        plan.node(to);
        if (capacity == 0.0) {
            removeEdge(from, to);
            return;
        }
        int su = slot(from);
        int sv = slot(to);
        if (plan.hasEdge(from, to)) {
            flow.setCapacity(edgeArcs.get(key(su, sv)), capacity);
        } else {
            plan.addEdge(from, to); // CYCLE_DETECTED (self-loops included) leaves everything unchanged
            insertEdge(su, sv, capacity);
        }
        changed();
    }

    private void insertEdge(int su, int sv, double capacity) {
        long key = key(su, sv);
        int a = edgeArcs.get(key);
        if (a < 0) {
            a = flow.addArc(out(su), in(sv), capacity);
            growArcs();
            edgeArcs.put(key, a);
        } else {
            deadEdgeArcs--;
            flow.setCapacity(a, capacity);
        }
        edgeLive[a] = true;
        liveEdges++;
        if (outDeg[su]++ == 0) {
            flow.setCapacity(sinkArc[su], 0.0);
        }
        if (inDeg[sv]++ == 0) {
            flow.setCapacity(srcArc[sv], 0.0);
        }
    }

    private void deleteEdge(int su, int sv) {
        int a = edgeArcs.get(key(su, sv));
        edgeLive[a] = false;
        liveEdges--;
        deadEdgeArcs++;
        if (--outDeg[su] == 0) {
            flow.setCapacity(sinkArc[su], model.sinkCapacity(cost(su)));
        }
        if (--inDeg[sv] == 0) {
            flow.setCapacity(srcArc[sv], Double.POSITIVE_INFINITY);
        }
        flow.setCapacity(a, 0.0);
    }

    private void growSlots(int need) {
        if (need > slotId.length) {
            int c = Math.max(need, slotId.length * 2);
            slotId = Arrays.copyOf(slotId, c);
            opArc = Arrays.copyOf(opArc, c);
            srcArc = Arrays.copyOf(srcArc, c);
            sinkArc = Arrays.copyOf(sinkArc, c);
            inDeg = Arrays.copyOf(inDeg, c);
            outDeg = Arrays.copyOf(outDeg, c);
        }
    }

    private void growArcs() {
        if (net.arcCount > edgeLive.length) {
            edgeLive = Arrays.copyOf(edgeLive, Math.max(net.arcCount, edgeLive.length * 2));
        }
    }

    // ------------------------------------------------------------------ criticality

    static double criticality(double lambda, double lambdaInf) {
        if (lambda == Double.POSITIVE_INFINITY) {
            return 0.0;
        }
        if (lambdaInf == Double.POSITIVE_INFINITY) {
            return 1.0;
        }
        if (lambdaInf <= 0.0) {
            return 0.0;
        }
        return Math.max(0.0, Math.min(1.0, 1.0 - lambda / lambdaInf));
    }

    static double vitality(double lambda, double lambdaZero) {
        if (lambda == 0.0) {
            return 0.0;
        }
        if (lambda == Double.POSITIVE_INFINITY) {
            return lambdaZero == Double.POSITIVE_INFINITY ? 0.0 : 1.0;
        }
        return Math.max(0.0, Math.min(1.0, (lambda - lambdaZero) / lambda));
    }

    @Override
    public synchronized double criticality(int id) {
        plan.node(id);
        double[] cached = validCache();
        if (cached != null) {
            return cached[plan.snapshot().indexOf(id)];
        }
        return criticality(flow.lambda, flow.lambdaWithInfinite(opArc[slot(id)]));
    }

    private double @Nullable [] validCache() {
        double[] c = critCache;
        if (c != null
                && critVersion == version
                && ticker.getAsLong() - critTime < config.criticalityTtl().toNanos()) {
            return c;
        }
        return null;
    }

    @Override
    public synchronized double[] criticalities() {
        return allCriticalities().clone();
    }

    private double[] allCriticalities() {
        double[] cached = validCache();
        if (cached != null) {
            return cached;
        }
        DagSnapshot snap = plan.snapshot();
        int n = snap.size();
        double[] crit = new double[n];
        double lam = flow.lambda;
        for (int i = 0; i < n; i++) {
            crit[i] = criticality(lam, flow.lambdaWithInfinite(opArc[slot(snap.id(i))]));
        }
        critCache = crit;
        criticalityComputations++;
        critVersion = version;
        critTime = ticker.getAsLong();
        return crit;
    }

    @Override
    public synchronized double tension() {
        double t = 0.0;
        for (double c : allCriticalities()) {
            t = Math.max(t, c);
        }
        return t;
    }

    @Override
    public synchronized double vitality(int id) {
        plan.node(id);
        return vitality(flow.lambda, flow.lambdaWithZero(opArc[slot(id)]));
    }

    @Override
    public synchronized double redundancy(int id) {
        return 1.0 - vitality(id);
    }

    @Override
    public synchronized BottleneckAnalysis analyze() {
        DagSnapshot snap = plan.snapshot();
        double[] crit = allCriticalities();
        return BottleneckRules.analyze(snap, crit, flow.lambda, config, i -> {
            int k = slot(snap.id(i));
            return vitality(flow.lambda, flow.lambdaWithZero(opArc[k]));
        });
    }

    @Override
    public String toString() {
        return "MinCutEngine[operators=" + plan.nodeCount() + ", lambda=" + lambda + "]";
    }
}
