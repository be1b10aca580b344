package io.neuraldag.sona;

import io.neuraldag.core.JoinType;
import io.neuraldag.core.Operator;
import io.neuraldag.core.OperatorNode;
import io.neuraldag.core.QueryDag;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Plan fixtures for the SONA tests. */
final class Dags {

    private Dags() {}

    /** SeqScan → Filter → Result with small costs. */
    static QueryDag chain3() {
        QueryDag dag = new QueryDag();
        dag.addNode(0, OperatorNode.of(new Operator.SeqScan("users"), 1000, 15.0));
        dag.addNode(1, OperatorNode.of(new Operator.Filter("id > 0"), 500, 2.5));
        dag.addNode(2, OperatorNode.of(new Operator.Result(), 500, 0.25));
        dag.addEdge(0, 1);
        dag.addEdge(1, 2);
        return dag;
    }

    /**
     * Plan families with clearly distinct plan vectors: family f varies the operator mix and the
     * depth, so cosines between families stay below the merge threshold.
     */
    static List<QueryDag> families(int count) {
        List<QueryDag> out = new ArrayList<>();
        for (int f = 0; f < count; f++) {
            out.add(family(f));
        }
        return out;
    }

    static QueryDag family(int f) {
        QueryDag dag = new QueryDag();
        switch (f % 6) {
            case 0 -> {
                // long scan-filter chain
                int prev = dag.addNode(OperatorNode.of(new Operator.SeqScan("t" + f), 1e5, 900));
                for (int i = 0; i < 8 + f / 6; i++) {
                    int n = dag.addNode(OperatorNode.of(new Operator.Filter("c" + i), 1e4, 50));
                    dag.addEdge(prev, n);
                    prev = n;
                }
                dag.addEdge(prev, dag.addNode(OperatorNode.of(new Operator.Result(), 10, 1)));
            }
            case 1 -> {
                // hash join of two index scans with aggregation and sort
                int a = dag.addNode(OperatorNode.of(new Operator.IndexScan("a_pk", "a" + f), 1e3, 40));
                int b = dag.addNode(OperatorNode.of(new Operator.IndexScan("b_pk", "b" + f), 1e3, 40));
                int j = dag.addNode(OperatorNode.of(new Operator.HashJoin("a.id = b.id", JoinType.INNER), 1e3, 120));
                dag.addEdge(a, j);
                dag.addEdge(b, j);
                int agg = dag.addNode(
                        OperatorNode.of(new Operator.HashAggregate(List.of("k"), List.of("sum(v)")), 10, 30));
                dag.addEdge(j, agg);
                int s = dag.addNode(OperatorNode.of(new Operator.Sort(List.of("k")), 10, 5));
                dag.addEdge(agg, s);
                dag.addEdge(s, dag.addNode(OperatorNode.of(new Operator.Result(), 10, 1)));
            }
            case 2 -> {
                // vector search with rerank and limit
                int h = dag.addNode(OperatorNode.of(new Operator.HnswScan("emb_idx", 64, "docs", 10), 100, 25));
                int r = dag.addNode(OperatorNode.of(new Operator.Rerank("cross"), 100, 60));
                dag.addEdge(h, r);
                int l = dag.addNode(OperatorNode.of(new Operator.Limit(10), 10, 1));
                dag.addEdge(r, l);
                dag.addEdge(l, dag.addNode(OperatorNode.of(new Operator.Result(), 10, 1)));
            }
            case 3 -> {
                // wide union of four scans
                int u = dag.addNode(OperatorNode.of(new Operator.Append(), 4e4, 10));
                for (int i = 0; i < 4; i++) {
                    int s = dag.addNode(OperatorNode.of(new Operator.SeqScan("p" + i), 1e4, 200));
                    dag.addEdge(s, u);
                }
                int uq = dag.addNode(OperatorNode.of(new Operator.Unique(List.of("k")), 1e3, 80));
                dag.addEdge(u, uq);
                dag.addEdge(uq, dag.addNode(OperatorNode.of(new Operator.Result(), 1e3, 1)));
            }
            case 4 -> {
                // nested loop with materialize and gather
                int o = dag.addNode(OperatorNode.of(new Operator.SeqScan("outer" + f), 500, 20));
                int i = dag.addNode(OperatorNode.of(new Operator.SeqScan("inner" + f), 50, 2));
                int m = dag.addNode(OperatorNode.of(new Operator.Materialize(), 50, 3));
                dag.addEdge(i, m);
                int nl = dag.addNode(OperatorNode.of(new Operator.NestedLoopJoin(JoinType.LEFT), 500, 400));
                dag.addEdge(o, nl);
                dag.addEdge(m, nl);
                int g = dag.addNode(OperatorNode.of(new Operator.Gather(2), 500, 10));
                dag.addEdge(nl, g);
                dag.addEdge(g, dag.addNode(OperatorNode.of(new Operator.Result(), 500, 1)));
            }
            default -> {
                // merge join of sorted inputs, group by, project
                int a = dag.addNode(OperatorNode.of(new Operator.SeqScan("l" + f), 1e4, 150));
                int sa = dag.addNode(OperatorNode.of(new Operator.Sort(List.of("k")), 1e4, 300));
                dag.addEdge(a, sa);
                int b = dag.addNode(OperatorNode.of(new Operator.SeqScan("r" + f), 1e4, 150));
                int sb = dag.addNode(OperatorNode.of(new Operator.Sort(List.of("k")), 1e4, 300));
                dag.addEdge(b, sb);
                int mj = dag.addNode(OperatorNode.of(new Operator.MergeJoin("l.k = r.k", JoinType.INNER), 1e4, 200));
                dag.addEdge(sa, mj);
                dag.addEdge(sb, mj);
                int gb = dag.addNode(OperatorNode.of(new Operator.GroupBy(List.of("k")), 100, 50));
                dag.addEdge(mj, gb);
                int p = dag.addNode(OperatorNode.of(new Operator.Project(List.of("k", "n")), 100, 2));
                dag.addEdge(gb, p);
            }
        }
        return dag;
    }

    /** Family f with every estimated cost scaled: a nearby but different plan vector. */
    static QueryDag variant(int f, double costScale) {
        QueryDag dag = family(f);
        for (int id : dag.nodeIds()) {
            OperatorNode n = dag.node(id);
            dag.replaceNode(id, n.withEstimates(n.estimatedRows(), n.estimatedCost() * costScale));
        }
        return dag;
    }

    /** A random unit vector of dimension d. */
    static float[] randomUnit(SplittableRandom rnd, int d) {
        float[] v = new float[d];
        double n2 = 0;
        for (int i = 0; i < d; i++) {
            double g = gaussian(rnd);
            v[i] = (float) g;
            n2 += g * g;
        }
        double n = Math.sqrt(n2);
        for (int i = 0; i < d; i++) {
            v[i] = (float) (v[i] / n);
        }
        return v;
    }

    /** centre + noise·N(0, 1/d) per component, normalised. */
    static float[] perturbed(SplittableRandom rnd, float[] centre, double noise) {
        int d = centre.length;
        float[] v = new float[d];
        double n2 = 0;
        double s = noise / Math.sqrt(d);
        for (int i = 0; i < d; i++) {
            double x = centre[i] + s * gaussian(rnd);
            v[i] = (float) x;
            n2 += x * x;
        }
        double n = Math.sqrt(n2);
        for (int i = 0; i < d; i++) {
            v[i] = (float) (v[i] / n);
        }
        return v;
    }

    static double gaussian(SplittableRandom rnd) {
        double u = rnd.nextDouble();
        double v = rnd.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);
    }

    static double[] toDouble(float[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i];
        }
        return out;
    }
}
