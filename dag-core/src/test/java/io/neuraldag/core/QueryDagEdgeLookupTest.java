package io.neuraldag.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Edge lookup ({@code hasEdge}, duplicate detection in {@code addEdge}, {@code removeEdge}) checked
 * against a set of pairs under random edits, including hubs with many out- or in-edges, where the
 * lookup walks the out-list of the source and the in-list of the target in lockstep.
 */
class QueryDagEdgeLookupTest {

    static LongStream seeds() {
        return LongStream.range(0, 300);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void lookupsMatchASetOfPairs(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int n = 2 + r.nextInt(40);
        QueryDag dag = new QueryDag();
        for (int i = 0; i < n; i++) {
            dag.addNode(i, new Operator.Result());
        }
        Set<Long> oracle = new HashSet<>();
        int hub = r.nextInt(n);
        for (int step = 0; step < 400; step++) {
            int a = r.nextBoolean() ? hub : r.nextInt(n);
            int b = r.nextInt(n);
            if (a == b) {
                continue;
            }
            int from = Math.min(a, b); // i < j keeps the graph acyclic
            int to = Math.max(a, b);
            long key = (long) from << 32 | to;
            switch (r.nextInt(3)) {
                case 0 ->
                    assertEquals(oracle.add(key), dag.addEdge(from, to), "seed " + seed + " add " + from + "->" + to);
                case 1 -> assertEquals(oracle.remove(key), dag.removeEdge(from, to), "seed " + seed + " remove");
                default -> {
                    assertEquals(
                            oracle.contains(key), dag.hasEdge(from, to), "seed " + seed + " has " + from + "->" + to);
                    assertEquals(oracle.contains(key), dag.hasEdge(from, to));
                }
            }
        }
        assertEquals(oracle.size(), dag.edgeCount(), "seed " + seed);
        for (int from = 0; from < n; from++) {
            for (int to = 0; to < n; to++) {
                if (from != to) {
                    assertEquals(oracle.contains((long) from << 32 | to), dag.hasEdge(from, to), "seed " + seed);
                }
            }
        }
    }

    @Test
    void hubWithManyOutEdgesAndOneWithManyInEdges() {
        int k = 50_000;
        QueryDag dag = new QueryDag(k + 2, 2 * k);
        dag.addNode(0, new Operator.Result());
        dag.addNode(k + 1, new Operator.Result());
        for (int i = 1; i <= k; i++) {
            dag.addNode(i, new Operator.SeqScan("t"));
            assertTrue(dag.addEdge(0, i));
            assertTrue(dag.addEdge(i, k + 1));
        }
        assertFalse(dag.addEdge(0, k / 2), "duplicate out of the hub");
        assertFalse(dag.addEdge(k / 3, k + 1), "duplicate into the sink");
        assertTrue(dag.removeEdge(0, 7));
        assertFalse(dag.hasEdge(0, 7));
        assertTrue(dag.hasEdge(0, 8));
        assertEquals(2 * k - 1, dag.edgeCount());
    }
}
