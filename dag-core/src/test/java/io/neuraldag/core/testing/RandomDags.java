package io.neuraldag.core.testing;

import io.neuraldag.core.Edge;
import io.neuraldag.core.JoinType;
import io.neuraldag.core.Operator;
import io.neuraldag.core.OperatorNode;
import io.neuraldag.core.QueryDag;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Named;

/**
 * Seeded random DAG families for property tests. Every method is a pure function of its arguments:
 * the same seed always gives the same DAG (same ids, payloads, edges and insertion order), on every
 * machine, so a failing case is replayed from the seed printed in its test name.
 *
 * <p>The families are the shapes of spec 01 §7: {@linkplain #chain chains}, {@linkplain
 * #diamonds stacked diamonds}, {@linkplain #inTree in-trees} (every node feeds one consumer, one
 * sink, like a plan tree) and {@linkplain #outTree out-trees}, {@linkplain #randomForward random
 * {@code i -> j}, {@code i < j} edges} with a density, {@linkplain #layered layered DAGs}, and
 * {@linkplain #sparseAfterRemovals sparse ids left by removals}. Payloads are random operators of
 * all 32 kinds with random estimates; costs are multiples of 0.25, so sums of costs are exact in
 * {@code double} and comparisons of path costs need no tolerance. {@link #shuffledCopy} rebuilds
 * a DAG in another insertion order, for order-independence checks.
 *
 * <p>A property test typically takes its cases from {@link #specs}:
 *
 * {@snippet :
 * static List<RandomDags.Spec> cases() {
 *     return RandomDags.specs(42L, 500, 1, 200);
 * }
 *
 * @ParameterizedTest(name = "{0}")
 * @MethodSource("cases")
 * void property(RandomDags.Spec spec) {
 *     QueryDag dag = spec.build();
 *     // ... assertions; the display name carries the seed
 * }
 * }
 *
 * <p>Stateless and thread-safe.
 */
public final class RandomDags {
    /** The largest node count {@link #specs} produces by default: 200. */
    public static final int MAX_NODES = 200;

    /**
     * Seeds for a {@code @ParameterizedTest}: {@code base + i * 0x9E3779B9} for {@code i} in {@code
     * [0, count)}, each named {@code seed=<value>L} so that a failure prints the seed to rerun.
     *
     * @param base the first seed
     * @param count how many
     * @return the named seeds
     */
    public static Stream<Named<Long>> namedSeeds(long base, int count) {
        return LongStream.range(0, count)
                .map(i -> base + i * 0x9E37_79B9L)
                .mapToObj(s -> Named.of(String.format(Locale.ROOT, "seed=%dL", s), s));
    }

    private static final String[] WORDS = {
        "users", "orders", "lineitem", "id", "price", "name", "k", "v", "items", "a", "b", "é", "x > 1", ""
    };

    private RandomDags() {}

    /** A shape of random DAG. */
    public enum Family {
        /** {@code 0 -> 1 -> ... -> n-1}. */
        CHAIN,
        /** Diamonds of width 2–4 stacked on each other (fork, parallel nodes, join). */
        DIAMONDS,
        /** A random tree whose edges point to the root: one sink, like a plan tree. */
        IN_TREE,
        /** A random tree whose edges point away from the root: one source. */
        OUT_TREE,
        /** Random edges {@code i -> j}, {@code i < j}, each with a given probability. */
        RANDOM_FORWARD,
        /** Layers with edges between consecutive layers only; every node below the top has a parent. */
        LAYERED,
        /** A random forward DAG from which random nodes were removed, leaving sparse ids. */
        SPARSE_AFTER_REMOVALS
    }

    /** What the nodes carry. */
    public enum Payloads {
        /** Random operators with zero estimates (so the critical path weighs nodes by count). */
        ZERO_COST,
        /** Random operators with random rows and costs (multiples of 0.25). */
        ESTIMATES,
        /**
         * Like {@link #ESTIMATES}, plus random actuals, start times, selectivities and embeddings (one
         * dimension per DAG); each optional field is present on about half of the nodes.
         */
        FULL
    }

    /**
     * One reproducible random DAG: a family, a node count, the payload kind, whether node ids are
     * randomly relabelled, and a seed. {@link #toString()} names all of them, so a parameterized
     * test using the spec as its display name prints everything needed to replay a failure.
     *
     * @param family the shape
     * @param nodes the node count, {@code >= 1}
     * @param payloads the payload kind
     * @param shuffledIds whether ids are a random sparse relabelling instead of {@code 0..n-1}
     * @param seed the seed
     */
    public record Spec(Family family, int nodes, Payloads payloads, boolean shuffledIds, long seed) {
        /**
         * Validates the node count.
         *
         * @throws IllegalArgumentException if {@code nodes < 1}
         */
        public Spec {
            if (nodes < 1) {
                throw new IllegalArgumentException("nodes must be >= 1: " + nodes);
            }
        }

        /**
         * Builds the DAG (a new instance on every call, always the same content).
         *
         * @return the DAG, with exactly {@link #nodes()} nodes
         */
        public QueryDag build() {
            return RandomDags.build(this);
        }

        @Override
        public String toString() {
            return String.format(
                    Locale.ROOT,
                    "%s n=%d %s%s seed=%dL",
                    family,
                    nodes,
                    payloads,
                    shuffledIds ? " shuffledIds" : "",
                    seed);
        }
    }

    /**
     * A deterministic list of specs cycling through every family, with node counts in {@code
     * [minNodes, maxNodes]} (half of them at most 20 nodes, so small cases are well represented),
     * all payload kinds and both id layouts.
     *
     * @param masterSeed the seed of the whole list
     * @param count how many specs
     * @param minNodes smallest node count, {@code >= 1}
     * @param maxNodes largest node count, {@code >= minNodes}
     * @return a new list of {@code count} specs
     * @throws IllegalArgumentException for a bad range or negative count
     */
    public static List<Spec> specs(long masterSeed, int count, int minNodes, int maxNodes) {
        if (minNodes < 1 || maxNodes < minNodes || count < 0) {
            throw new IllegalArgumentException(
                    "bad spec range: count=" + count + " nodes=[" + minNodes + ", " + maxNodes + "]");
        }
        SplittableRandom r = new SplittableRandom(masterSeed);
        Family[] families = Family.values();
        List<Spec> list = new ArrayList<>(count);
        for (int k = 0; k < count; k++) {
            Family f = families[k % families.length];
            int hi = r.nextBoolean() ? Math.min(maxNodes, Math.max(minNodes, 20)) : maxNodes;
            int n = minNodes + r.nextInt(hi - minNodes + 1);
            int p = r.nextInt(4);
            Payloads payloads = p == 0 ? Payloads.ZERO_COST : p == 3 ? Payloads.FULL : Payloads.ESTIMATES;
            list.add(new Spec(f, n, payloads, r.nextBoolean(), r.nextLong()));
        }
        return list;
    }

    /**
     * A random DAG of a random family with 1–200 nodes.
     *
     * @param seed the seed
     * @return the DAG
     */
    public static QueryDag random(long seed) {
        return one(seed, 1, MAX_NODES);
    }

    /**
     * The same DAG under a random permutation of its ids (payloads and edges follow their nodes).
     *
     * @param dag the DAG
     * @param r the source of the permutation
     * @return a new DAG
     */
    public static QueryDag relabelled(QueryDag dag, SplittableRandom r) {
        int[] ids = dag.nodeIds();
        int[] perm = ids.clone();
        shuffle(perm, r);
        QueryDag c = new QueryDag();
        for (int i = 0; i < ids.length; i++) {
            c.addNode(perm[i], dag.node(ids[i]));
        }
        for (Edge e : dag.edges()) {
            c.addEdge(perm[Arrays.binarySearch(ids, e.from())], perm[Arrays.binarySearch(ids, e.to())]);
        }
        return c;
    }

    /**
     * One random DAG of a family chosen by the seed, with the size and payload rules of {@link
     * #specs}. ({@code specs(seed, 1, ...).get(0)} is always a chain: the list cycles through the
     * families from the first.)
     *
     * @param seed the seed
     * @param minNodes the fewest nodes, {@code >= 1}
     * @param maxNodes the most nodes, {@code >= minNodes}
     * @return the DAG
     */
    public static QueryDag one(long seed, int minNodes, int maxNodes) {
        int families = Family.values().length;
        int pick = Math.floorMod(Long.hashCode(seed * 0x9E37_79B9_7F4A_7C15L), families);
        return specs(seed, families, minNodes, maxNodes).get(pick).build();
    }

    // ------------------------------------------------------------------ families

    /**
     * A chain {@code 0 -> 1 -> ... -> n-1} with random payloads (estimates).
     *
     * @param n node count, {@code >= 1}
     * @param seed the seed
     * @return the DAG
     */
    public static QueryDag chain(int n, long seed) {
        return new Spec(Family.CHAIN, n, Payloads.ESTIMATES, false, seed).build();
    }

    /**
     * Stacked diamonds: a fork node, 2–4 parallel nodes, a join node that is the next fork, and so
     * on; a last incomplete diamond ends in several sinks. Ids follow the stacking order.
     *
     * @param n node count, {@code >= 1}
     * @param seed the seed
     * @return the DAG
     */
    public static QueryDag diamonds(int n, long seed) {
        return new Spec(Family.DIAMONDS, n, Payloads.ESTIMATES, false, seed).build();
    }

    /**
     * A random in-tree: node {@code i > 0} feeds a uniformly chosen node {@code j < i}, so node 0
     * is the single sink (the plan root) and edges run from larger to smaller ids.
     *
     * @param n node count, {@code >= 1}
     * @param seed the seed
     * @return the DAG
     */
    public static QueryDag inTree(int n, long seed) {
        return new Spec(Family.IN_TREE, n, Payloads.ESTIMATES, false, seed).build();
    }

    /**
     * A random out-tree: a uniformly chosen node {@code j < i} feeds node {@code i > 0}, so node 0
     * is the single source.
     *
     * @param n node count, {@code >= 1}
     * @param seed the seed
     * @return the DAG
     */
    public static QueryDag outTree(int n, long seed) {
        return new Spec(Family.OUT_TREE, n, Payloads.ESTIMATES, false, seed).build();
    }

    /**
     * Random edges {@code i -> j} for {@code i < j}, each present with probability {@code density}.
     *
     * @param n node count, {@code >= 1}
     * @param density edge probability in {@code [0, 1]}
     * @param seed the seed
     * @return the DAG
     */
    public static QueryDag randomForward(int n, double density, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        return materialize(n, randomForwardEdges(n, density, r), identity(n), Payloads.ESTIMATES, r);
    }

    /**
     * A layered DAG: nodes split into {@code layers} consecutive layers, every edge from one layer
     * to the next; each node below the first layer has at least one parent, so its {@code level}
     * is its layer index. Other edges between consecutive layers appear with probability {@code
     * density}.
     *
     * @param n node count, {@code >= 1}
     * @param layers layer count, in {@code [1, n]}
     * @param density extra edge probability in {@code [0, 1]}
     * @param seed the seed
     * @return the DAG
     */
    public static QueryDag layered(int n, int layers, double density, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        return materialize(n, layeredEdges(n, layers, density, r), identity(n), Payloads.ESTIMATES, r);
    }

    /**
     * A random forward DAG over {@code n + removed} nodes from which {@code removed} random nodes
     * (and their edges) were removed, leaving {@code n} nodes with sparse ids and a {@code nextId}
     * above every surviving id.
     *
     * @param n surviving node count, {@code >= 1}
     * @param removed how many nodes to remove, {@code >= 0}
     * @param seed the seed
     * @return the DAG
     */
    public static QueryDag sparseAfterRemovals(int n, int removed, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        return sparse(n, removed, identity(n + removed), Payloads.ESTIMATES, r);
    }

    // ------------------------------------------------------------------ payloads

    /**
     * A random operator of any of the 32 kinds (uniform over the kinds), with random field values.
     *
     * @param r the random source
     * @return the operator
     */
    public static Operator randomOperator(SplittableRandom r) {
        return randomOperator(r, r.nextInt(Operator.KIND_COUNT));
    }

    /**
     * A random operator of the kind with this tag, with random field values.
     *
     * @param r the random source
     * @param tag the kind's tag, 0–31
     * @return the operator
     * @throws IllegalArgumentException for a tag outside 0–31
     */
    public static Operator randomOperator(SplittableRandom r, int tag) {
        return switch (tag) {
            case 0 -> new Operator.SeqScan(word(r));
            case 1 -> new Operator.IndexScan(word(r), word(r));
            case 2 -> new Operator.IndexOnlyScan(word(r), word(r));
            case 3 -> new Operator.BitmapScan(word(r), word(r));
            case 4 -> new Operator.HnswScan(word(r), 1 + r.nextInt(512), word(r), optionalPositive(r));
            case 5 -> new Operator.IvfFlatScan(word(r), 1 + r.nextInt(64), word(r), optionalPositive(r));
            case 6 -> new Operator.SubqueryScan(word(r));
            case 7 -> new Operator.CteScan(word(r));
            case 8 -> new Operator.NestedLoopJoin(joinType(r));
            case 9 -> new Operator.HashJoin(word(r), joinType(r));
            case 10 -> new Operator.MergeJoin(word(r), joinType(r));
            case 11 -> new Operator.Aggregate(words(r));
            case 12 -> new Operator.GroupBy(words(r));
            case 13 -> new Operator.HashAggregate(words(r), words(r));
            case 14 -> new Operator.WindowAgg(words(r));
            case 15 -> new Operator.Filter(word(r));
            case 16 -> new Operator.Project(words(r));
            case 17 -> {
                List<String> keys = words(r);
                yield new Operator.Sort(keys, flags(r, keys.size()));
            }
            case 18 -> {
                List<String> keys = words(r);
                yield new Operator.IncrementalSort(keys, flags(r, keys.size()));
            }
            case 19 -> new Operator.Limit(r.nextInt(4) == 0 ? r.nextLong(Long.MAX_VALUE) : r.nextInt(1000));
            case 20 -> new Operator.Unique(words(r));
            case 21 -> new Operator.Append();
            case 22 -> new Operator.MergeAppend(words(r));
            case 23 -> new Operator.Union(r.nextBoolean());
            case 24 -> new Operator.Intersect();
            case 25 -> new Operator.Except();
            case 26 -> new Operator.VectorDistance(word(r));
            case 27 -> new Operator.Rerank(word(r));
            case 28 -> new Operator.Materialize();
            case 29 -> new Operator.Result();
            case 30 -> new Operator.Gather(r.nextInt(9));
            case 31 -> new Operator.GatherMerge(r.nextInt(9));
            default -> throw new IllegalArgumentException("operator tag must be in [0, 31]: " + tag);
        };
    }

    /**
     * A random cost: a multiple of 0.25 in {@code [0, 1000]}, 0 with probability 1/8, so sums of
     * up to 2^40 such costs are exact.
     *
     * @param r the random source
     * @return the cost
     */
    public static double randomCost(SplittableRandom r) {
        return r.nextInt(8) == 0 ? 0.0 : r.nextInt(4001) * 0.25;
    }

    /**
     * A random node payload.
     *
     * @param r the random source
     * @param payloads what to fill in
     * @param embeddingDimension the dimension of embeddings when {@code payloads} is {@link
     *     Payloads#FULL}
     * @return the payload
     */
    public static OperatorNode randomNode(SplittableRandom r, Payloads payloads, int embeddingDimension) {
        Operator op = randomOperator(r);
        if (payloads == Payloads.ZERO_COST) {
            return OperatorNode.of(op);
        }
        double rows = r.nextInt(5) == 0 ? 0.0 : r.nextInt(1_000_000);
        double cost = randomCost(r);
        if (payloads == Payloads.ESTIMATES) {
            return OperatorNode.of(op, rows, cost);
        }
        Double actualRows = r.nextBoolean() ? (double) r.nextInt(1_000_000) : null;
        Double actualTime = r.nextBoolean() ? r.nextDouble() * 1000 : null;
        Double start = r.nextBoolean() ? r.nextDouble() * 1e6 - 1e3 : null;
        Double selectivity = r.nextBoolean() ? r.nextDouble() : null;
        float[] embedding = null;
        if (r.nextBoolean()) {
            embedding = new float[embeddingDimension];
            for (int i = 0; i < embeddingDimension; i++) {
                embedding[i] = (float) (r.nextDouble() * 2 - 1);
            }
        }
        return OperatorNode.of(op, rows, cost)
                .withActuals(actualRows, actualTime)
                .withStartTimeMs(start)
                .withSelectivity(selectivity)
                .withEmbedding(embedding);
    }

    // ------------------------------------------------------------------ insertion order

    /**
     * The same DAG (same ids, payloads and edges, so {@code equals}) rebuilt in a random insertion
     * order: either every node first in random order and then every edge in random order, or nodes
     * in random order with each edge added, in random order, as soon as both its endpoints exist.
     * Only {@code nextId} may differ (it becomes the largest id + 1).
     *
     * @param dag the DAG to copy (not modified)
     * @param seed the seed
     * @return a new DAG equal to {@code dag}
     */
    public static QueryDag shuffledCopy(QueryDag dag, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int[] ids = dag.nodeIds();
        shuffle(ids, r);
        List<Edge> edges = new ArrayList<>(dag.edges());
        Collections.shuffle(edges, r);
        QueryDag copy = new QueryDag();
        if (r.nextBoolean()) {
            for (int id : ids) {
                copy.addNode(id, dag.node(id));
            }
            for (Edge e : edges) {
                copy.addEdge(e.from(), e.to());
            }
        } else {
            for (int id : ids) {
                copy.addNode(id, dag.node(id));
                for (Edge e : edges) {
                    if ((e.from() == id || e.to() == id) && copy.containsNode(e.from()) && copy.containsNode(e.to())) {
                        copy.addEdge(e.from(), e.to());
                    }
                }
            }
        }
        return copy;
    }

    // ------------------------------------------------------------------ internals

    private static QueryDag build(Spec spec) {
        SplittableRandom r = new SplittableRandom(spec.seed());
        int n = spec.nodes();
        if (spec.family() == Family.SPARSE_AFTER_REMOVALS) {
            int removed = 1 + r.nextInt(Math.max(1, n / 2));
            int total = n + removed;
            int[] ids = spec.shuffledIds() ? sparseIds(total, r) : identity(total);
            return sparse(n, removed, ids, spec.payloads(), r);
        }
        int[] ids = spec.shuffledIds() ? sparseIds(n, r) : identity(n);
        List<int[]> edges = switch (spec.family()) {
            case CHAIN -> chainEdges(n);
            case DIAMONDS -> diamondEdges(n, r);
            case IN_TREE -> treeEdges(n, true, r);
            case OUT_TREE -> treeEdges(n, false, r);
            case RANDOM_FORWARD -> randomForwardEdges(n, randomDensity(n, r), r);
            case LAYERED -> layeredEdges(n, 1 + r.nextInt(Math.max(1, Math.min(n, 12))), r.nextDouble() * 0.5, r);
            case SPARSE_AFTER_REMOVALS -> throw new IllegalStateException("handled above");
        };
        return materialize(n, edges, ids, spec.payloads(), r);
    }

    // mostly sparse (mean out-degree 0.3..5), sometimes anything up to complete on small graphs
    private static double randomDensity(int n, SplittableRandom r) {
        if (n <= 30 && r.nextInt(4) == 0) {
            return r.nextDouble();
        }
        return Math.min(1.0, (0.3 + r.nextDouble() * 4.7) / Math.max(1, n - 1) * 2);
    }

    private static QueryDag sparse(int n, int removed, int[] ids, Payloads payloads, SplittableRandom r) {
        int total = n + removed;
        QueryDag dag = materialize(total, randomForwardEdges(total, randomDensity(total, r), r), ids, payloads, r);
        int[] victims = ids.clone();
        shuffle(victims, r);
        for (int k = 0; k < removed; k++) {
            dag.removeNode(victims[k]);
        }
        return dag;
    }

    private static QueryDag materialize(int n, List<int[]> edges, int[] ids, Payloads payloads, SplittableRandom r) {
        int dim = 1 + r.nextInt(8);
        QueryDag dag = new QueryDag(n, edges.size());
        for (int i = 0; i < n; i++) {
            dag.addNode(ids[i], randomNode(r, payloads, dim));
        }
        for (int[] e : edges) {
            dag.addEdge(ids[e[0]], ids[e[1]]);
        }
        return dag;
    }

    private static List<int[]> chainEdges(int n) {
        List<int[]> edges = new ArrayList<>();
        for (int i = 0; i + 1 < n; i++) {
            edges.add(new int[] {i, i + 1});
        }
        return edges;
    }

    private static List<int[]> diamondEdges(int n, SplittableRandom r) {
        List<int[]> edges = new ArrayList<>();
        int fork = 0;
        int next = 1;
        while (next < n) {
            int width = 2 + r.nextInt(3);
            int first = next;
            for (int k = 0; k < width && next < n; k++, next++) {
                edges.add(new int[] {fork, next});
            }
            int last = next;
            if (next < n) {
                int join = next++;
                for (int k = first; k < last; k++) {
                    edges.add(new int[] {k, join});
                }
                fork = join;
            }
        }
        return edges;
    }

    private static List<int[]> treeEdges(int n, boolean towardRoot, SplittableRandom r) {
        List<int[]> edges = new ArrayList<>();
        for (int i = 1; i < n; i++) {
            int parent = r.nextInt(i);
            edges.add(towardRoot ? new int[] {i, parent} : new int[] {parent, i});
        }
        return edges;
    }

    private static List<int[]> randomForwardEdges(int n, double density, SplittableRandom r) {
        if (!(density >= 0.0 && density <= 1.0)) {
            throw new IllegalArgumentException("density must be in [0, 1]: " + density);
        }
        List<int[]> edges = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                if (r.nextDouble() < density) {
                    edges.add(new int[] {i, j});
                }
            }
        }
        return edges;
    }

    private static List<int[]> layeredEdges(int n, int layers, double density, SplittableRandom r) {
        if (layers < 1 || layers > n) {
            throw new IllegalArgumentException("layers must be in [1, " + n + "]: " + layers);
        }
        if (!(density >= 0.0 && density <= 1.0)) {
            throw new IllegalArgumentException("density must be in [0, 1]: " + density);
        }
        // layer boundaries: every layer gets at least one node
        int[] start = new int[layers + 1];
        int[] cuts = new int[layers - 1];
        boolean[] taken = new boolean[n];
        for (int k = 0; k < layers - 1; k++) {
            int c;
            do {
                c = 1 + r.nextInt(n - 1);
            } while (taken[c]);
            taken[c] = true;
            cuts[k] = c;
        }
        java.util.Arrays.sort(cuts);
        start[0] = 0;
        System.arraycopy(cuts, 0, start, 1, layers - 1);
        start[layers] = n;
        List<int[]> edges = new ArrayList<>();
        for (int l = 1; l < layers; l++) {
            for (int v = start[l]; v < start[l + 1]; v++) {
                int forced = start[l - 1] + r.nextInt(start[l] - start[l - 1]);
                for (int u = start[l - 1]; u < start[l]; u++) {
                    if (u == forced || r.nextDouble() < density) {
                        edges.add(new int[] {u, v});
                    }
                }
            }
        }
        return edges;
    }

    private static int[] identity(int n) {
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) {
            ids[i] = i;
        }
        return ids;
    }

    // n distinct random ids from [0, 3n + 10), in random order
    private static int[] sparseIds(int n, SplittableRandom r) {
        int range = 3 * n + 10;
        int[] all = identity(range);
        shuffle(all, r);
        return java.util.Arrays.copyOf(all, n);
    }

    /**
     * Fisher–Yates shuffle in place (the order {@link Collections#shuffle(List,
     * java.util.random.RandomGenerator)} gives a list from the same generator state).
     *
     * @param a the array
     * @param r the source of the permutation
     */
    public static void shuffle(int[] a, SplittableRandom r) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    private static String word(SplittableRandom r) {
        return WORDS[r.nextInt(WORDS.length)];
    }

    private static List<String> words(SplittableRandom r) {
        int n = r.nextInt(4);
        List<String> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            list.add(word(r));
        }
        return list;
    }

    private static List<Boolean> flags(SplittableRandom r, int n) {
        List<Boolean> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            list.add(r.nextBoolean());
        }
        return list;
    }

    private static JoinType joinType(SplittableRandom r) {
        JoinType[] all = JoinType.values();
        return all[r.nextInt(all.length)];
    }

    private static @Nullable Integer optionalPositive(SplittableRandom r) {
        return r.nextBoolean() ? null : 1 + r.nextInt(1000);
    }
}
