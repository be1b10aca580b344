package io.neuraldag.benchmarks;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.neuraldag.core.BenchDags;
import io.neuraldag.core.OperatorNode;
import io.neuraldag.core.QueryDag;
import io.neuraldag.core.SnapshotBench;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One of the four benchmark DAGs ({@code n} = 10, 100, 500, 1000 nodes with 9, 181, 961, 1935
 * edges) in every form the benchmarks need: the node payloads and the edges in file order (for
 * building), the loaded DAG, its canonical JSON and binary forms, and the raw snapshot arrays of the
 * graph and of a copy with randomly relabelled ids (seed 42).
 *
 * <p>Per-thread state, set up once per trial; the benchmarks that mutate {@link #dag} only replace
 * a node's payload by the same payload, remove one edge into that node and add it back, or toggle
 * that edge ({@link #toggleEdge()}), so the graph is the bench DAG or lacks that one edge.
 */
@State(Scope.Thread)
public class BenchGraph {
    /** Node count of the bench DAG: 10, 100, 500 or 1000. */
    @Param({"10", "100", "500", "1000"})
    public int n;

    int[] ids = new int[0];
    OperatorNode[] nodes = new OperatorNode[0];
    int[] from = new int[0];
    int[] to = new int[0];
    QueryDag dag = new QueryDag();
    int mutatedId;
    int removedFrom;
    int removedTo;
    boolean removedPresent = true;
    OperatorNode mutatedNode = OperatorNode.of(new io.neuraldag.core.Operator.Result());
    String benchJson = "";
    String canonicalJson = "";
    byte[] bytes = new byte[0];
    SnapshotBench arrays = SnapshotBench.of(new QueryDag().snapshot());
    SnapshotBench relabelled = arrays;

    /** Loads the graph and derives every form from it. */
    @Setup(Level.Trial)
    public void load() {
        benchJson = BenchDags.json(n);
        dag = BenchDags.load(n);
        ids = dag.nodeIds();
        nodes = new OperatorNode[ids.length];
        for (int i = 0; i < ids.length; i++) {
            nodes[i] = dag.node(ids[i]);
        }
        readEdgeOrder(benchJson);
        if (from.length != dag.edgeCount()) {
            throw new IllegalStateException("edge count mismatch for n=" + n);
        }
        mutatedId = ids[ids.length / 2];
        mutatedNode = dag.node(mutatedId);
        int[] parents = dag.parents(mutatedId);
        removedFrom = parents.length > 0 ? parents[0] : mutatedId;
        removedTo = parents.length > 0 ? mutatedId : dag.children(mutatedId)[0];
        canonicalJson = dag.toJson();
        bytes = dag.toBytes();
        arrays = SnapshotBench.of(dag.snapshot());
        relabelled = SnapshotBench.of(relabel(new SplittableRandom(42)).snapshot());
    }

    /**
     * Removes the edge {@code removedFrom -> removedTo} if present, else adds it back: one net edge
     * change per call, alternately a deletion and an insertion.
     */
    void toggleEdge() {
        if (removedPresent) {
            dag.removeEdge(removedFrom, removedTo);
        } else {
            dag.addEdge(removedFrom, removedTo);
        }
        removedPresent = !removedPresent;
    }

    /** The edges in the order the file lists them (by consumer), as the original adds them. */
    private void readEdgeOrder(String json) {
        int[] f = new int[16];
        int[] t = new int[16];
        int m = 0;
        try (JsonParser p = new JsonFactory().createParser(json)) {
            p.nextToken();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                if (!name.equals("edges")) {
                    p.skipChildren();
                    continue;
                }
                while (p.nextToken() == JsonToken.START_ARRAY) {
                    if (m == f.length) {
                        f = Arrays.copyOf(f, 2 * m);
                        t = Arrays.copyOf(t, 2 * m);
                    }
                    p.nextToken();
                    f[m] = p.getIntValue();
                    p.nextToken();
                    t[m] = p.getIntValue();
                    p.nextToken();
                    m++;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        from = Arrays.copyOf(f, m);
        to = Arrays.copyOf(t, m);
    }

    /**
     * The same graph under a random permutation of its ids, so that edges no longer all go from a
     * smaller to a larger id and the topological sort cannot take its identity fast path.
     */
    private QueryDag relabel(SplittableRandom r) {
        int size = ids.length;
        int[] perm = new int[size];
        for (int i = 0; i < size; i++) {
            perm[i] = i;
        }
        for (int i = size - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int x = perm[i];
            perm[i] = perm[j];
            perm[j] = x;
        }
        QueryDag d = new QueryDag(size, from.length);
        for (int i = 0; i < size; i++) {
            d.addNode(perm[ids[i]], nodes[i]);
        }
        for (int k = 0; k < from.length; k++) {
            d.addEdge(perm[from[k]], perm[to[k]]);
        }
        return d;
    }
}
