package io.neuraldag.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.neuraldag.core.testing.RandomDags;
import java.math.BigDecimal;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The byte-level canonical reader against its oracle, the reference reader on Jackson's parser
 * ({@link DagJson#readWithJackson}): whatever the fast reader accepts, the reference reads to an
 * equal DAG with the same bytes; on random DAGs, re-spaced and field-shuffled documents, hostile
 * strings and numbers of every shape it must accept; and on 10 000 seeded mutants the public reader
 * ({@link DagJson#read}) gives exactly the reference's DAG or exactly its exception and message.
 */
class DagJsonReaderTest {

    static List<RandomDags.Spec> cases() {
        return RandomDags.specs(0xFA57_2EADL, 300, 1, 200);
    }

    /** The fast reader's DAG (never null here), checked against the reference reader's. */
    private static QueryDag readBoth(String text, String what) {
        QueryDag fast = DagJsonReader.read(text);
        assertThat(fast)
                .as("%s: the fast reader handed back a valid document", what)
                .isNotNull();
        QueryDag reference = DagJson.readWithJackson(text);
        assertSameDag(what, fast, reference);
        return reference;
    }

    private static void assertSameDag(String what, @Nullable QueryDag actual, QueryDag expected) {
        assertThat(actual).as(what).isNotNull().isEqualTo(expected);
        if (actual != null) {
            assertThat(actual.toBytes()).as("%s: bytes", what).isEqualTo(expected.toBytes());
            assertThat(actual.nextId()).as("%s: nextId", what).isEqualTo(expected.nextId());
            assertThat(actual.topologicalSort()).as("%s: order", what).isEqualTo(expected.topologicalSort());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void readsTheWrittenTextOfRandomDags(RandomDags.Spec spec) {
        QueryDag dag = spec.build();
        String text = dag.toJson();
        assertThat(readBoth(text, spec.toString())).isEqualTo(dag);
        assertThat(readBoth(DagJson.writeWithJackson(dag.snapshot()), spec.toString()))
                .isEqualTo(dag);
    }

    static LongStream seeds() {
        return LongStream.rangeClosed(1, 40).map(i -> 0xFA57_0000L + i);
    }

    @ParameterizedTest(name = "seed={0}")
    @MethodSource("seeds")
    void readsAllKindsHostileStringsAndSparseIds(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        QueryDag dag = FuzzCorpus.dag(r, 60);
        String text = DagJson.writeWithJackson(dag.snapshot());
        // escapes are handed back; the rest must be read here
        if (!text.contains("\\")) {
            assertThat(readBoth(text, "seed " + seed)).isEqualTo(dag);
        }
        assertThat(QueryDag.fromJson(text)).isEqualTo(dag);
    }

    @ParameterizedTest(name = "seed={0}")
    @MethodSource("seeds")
    void readsReSpacedAndReorderedDocuments(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        QueryDag dag = RandomDags.random(seed);
        String text = respace(reorderNodeFields(dag.toJson(), r), r);
        assertThat(readBoth(text, "seed " + seed)).isEqualTo(dag);
    }

    @ParameterizedTest(name = "seed={0}")
    @ValueSource(longs = {11, 12, 13, 14, 15})
    void numbersOfEveryShapeAsJacksonReadsThem(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < 4000; i++) {
            String rows = numberText(r);
            String emb = numberText(r);
            String text = "{\"version\":1,\"nodes\":[{\"id\":0,\"op\":{\"type\":\"Limit\",\"count\":"
                    + r.nextLong(1_000_000_000_000_000_000L) / (1L << r.nextInt(63)) + "},\"estimated_rows\":" + rows
                    + ",\"estimated_cost\":0,\"embedding\":[" + emb + "," + "-" + emb + "]}],\"edges\":[]}";
            QueryDag reference;
            try {
                reference = DagJson.readWithJackson(text);
            } catch (DagException e) {
                assertThat(DagJsonReader.read(text)).as(text).isNull();
                continue;
            }
            QueryDag fast = DagJsonReader.read(text);
            assertSameDag(text, fast, reference);
            double v = reference.node(0).estimatedRows();
            assertThat(Double.doubleToRawLongBits(v))
                    .as(rows)
                    .isEqualTo(Double.doubleToRawLongBits(Double.parseDouble(rows) + 0.0));
        }
    }

    private static String numberText(SplittableRandom r) {
        double v = switch (r.nextInt(6)) {
            case 0 -> r.nextInt(1_000_000);
            case 1 -> r.nextInt(4000) * 0.25;
            case 2 -> r.nextDouble() * Math.pow(10, r.nextInt(40) - 20);
            case 3 -> Double.longBitsToDouble(r.nextLong(0x7FF0000000000000L));
            case 4 -> r.nextLong(1L << 60) / Math.pow(10, r.nextInt(25));
            default -> r.nextInt(100_000) / 100.0;
        };
        return switch (r.nextInt(6)) {
            case 0 -> Double.toString(v);
            case 1 -> new BigDecimal(v).toPlainString();
            case 2 ->
                new BigDecimal(v)
                        .round(new java.math.MathContext(1 + r.nextInt(25)))
                        .toString();
            case 3 -> String.format(java.util.Locale.ROOT, "%." + r.nextInt(20) + "e", v);
            case 4 -> Long.toString((long) v);
            default -> "0" + (r.nextBoolean() ? "" : "." + "0".repeat(r.nextInt(30)) + r.nextInt(1000));
        };
    }

    @ParameterizedTest(name = "seed={0}")
    @MethodSource("seeds")
    void mutantsGiveTheReferenceResultOrItsError(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int fastAccepted = 0;
        for (int i = 0; i < 250; i++) {
            QueryDag dag = r.nextBoolean() ? FuzzCorpus.dag(r, 30) : RandomDags.random(r.nextLong());
            String text = FuzzCorpus.mutate(dag.toJson(), r);
            QueryDag expected = null;
            DagException expectedError = null;
            try {
                expected = DagJson.readWithJackson(text);
            } catch (DagException e) {
                expectedError = e;
            }
            QueryDag fast = DagJsonReader.read(text);
            if (fast != null) {
                fastAccepted++;
                assertThat(expectedError)
                        .as("accepted what the reference rejects: %s", text)
                        .isNull();
            }
            if (expected != null) {
                assertSameDag(text, fast == null ? DagJson.read(text) : fast, expected);
            } else {
                try {
                    DagJson.read(text);
                    throw new AssertionError("accepted what the reference rejects: " + text);
                } catch (DagException e) {
                    DagException reference = java.util.Objects.requireNonNull(expectedError);
                    assertThat(e.kind()).isEqualTo(reference.kind());
                    assertThat(e.getMessage()).isEqualTo(reference.getMessage());
                }
            }
        }
        // the mutants that stay valid (a changed digit, a shuffled field) are mostly read here
        assertThat(fastAccepted).as("seed %d", seed).isPositive();
    }

    @Test
    void handsBackWhatItDoesNotRead() {
        String base = new QueryDag().toJson();
        assertThat(DagJsonReader.read(base)).isEqualTo(new QueryDag());
        for (String text : List.of(
                "",
                " ",
                "{}",
                "{\"version\":1}",
                "{\"version\":2,\"nodes\":[]}",
                "{\"version\":1.0,\"nodes\":[]}",
                "{\"version\":1,\"nodes\":[],\"extra\":0}",
                "{\"version\":1,\"nodes\":[],\"version\":1}",
                "{\"version\":1,\"nodes\":[]} x",
                "{\"version\":1,\"nodes\":[],}",
                "{\"version\":1,\"nodes\":[{\"id\":1,\"op\":{\"type\":\"Result\"}},"
                        + "{\"id\":0,\"op\":{\"type\":\"Result\"}}]}",
                "{\"version\":1,\"nodes\":[{\"id\":01,\"op\":{\"type\":\"Result\"}}]}",
                "{\"version\":1,\"nodes\":[{\"id\":0,\"op\":{\"type\":\"Filter\",\"predicate\":\"a\\\"b\"}}]}",
                "{\"version\":1,\"nodes\":[{\"id\":0,\"op\":{\"type\":\"Nope\"}}]}",
                "{\"version\":1,\"nodes\":[{\"id\":0,\"op\":{\"type\":\"Result\"},\"estimated_rows\":-1}]}",
                "{\"version\":1,\"nodes\":[{\"id\":0,\"op\":{\"type\":\"Result\"}}],\"edges\":[[0,0]]}",
                "{\"version\":1,\"nodes\":[{\"id\":0,\"op\":{\"type\":\"Result\"}}],\"edges\":[[0,1]]}")) {
            assertThat(DagJsonReader.read(text)).as(text).isNull();
        }
    }

    // ------------------------------------------------------------------ document variants

    /** Whitespace of every kind JSON allows between tokens, outside strings. */
    private static String respace(String s, SplittableRandom r) {
        StringBuilder sb = new StringBuilder();
        boolean inString = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            sb.append(c);
            if (inString) {
                if (c == '\\') {
                    sb.append(s.charAt(++i));
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            }
            if (!inString && (c == ',' || c == ':' || c == '[' || c == '{') && r.nextInt(3) == 0) {
                sb.append(" \n\r\t".charAt(r.nextInt(4)));
            }
        }
        return " " + sb + "\n";
    }

    /** Moves each node's "id" to the end of its object (the reader takes fields in any order). */
    private static String reorderNodeFields(String s, SplittableRandom r) {
        if (r.nextBoolean()) {
            return s;
        }
        return s.replaceAll("\\{\"id\":(\\d+),(\"op\":\\{[^{}]*\\}),([^{}]*)\\}", "{$2,$3,\"id\":$1}");
    }
}
