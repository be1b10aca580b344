package io.neuraldag.mincut;

/** {@link DynamicMinCut} over a {@link FlowState}; a monitor guards the state. */
final class IncrementalDinic implements DynamicMinCut {
    /*
     * All mutation happens under the monitor; lambda is republished in a volatile field after
     * every change so that lambda() never takes the lock.
     */
    private static final int[] NO_OPERATORS = new int[0];

    private final FlowState state;
    private volatile double lambda;

    IncrementalDinic(FlowNetwork network, int source, int sink) {
        this.state = new FlowState(network, source, sink);
        this.lambda = state.lambda;
    }

    @Override
    public double lambda() {
        return lambda;
    }

    @Override
    public int source() {
        return state.s;
    }

    @Override
    public int sink() {
        return state.t;
    }

    @Override
    public synchronized int nodeCount() {
        return state.net.nodeCount;
    }

    @Override
    public synchronized int arcCount() {
        return state.net.arcCount;
    }

    @Override
    public synchronized int addNode() {
        return state.addNode();
    }

    @Override
    public synchronized int addArc(int tail, int head, double capacity) {
        state.net.checkNode(tail);
        state.net.checkNode(head);
        if (tail == head) {
            throw new MinCutException(MinCutException.Kind.SELF_LOOP, "self-loop at node " + tail);
        }
        FlowNetwork.checkCapacity("capacity", capacity);
        int a = state.addArc(tail, head, capacity);
        lambda = state.lambda;
        return a;
    }

    @Override
    public synchronized void setCapacity(int arc, double capacity) {
        state.net.checkArc(arc);
        FlowNetwork.checkCapacity("capacity", capacity);
        state.setCapacity(arc, capacity);
        lambda = state.lambda;
    }

    @Override
    public synchronized double capacity(int arc) {
        return state.net.capacity(arc);
    }

    @Override
    public synchronized boolean inMinSourceSide(int node) {
        state.net.checkNode(node);
        if (state.infinite) {
            return false;
        }
        state.ensureSmin();
        return state.inSmin(node);
    }

    @Override
    public synchronized double lambdaWithInfiniteCapacity(int arc) {
        state.net.checkArc(arc);
        return state.lambdaWithInfinite(arc);
    }

    @Override
    public synchronized double lambdaWithoutArc(int arc) {
        state.net.checkArc(arc);
        return state.lambdaWithZero(arc);
    }

    @Override
    public synchronized MinCutResult result() {
        return state.result(NO_OPERATORS);
    }

    @Override
    public synchronized FlowNetwork network() {
        return state.net.copy();
    }

    @Override
    public String toString() {
        return "DynamicMinCut[lambda=" + lambda + "]";
    }
}
