package io.neuraldag.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.neuraldag.core.testing.DagOracles;
import io.neuraldag.core.testing.RandomDags;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Pearce–Kelly dynamic topological order behind {@link QueryDag#addEdge}: over random
 * sequences of node insertions, forward and backward edge insertions, edge removals and node
 * removals, every accept/reject decision matches brute-force reachability, and after every step
 * both the public order and the internally maintained order are valid topological orders.
 */
class DynamicOrderPropertyTest {

    static Stream<Named<Long>> seeds() {
        return RandomDags.namedSeeds(0xD0D0_0000L, 500);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("seeds")
    void randomMutationSequences(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        QueryDag dag = switch (r.nextInt(4)) {
            case 0 -> new QueryDag();
            // bulk-loaded: the order is reset by the reader
            case 1 -> QueryDag.fromJson(RandomDags.one(seed, 1, 30).toJson());
            // copied: the order comes from the snapshot
            case 2 -> RandomDags.one(seed, 1, 30).copy();
            default -> RandomDags.one(seed, 1, 30);
        };
        Set<Long> edges = new HashSet<>();
        for (Edge e : dag.edges()) {
            edges.add(key(e.from(), e.to()));
        }
        int steps = 100;
        DagOracles oracle = DagOracles.of(dag);
        for (int step = 0; step < steps; step++) {
            int[] ids = dag.nodeIds();
            int op = r.nextInt(20);
            String what;
            if (ids.length < 2 || op < 3) {
                if (r.nextBoolean()) {
                    what = "addNode -> " + dag.addNode(new Operator.Result());
                } else {
                    int id = r.nextInt(80);
                    if (dag.containsNode(id)) {
                        what = "skip";
                    } else {
                        dag.addNode(id, new Operator.Materialize());
                        what = "addNode(" + id + ")";
                    }
                }
            } else if (op == 3) {
                int id = ids[r.nextInt(ids.length)];
                dag.removeNode(id);
                edges.removeIf(k -> (int) (k >>> 32) == id || (int) (long) k == id);
                what = "removeNode(" + id + ")";
            } else if (op == 4 && !edges.isEmpty()) {
                List<Long> list = new ArrayList<>(edges);
                long k = list.get(r.nextInt(list.size()));
                assertThat(dag.removeEdge((int) (k >>> 32), (int) k)).isTrue();
                edges.remove(k);
                what = "removeEdge";
            } else {
                int a = ids[r.nextInt(ids.length)];
                int b = ids[r.nextInt(ids.length)];
                // half forward in id order, half backward, so the maintained order must move nodes
                int from = r.nextBoolean() ? Math.min(a, b) : Math.max(a, b);
                int to = from == a ? b : a;
                boolean cycle = from == to || oracle.reaches(to, from);
                what = "addEdge(" + from + ", " + to + ")";
                if (cycle) {
                    String before = dag.toJson();
                    DagException e = catchThrowableOfType(DagException.class, () -> dag.addEdge(from, to));
                    assertThat(e).as("step %d: %s must be rejected", step, what).isNotNull();
                    assertThat(e.kind()).isEqualTo(DagException.Kind.CYCLE_DETECTED);
                    assertThat(dag.toJson()).isEqualTo(before);
                } else {
                    boolean added = dag.addEdge(from, to);
                    assertThat(added).as("step %d: %s", step, what).isEqualTo(edges.add(key(from, to)));
                }
            }
            assertThat(edges).as("step %d: %s", step, what).hasSize(dag.edgeCount());
            oracle = DagOracles.of(dag);
            assertThat(oracle.isTopologicalOrder(dag.topologicalSort()))
                    .as("step %d: %s", step, what)
                    .isTrue();
            assertMaintainedOrderIsValid(dag, "step " + step + ": " + what);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wrapSeeds")
    void survivesTheSearchEpochWrappingAround(long seed) {
        // every reordering search takes a new epoch; force the counter to wrap within a few edges
        QueryDag dag = RandomDags.one(seed, 20, 40);
        setEpoch(dag, Integer.MAX_VALUE - 3);
        SplittableRandom r = new SplittableRandom(seed);
        int[] ids = dag.nodeIds();
        for (int step = 0; step < 60; step++) {
            int a = ids[r.nextInt(ids.length)];
            int b = ids[r.nextInt(ids.length)];
            int from = Math.max(a, b);
            int to = Math.min(a, b);
            boolean cycle = from == to || DagOracles.of(dag).reaches(to, from);
            if (cycle) {
                assertThat(QueryDagTest.rejectsAsCycle(dag, from, to))
                        .as("step %d", step)
                        .isTrue();
            } else {
                dag.addEdge(from, to);
            }
            assertMaintainedOrderIsValid(dag, "step " + step);
        }
        assertThat((int) read(dag, "epoch")).isLessThan(1000);
    }

    static Stream<Named<Long>> wrapSeeds() {
        return seeds().limit(20);
    }

    private static void setEpoch(QueryDag dag, int value) {
        try {
            field("epoch").setInt(dag, value);
        } catch (IllegalAccessException e) {
            throw new LinkageError("QueryDag.epoch is not writable", e);
        }
    }

    private static long key(int from, int to) {
        return ((long) from << 32) | (to & 0xFFFF_FFFFL);
    }

    /** Reads the private dynamic order and checks that every edge goes forward in it. */
    static void assertMaintainedOrderIsValid(QueryDag dag, String context) {
        int[] ord = (int[]) read(dag, "ord");
        int[] slotId = (int[]) read(dag, "slotId");
        Object[] slotNode = (Object[]) read(dag, "slotNode");
        int slotCount = (int) read(dag, "slotCount");
        Map<Integer, Integer> rank = new HashMap<>();
        Set<Integer> seen = new HashSet<>();
        for (int s = 0; s < slotCount; s++) {
            if (slotNode[s] != null) {
                rank.put(slotId[s], ord[s]);
                assertThat(seen.add(ord[s]))
                        .as("%s: duplicate rank %d", context, ord[s])
                        .isTrue();
            }
        }
        assertThat(rank).hasSize(dag.nodeCount());
        for (Edge e : dag.edges()) {
            assertThat(rank.get(e.from()))
                    .as("%s: maintained order of edge %s", context, e)
                    .isLessThan(rank.get(e.to()));
        }
    }

    private static final Map<String, Field> FIELDS = new java.util.concurrent.ConcurrentHashMap<>();

    private static Field field(String name) {
        return FIELDS.computeIfAbsent(name, n -> {
            try {
                Field f = QueryDag.class.getDeclaredField(n);
                f.setAccessible(true);
                return f;
            } catch (NoSuchFieldException e) {
                throw new LinkageError("QueryDag." + n + " does not exist", e);
            }
        });
    }

    private static Object read(QueryDag dag, String name) {
        try {
            Object v = field(name).get(dag);
            if (v == null) {
                throw new AssertionError("field " + name + " is null");
            }
            return v;
        } catch (ReflectiveOperationException e) {
            throw new LinkageError("QueryDag." + name + " is not readable", e);
        }
    }
}
