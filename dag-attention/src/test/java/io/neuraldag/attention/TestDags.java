package io.neuraldag.attention;

import io.neuraldag.core.Operator;
import io.neuraldag.core.OperatorNode;
import io.neuraldag.core.QueryDag;
import io.neuraldag.core.testing.RandomDags;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The named DAGs of the spec's worked examples, and transformations of dag-core's shared {@link
 * RandomDags} for the property tests (relabelled ids, extreme estimates, embeddings everywhere).
 */
final class TestDags {
    private TestDags() {}

    /** The property-test cases: 1000 specs of dag-core's shared families, 1–200 nodes. */
    static List<RandomDags.Spec> cases(long masterSeed) {
        return RandomDags.specs(masterSeed, 1000, 1, RandomDags.MAX_NODES);
    }

    static int[] identity(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        return a;
    }

    static int[] shuffled(int n, SplittableRandom rnd) {
        int[] a = identity(n);
        for (int i = n - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
        return a;
    }

    /** Distinct non-negative ids in random (not ascending) order, with gaps. */
    static int[] randomIds(int n, SplittableRandom rnd) {
        int[] perm = shuffled(3 * n + 5, rnd);
        int[] r = new int[n];
        System.arraycopy(perm, 0, r, 0, n);
        return r;
    }

    /** A copy with the i-th smallest id replaced by newIds[i] (same payloads and edges). */
    static QueryDag relabel(QueryDag dag, int[] newIds) {
        int[] ids = dag.nodeIds();
        java.util.Map<Integer, Integer> map = new java.util.HashMap<>();
        QueryDag r = new QueryDag();
        for (int i = 0; i < ids.length; i++) {
            map.put(ids[i], newIds[i]);
            r.addNode(newIds[i], dag.node(ids[i]));
        }
        for (io.neuraldag.core.Edge e : dag.edges()) {
            r.addEdge(map.getOrDefault(e.from(), -1), map.getOrDefault(e.to(), -1));
        }
        return r;
    }

    /** A copy whose estimates are 0, 1e300 or ordinary, each with probability 1/3. */
    static QueryDag withExtremeEstimates(QueryDag dag, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        QueryDag r = dag.copy();
        for (int id : r.nodeIds()) {
            int c = rnd.nextInt(3);
            double cost = c == 0 ? 0.0 : c == 1 ? 1e300 : rnd.nextDouble() * 1e3;
            int k = rnd.nextInt(3);
            double rows = k == 0 ? 0.0 : k == 1 ? 1e300 : rnd.nextDouble() * 1e4;
            r.replaceNode(id, r.node(id).withEstimates(rows, cost));
        }
        return r;
    }

    /** A copy in which every node has a random embedding of the given dimension. */
    @SuppressWarnings("NullAway") // NullAway does not read the type-use @Nullable of withEmbedding from class files
    static QueryDag withRandomEmbeddings(QueryDag dag, int dim, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        QueryDag r = dag.copy();
        // a DAG holds one embedding dimension: drop the old embeddings before adding new ones
        for (int id : r.nodeIds()) {
            r.replaceNode(id, r.node(id).withEmbedding(null));
        }
        for (int id : r.nodeIds()) {
            float[] e = new float[dim];
            for (int k = 0; k < dim; k++) {
                e[k] = (float) (rnd.nextDouble() * 2 - 1);
            }
            r.replaceNode(id, r.node(id).withEmbedding(e));
        }
        return r;
    }

    // ------------------------------------------------------------------ spec example DAGs

    static QueryDag of(int n, int[][] edges) {
        QueryDag d = new QueryDag();
        for (int i = 0; i < n; i++) {
            d.addNode(i, new Operator.SeqScan("t" + i));
        }
        for (int[] e : edges) {
            d.addEdge(e[0], e[1]);
        }
        return d;
    }

    /** Chain4 = 0 -> 1 -> 2 -> 3. */
    static QueryDag chain(int n) {
        int[][] e = new int[Math.max(0, n - 1)][];
        for (int i = 0; i + 1 < n; i++) {
            e[i] = new int[] {i, i + 1};
        }
        return of(n, e);
    }

    /** 0 -> 1, 0 -> 2, 1 -> 3, 2 -> 3. */
    static QueryDag diamond() {
        return of(4, new int[][] {{0, 1}, {0, 2}, {1, 3}, {2, 3}});
    }

    /** Scans 0, 1 -> join 2. */
    static QueryDag scansJoin() {
        return of(3, new int[][] {{0, 2}, {1, 2}});
    }

    /** Scans 0, 1 -> join 2 -> result 3. */
    static QueryDag scansJoinResult() {
        return of(4, new int[][] {{0, 2}, {1, 2}, {2, 3}});
    }

    /** Scans 0, 1, 2 -> join 3 -> result 4. */
    static QueryDag threeScans() {
        return of(5, new int[][] {{0, 3}, {1, 3}, {2, 3}, {3, 4}});
    }

    /** Bowtie 0, 1 -> 2 -> 3, 4. */
    static QueryDag bowtie() {
        return of(5, new int[][] {{0, 2}, {1, 2}, {2, 3}, {2, 4}});
    }

    /** Sets the cost of every node. */
    static QueryDag withCosts(QueryDag d, double... costs) {
        for (int i = 0; i < costs.length; i++) {
            OperatorNode n = d.node(i);
            d.replaceNode(i, n.withEstimates(n.estimatedRows(), costs[i]));
        }
        return d;
    }

    /** Sets embeddings (one float[] per id 0..k-1). */
    static QueryDag withEmbeddings(QueryDag d, float[]... e) {
        for (int i = 0; i < e.length; i++) {
            d.replaceNode(i, d.node(i).withEmbedding(e[i]));
        }
        return d;
    }

    /** A single node with the given operator and estimates. */
    static QueryDag single(Operator op, double rows, double cost) {
        QueryDag d = new QueryDag();
        d.addNode(7, OperatorNode.of(op, rows, cost));
        return d;
    }
}
