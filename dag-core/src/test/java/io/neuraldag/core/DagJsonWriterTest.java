package io.neuraldag.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.neuraldag.core.testing.RandomDags;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The direct UTF-8 writer against its oracle, Jackson's generator ({@link DagJson#writeWithJackson}):
 * the same text on random DAGs, on every operator kind with hostile strings (escapes, control
 * characters, every UTF-8 length, surrogate pairs) and numbers of every shape; an unpaired surrogate
 * hands over to the reference writer. Its double formatting against {@link Double#toString}.
 */
class DagJsonWriterTest {

    static List<RandomDags.Spec> cases() {
        return RandomDags.specs(0xD1_2EC7L, 300, 1, 200);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void sameTextAsJacksonOnRandomDags(RandomDags.Spec spec) {
        DagSnapshot s = spec.build().snapshot();
        assertThat(DagJsonWriter.write(s)).isEqualTo(DagJson.writeWithJackson(s));
    }

    @ParameterizedTest(name = "seed={0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10})
    void sameTextAsJacksonOnHostileStringsAndNumbers(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        QueryDag dag = new QueryDag();
        int dim = r.nextInt(4);
        for (int i = 0; i < 96; i++) {
            Operator op = operator(r, i % Operator.KIND_COUNT, false);
            dag.addNode(3 * i + r.nextInt(3), node(r, op, dim));
        }
        int[] ids = dag.nodeIds();
        for (int k = 0; k < 150; k++) {
            int a = r.nextInt(ids.length);
            int b = r.nextInt(ids.length);
            if (a < b) {
                dag.addEdge(ids[a], ids[b]);
            }
        }
        DagSnapshot s = dag.snapshot();
        String reference = DagJson.writeWithJackson(s);
        assertThat(DagJsonWriter.write(s)).as("seed %d", seed).isEqualTo(reference);
        assertThat(dag.toJson()).isEqualTo(reference);
        assertThat(QueryDag.fromJson(reference)).isEqualTo(dag);
    }

    @ParameterizedTest(name = "seed={0}")
    @ValueSource(longs = {21, 22, 23, 24})
    void unpairedSurrogatesFallBackToTheReferenceWriter(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        QueryDag dag = new QueryDag();
        for (int i = 0; i < Operator.KIND_COUNT; i++) {
            dag.addNode(i, node(r, operator(r, i, true), 0));
        }
        DagSnapshot s = dag.snapshot();
        String reference = DagJson.writeWithJackson(s);
        boolean hasStrings = reference.contains("\uD800") || reference.contains("\uDFFF");
        assertThat(hasStrings).isTrue();
        assertThat(DagJsonWriter.write(s)).isNull();
        assertThat(dag.toJson()).isEqualTo(reference);
    }

    @Test
    void emptyDag() {
        DagSnapshot s = new QueryDag().snapshot();
        assertThat(DagJsonWriter.write(s)).isEqualTo(DagJson.writeWithJackson(s));
    }

    @ParameterizedTest(name = "seed={0}")
    @ValueSource(longs = {31, 32, 33})
    void doublesAsDoubleToString(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] edges = {
            0.0,
            -0.0,
            1e-3,
            Math.nextDown(1e-3),
            Math.nextUp(1e-3),
            1e7,
            Math.nextDown(1e7),
            Math.nextUp(1e7),
            0.1,
            0.2,
            0.3,
            1.0 / 3,
            2.0 / 3,
            1e-4,
            Double.MIN_VALUE,
            Double.MIN_NORMAL,
            Double.MAX_VALUE,
            9_999_999.999_999_99,
            123_456.789,
            0.000_123,
            1e15,
            1e22,
            1e23,
            4.35,
            2.675,
            1.005,
            9007199254740992.0,
            0.001_000_000_1
        };
        for (double v : edges) {
            check(v);
            check(-v);
        }
        for (int i = 0; i < 100_000; i++) {
            double v = switch (r.nextInt(7)) {
                case 0 -> r.nextInt(10_000_001);
                case 1 -> r.nextInt(400) * 0.25 + 1;
                case 2 -> r.nextLong(1L << 40) / Math.pow(10, r.nextInt(12));
                case 3 -> r.nextDouble() * Math.pow(10, r.nextInt(20) - 8);
                case 4 -> Double.longBitsToDouble(r.nextLong() & Long.MAX_VALUE);
                case 5 -> Math.nextUp(r.nextInt(1_000_000) / Math.pow(10, r.nextInt(9)));
                default -> Math.nextDown(r.nextInt(1_000_000) / Math.pow(10, r.nextInt(9)));
            };
            if (Double.isFinite(v)) {
                check(v);
                check(-v);
            }
        }
    }

    private static void check(double v) {
        if (DagJsonWriter.formatDouble(v).equals(Double.toString(v))) {
            return;
        }
        throw new AssertionError("bits 0x" + Long.toHexString(Double.doubleToRawLongBits(v)) + ": "
                + DagJsonWriter.formatDouble(v) + " vs " + Double.toString(v));
    }

    // ------------------------------------------------------------------ generators

    private static OperatorNode node(SplittableRandom r, Operator op, int dim) {
        double rows = number(r);
        double cost = number(r);
        Double actualRows = r.nextBoolean() ? number(r) : null;
        Double actualTime = r.nextBoolean() ? number(r) : null;
        Double start = r.nextBoolean() ? (r.nextBoolean() ? -number(r) : number(r)) : null;
        Double selectivity = r.nextBoolean() ? r.nextDouble() : null;
        float @Nullable [] embedding = null;
        if (r.nextBoolean()) {
            embedding = new float[dim];
            for (int i = 0; i < dim; i++) {
                embedding[i] = (float) (r.nextDouble() * 2e3 - 1e3);
            }
        }
        return OperatorNode.of(op, rows, cost)
                .withActuals(actualRows, actualTime)
                .withStartTimeMs(start)
                .withSelectivity(selectivity)
                .withEmbedding(embedding);
    }

    private static double number(SplittableRandom r) {
        return switch (r.nextInt(6)) {
            case 0 -> 0.0;
            case 1 -> r.nextInt(1_000_000);
            case 2 -> r.nextInt(4000) * 0.25;
            case 3 -> r.nextDouble() * 1e9;
            case 4 -> r.nextDouble() * 1e-5;
            default -> r.nextInt(100_000) / 100.0;
        };
    }

    private static String text(SplittableRandom r, boolean lone) {
        int n = r.nextInt(8);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            switch (r.nextInt(9)) {
                case 0 -> sb.append((char) r.nextInt(0x20));
                case 1 -> sb.append("\"\\/\u007F".charAt(r.nextInt(4)));
                case 2 -> sb.append((char) (0x80 + r.nextInt(0x780)));
                case 3 -> sb.append((char) (0x800 + r.nextInt(0xD000)));
                case 4 -> sb.append((char) (0xE000 + r.nextInt(0x2000)));
                case 5 -> sb.appendCodePoint(0x10000 + r.nextInt(0x100000));
                default -> sb.append((char) (0x20 + r.nextInt(0x5F)));
            }
        }
        if (lone) {
            sb.insert(r.nextInt(sb.length() + 1), r.nextBoolean() ? '\uD800' : '\uDFFF');
        }
        return sb.toString();
    }

    private static List<String> texts(SplittableRandom r, boolean lone) {
        List<String> list = new ArrayList<>();
        int n = lone ? 1 : r.nextInt(4);
        for (int i = 0; i < n; i++) {
            list.add(text(r, lone));
        }
        return list;
    }

    private static List<Boolean> flags(SplittableRandom r, int n) {
        List<Boolean> list = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            list.add(r.nextBoolean());
        }
        return list;
    }

    private static @Nullable Integer optional(SplittableRandom r) {
        return r.nextBoolean() ? null : 1 + r.nextInt(1000);
    }

    private static JoinType join(SplittableRandom r) {
        return switch (r.nextInt(6)) {
            case 0 -> JoinType.INNER;
            case 1 -> JoinType.LEFT;
            case 2 -> JoinType.RIGHT;
            case 3 -> JoinType.FULL;
            case 4 -> JoinType.SEMI;
            default -> JoinType.ANTI;
        };
    }

    // Every kind; with lone, each string-carrying kind gets an unpaired surrogate somewhere.
    private static Operator operator(SplittableRandom r, int tag, boolean lone) {
        return switch (tag) {
            case 0 -> new Operator.SeqScan(text(r, lone));
            case 1 -> new Operator.IndexScan(text(r, lone), text(r, false));
            case 2 -> new Operator.IndexOnlyScan(text(r, false), text(r, lone));
            case 3 -> new Operator.BitmapScan(text(r, lone), text(r, lone));
            case 4 ->
                new Operator.HnswScan(
                        text(r, lone), 1 + r.nextInt(512), r.nextBoolean() ? "" : text(r, false), optional(r));
            case 5 ->
                new Operator.IvfFlatScan(
                        text(r, false), 1 + r.nextInt(64), r.nextBoolean() ? "" : text(r, lone), optional(r));
            case 6 -> new Operator.SubqueryScan(text(r, lone));
            case 7 -> new Operator.CteScan(text(r, lone));
            case 8 -> new Operator.NestedLoopJoin(join(r));
            case 9 -> new Operator.HashJoin(text(r, lone), join(r));
            case 10 -> new Operator.MergeJoin(text(r, lone), join(r));
            case 11 -> new Operator.Aggregate(texts(r, lone));
            case 12 -> new Operator.GroupBy(texts(r, lone));
            case 13 -> new Operator.HashAggregate(texts(r, false), texts(r, lone));
            case 14 -> new Operator.WindowAgg(texts(r, lone));
            case 15 -> new Operator.Filter(text(r, lone));
            case 16 -> new Operator.Project(texts(r, lone));
            case 17 -> {
                List<String> keys = texts(r, lone);
                yield new Operator.Sort(keys, flags(r, keys.size()));
            }
            case 18 -> {
                List<String> keys = texts(r, lone);
                yield new Operator.IncrementalSort(keys, flags(r, keys.size()));
            }
            case 19 -> new Operator.Limit(r.nextBoolean() ? r.nextInt(100) : r.nextLong(Long.MAX_VALUE));
            case 20 -> new Operator.Unique(texts(r, lone));
            case 21 -> new Operator.Append();
            case 22 -> new Operator.MergeAppend(texts(r, lone));
            case 23 -> new Operator.Union(r.nextBoolean());
            case 24 -> new Operator.Intersect();
            case 25 -> new Operator.Except();
            case 26 -> new Operator.VectorDistance(text(r, lone));
            case 27 -> new Operator.Rerank(text(r, lone));
            case 28 -> new Operator.Materialize();
            case 29 -> new Operator.Result();
            case 30 -> new Operator.Gather(r.nextInt(64));
            default -> new Operator.GatherMerge(r.nextInt(64));
        };
    }
}
