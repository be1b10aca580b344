package io.neuraldag.attention;

import io.neuraldag.core.Operator;
import io.neuraldag.core.OperatorNode;
import io.neuraldag.core.QueryDag;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.jspecify.annotations.Nullable;

/**
 * Seeded random DAGs for property tests (spec 01 §7: 1–200 nodes; chains, diamonds, trees and
 * random {@code i -> j, i < j} graphs) and the named DAGs of the spec's worked examples.
 *
 * <p>A {@link Spec} is a DAG description (ids, payloads, edges by position) that can be built with
 * any node and edge insertion order and any id relabelling; all edges go from a lower to a higher
 * position, so every build is acyclic.
 */
final class TestDags {
    private TestDags() {}

    /** Seeds 0..count-1 for {@code @MethodSource}. */
    static LongStream seeds(int count) {
        return LongStream.range(0, count);
    }

    /** A DAG description: node i has id ids[i] and payload nodes[i]; edges are position pairs. */
    @SuppressWarnings("ArrayRecordComponent") // test-only value holder, never compared
    record Spec(int[] ids, OperatorNode[] nodes, List<int[]> edges) {
        int size() {
            return ids.length;
        }

        QueryDag build() {
            return build(identity(ids.length), identity(edges.size()));
        }

        /** Builds inserting nodes in nodeOrder and edges in edgeOrder (both permutations). */
        QueryDag build(int[] nodeOrder, int[] edgeOrder) {
            QueryDag d = new QueryDag();
            for (int p : nodeOrder) {
                d.addNode(ids[p], nodes[p]);
            }
            for (int e : edgeOrder) {
                int[] pair = edges.get(e);
                d.addEdge(ids[pair[0]], ids[pair[1]]);
            }
            return d;
        }

        /** The same DAG with node ids mapped through newIds (by position). */
        Spec relabel(int[] newIds) {
            return new Spec(newIds.clone(), nodes, edges);
        }

        /** The same DAG with every payload transformed. */
        Spec mapNodes(java.util.function.UnaryOperator<OperatorNode> f) {
            OperatorNode[] r = new OperatorNode[nodes.length];
            for (int i = 0; i < r.length; i++) {
                r[i] = f.apply(nodes[i]);
            }
            return new Spec(ids, r, edges);
        }
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

    private static final Operator[] OPS = {
        new Operator.SeqScan("t"),
        new Operator.IndexScan("i", "t"),
        new Operator.Filter("x > 0"),
        new Operator.HashJoin("k", io.neuraldag.core.JoinType.INNER),
        new Operator.Sort(List.of("a"), List.of(false)),
        new Operator.Aggregate(List.of("count")),
        new Operator.Limit(10),
        new Operator.Result()
    };

    /** Options for random payloads. */
    record Attrs(boolean extremeCosts, boolean timestamps, int embeddingDim) {
        static final Attrs PLAIN = new Attrs(false, false, 0);
    }

    /** A random DAG of 1..maxNodes nodes, seeded. */
    @SuppressWarnings("NullAway") // NullAway does not read OperatorNode's type-use @Nullable array component
    static Spec random(long seed, int maxNodes, Attrs attrs) {
        SplittableRandom rnd = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + 17);
        int n = 1 + rnd.nextInt(maxNodes);
        List<int[]> edges = new ArrayList<>();
        int shape = rnd.nextInt(4);
        switch (shape) {
            case 0 -> { // chain
                for (int i = 0; i + 1 < n; i++) {
                    edges.add(new int[] {i, i + 1});
                }
            }
            case 1 -> { // stacked diamonds: a -> b, a -> c, b -> d, c -> d, d is the next a
                for (int a = 0; a + 3 < n; a += 3) {
                    edges.add(new int[] {a, a + 1});
                    edges.add(new int[] {a, a + 2});
                    edges.add(new int[] {a + 1, a + 3});
                    edges.add(new int[] {a + 2, a + 3});
                }
            }
            case 2 -> { // in-tree: every node feeds one later node (scans toward a root)
                for (int i = 0; i + 1 < n; i++) {
                    edges.add(new int[] {i, i + 1 + rnd.nextInt(Math.min(n - i - 1, 4))});
                }
            }
            default -> { // random i -> j with i < j
                double p = Math.min(1.0, (1.0 + rnd.nextDouble() * 3.0) / Math.max(1, n));
                for (int i = 0; i < n; i++) {
                    for (int j = i + 1; j < n; j++) {
                        if (rnd.nextDouble() < p) {
                            edges.add(new int[] {i, j});
                        }
                    }
                }
            }
        }
        OperatorNode[] nodes = new OperatorNode[n];
        boolean zeroCosts = rnd.nextInt(5) == 0;
        for (int i = 0; i < n; i++) {
            double cost;
            double rows;
            if (attrs.extremeCosts()) {
                int c = rnd.nextInt(3);
                cost = c == 0 ? 0.0 : c == 1 ? 1e300 : rnd.nextDouble() * 1e3;
                int r = rnd.nextInt(3);
                rows = r == 0 ? 0.0 : r == 1 ? 1e300 : rnd.nextDouble() * 1e4;
            } else if (zeroCosts) {
                cost = 0;
                rows = 0;
            } else {
                cost = rnd.nextInt(4) == 0 ? 0.0 : Math.floor(rnd.nextDouble() * 200);
                rows = Math.floor(rnd.nextDouble() * 5000);
            }
            @Nullable Double start = attrs.timestamps() && rnd.nextInt(4) != 0 ? (double) rnd.nextInt(3000) : null;
            float @Nullable [] emb = null;
            if (attrs.embeddingDim() > 0) {
                emb = new float[attrs.embeddingDim()];
                for (int k = 0; k < emb.length; k++) {
                    emb[k] = (float) (rnd.nextDouble() * 2 - 1);
                }
            }
            nodes[i] = new OperatorNode(OPS[rnd.nextInt(OPS.length)], rows, cost, null, null, start, null, emb);
        }
        int[] ids = rnd.nextBoolean() ? identity(n) : randomIds(n, rnd);
        return new Spec(ids, nodes, edges);
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
