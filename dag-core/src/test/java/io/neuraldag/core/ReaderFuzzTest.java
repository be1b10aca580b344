package io.neuraldag.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Robustness of the four DAG readers: 20 seeds x 500 seeded mutants each (10 000 per reader) of
 * valid documents, plus a fixed list of hostile inputs. The only exception allowed to escape a
 * reader is a {@link DagException} of kind SERIALIZATION (anything else, including an
 * OutOfMemoryError or StackOverflowError, fails the test); a mutant that is read successfully must
 * survive a canonical JSON and a binary round trip unchanged.
 */
class ReaderFuzzTest {
    /** Seeds per reader; raise it for a deeper run, e.g. {@code -Dneuraldag.fuzz.seeds=200}. */
    private static final int SEEDS = Integer.getInteger("neuraldag.fuzz.seeds", 20);

    private static final int MUTANTS_PER_SEED = 500;

    static LongStream seeds() {
        return LongStream.rangeClosed(1, SEEDS).map(i -> 0x5EED_0000L + i);
    }

    /** Tallies what the readers did with the mutants of one seed. */
    private static final class Tally {
        int accepted;
        int rejected;
    }

    private static String preview(String s) {
        String p = s.length() > 400 ? s.substring(0, 400) + "...(" + s.length() + " chars)" : s;
        return p.replace("\n", "\\n");
    }

    private static String preview(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(b.length, 160); i++) {
            sb.append(String.format("%02x", b[i]));
        }
        return sb.append(b.length > 160 ? "...(" + b.length + " bytes)" : "").toString();
    }

    /** Reads one input; fails on anything but a SERIALIZATION DagException or an unequal round trip. */
    private static void check(Supplier<String> what, boolean json, Tally tally, Supplier<QueryDag> read) {
        QueryDag dag;
        try {
            dag = read.get();
        } catch (DagException e) {
            String m = String.valueOf(e.getMessage());
            if (e.kind() != DagException.Kind.SERIALIZATION) {
                throw new AssertionError(what.get() + ": DagException of kind " + e.kind() + ": " + m, e);
            }
            // whole-document verdicts (size limit, a format read() does not read) have no position
            boolean wholeDocument = m.contains("exceeds the limit")
                    || m.startsWith("JSON DAG: format UNKNOWN: ")
                    || m.startsWith("JSON DAG: the document is ");
            if (json && !wholeDocument && !m.matches("(?s).*\\(line \\d+, column \\d+\\).*")) {
                throw new AssertionError(what.get() + ": error without line and column: " + m, e);
            }
            tally.rejected++;
            return;
        } catch (Throwable t) {
            throw new AssertionError(what.get() + ": escaped " + t, t);
        }
        try {
            String text = dag.toJson();
            QueryDag viaJson = QueryDag.fromJson(text);
            assertSame("JSON", dag, viaJson);
            assertThat(viaJson.toJson()).isEqualTo(text);
            byte[] bytes = dag.toBytes();
            QueryDag viaBytes = QueryDag.fromBytes(bytes);
            assertSame("binary", dag, viaBytes);
            assertThat(viaBytes.toBytes()).isEqualTo(bytes);
        } catch (Throwable t) {
            throw new AssertionError(what.get() + ": read, but the round trip failed: " + t, t);
        }
        tally.accepted++;
    }

    /** Equality, with the first differing node or the edge lists in the message. */
    private static void assertSame(String via, QueryDag expected, QueryDag actual) {
        assertThat(actual.nodeIds()).as("ids via %s", via).containsExactly(expected.nodeIds());
        for (int id : expected.nodeIds()) {
            assertThat(actual.node(id)).as("node %d via %s", id, via).isEqualTo(expected.node(id));
        }
        assertThat(actual.edges()).as("edges via %s", via).isEqualTo(expected.edges());
        assertThat(actual).isEqualTo(expected);
    }

    private static void fuzzText(long seed, List<String> corpus, Function<String, QueryDag> reader, String name) {
        SplittableRandom r = new SplittableRandom(seed);
        Tally tally = new Tally();
        for (String valid : corpus) {
            check(
                    () -> name + " seed " + seed + " valid input " + preview(valid),
                    true,
                    tally,
                    () -> reader.apply(valid));
        }
        for (int i = 0; i < MUTANTS_PER_SEED; i++) {
            String base = corpus.get(r.nextInt(corpus.size()));
            String mutant = FuzzCorpus.mutate(base, r);
            int index = i;
            check(
                    () -> name + " seed " + seed + " mutant " + index + ": " + preview(mutant),
                    true,
                    tally,
                    () -> reader.apply(mutant));
        }
        assertThat(tally.accepted).as("accepted inputs (seed %d)", seed).isGreaterThan(corpus.size());
        assertThat(tally.rejected).as("rejected mutants (seed %d)", seed).isGreaterThan(MUTANTS_PER_SEED / 4);
    }

    private static List<String> canonicalCorpus(SplittableRandom r) {
        List<String> c = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            c.add(FuzzCorpus.dag(r, i < 2 ? 4 : 25).toJson());
        }
        c.add(BenchDags.load(10).toJson());
        return c;
    }

    private static List<String> benchCorpus(SplittableRandom r) {
        List<String> c = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            c.add(FuzzCorpus.benchJson(r, i < 2 ? 4 : 25));
        }
        c.add(BenchDags.json(10));
        c.add(BenchDags.json(100));
        return c;
    }

    private static List<String> upstreamCorpus(SplittableRandom r) {
        List<String> c = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            c.add(FuzzCorpus.upstreamJson(r, i < 2 ? 4 : 25));
        }
        c.add(BenchDags.resource("/formats/upstream-vector-search.json"));
        c.add(BenchDags.resource("/formats/upstream-legacy-kinds.json"));
        return c;
    }

    @ParameterizedTest(name = "canonical JSON, seed {0}")
    @MethodSource("seeds")
    void canonicalJsonMutants(long seed) {
        fuzzText(seed, canonicalCorpus(new SplittableRandom(~seed)), QueryDag::fromJson, "canonical JSON");
    }

    @ParameterizedTest(name = "bench JSON, seed {0}")
    @MethodSource("seeds")
    void benchJsonMutants(long seed) {
        fuzzText(seed, benchCorpus(new SplittableRandom(~seed)), DagFormats::fromBenchJson, "bench JSON");
    }

    @ParameterizedTest(name = "upstream JSON, seed {0}")
    @MethodSource("seeds")
    void upstreamJsonMutants(long seed) {
        fuzzText(seed, upstreamCorpus(new SplittableRandom(~seed)), DagFormats::fromUpstreamJson, "upstream JSON");
    }

    @ParameterizedTest(name = "detect and read, seed {0}")
    @MethodSource("seeds")
    void detectionNeverThrowsAndReadOnlyThrowsDagException(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<String> corpus = new ArrayList<>(canonicalCorpus(r));
        corpus.addAll(benchCorpus(r));
        corpus.addAll(upstreamCorpus(r));
        corpus.add(BenchDags.resource("/formats/sample_dags.json"));
        Tally tally = new Tally();
        for (int i = 0; i < 100; i++) {
            String mutant = FuzzCorpus.mutate(corpus.get(r.nextInt(corpus.size())), r);
            int index = i;
            Supplier<String> what = () -> "seed " + seed + " mutant " + index + ": " + preview(mutant);
            try {
                assertThat(DagFormats.detect(mutant)).isNotNull();
            } catch (Throwable t) {
                throw new AssertionError(what.get() + ": detect escaped " + t, t);
            }
            check(what, true, tally, () -> DagFormats.read(mutant));
            try {
                DagFormats.fromFixtureJson(mutant);
            } catch (DagException e) {
                assertThat(e.kind()).isEqualTo(DagException.Kind.SERIALIZATION);
            } catch (Throwable t) {
                throw new AssertionError(what.get() + ": fixture reader escaped " + t, t);
            }
        }
    }

    @ParameterizedTest(name = "binary, seed {0}")
    @MethodSource("seeds")
    void binaryMutants(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<byte[]> corpus = new ArrayList<>();
        SplittableRandom g = new SplittableRandom(~seed);
        for (int i = 0; i < 6; i++) {
            corpus.add(FuzzCorpus.dag(g, i < 2 ? 4 : 25).toBytes());
        }
        corpus.add(BenchDags.load(10).toBytes());
        Tally tally = new Tally();
        for (byte[] valid : corpus) {
            check(
                    () -> "binary seed " + seed + " valid " + preview(valid),
                    false,
                    tally,
                    () -> QueryDag.fromBytes(valid));
        }
        for (int i = 0; i < MUTANTS_PER_SEED; i++) {
            byte[] mutant = FuzzCorpus.mutate(corpus.get(r.nextInt(corpus.size())), r);
            int index = i;
            check(
                    () -> "binary seed " + seed + " mutant " + index + ": " + preview(mutant),
                    false,
                    tally,
                    () -> QueryDag.fromBytes(mutant));
        }
        assertThat(tally.accepted).as("accepted inputs (seed %d)", seed).isGreaterThan(corpus.size());
        assertThat(tally.rejected).as("rejected mutants (seed %d)", seed).isGreaterThan(MUTANTS_PER_SEED / 4);
    }

    // ------------------------------------------------------------------ hostile inputs

    private static String benchNodes(int n) {
        StringBuilder sb = new StringBuilder("{\"nodes\":[");
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "" : ",").append("{\"id\":").append(i).append(",\"op\":0}");
        }
        return sb.append("],\"edges\":[").toString();
    }

    private static String chainEdges(int n, boolean closeCycle) {
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i < n; i++) {
            sb.append(i == 1 ? "" : ",")
                    .append('[')
                    .append(i - 1)
                    .append(',')
                    .append(i)
                    .append(']');
        }
        if (closeCycle) {
            sb.append(",[").append(n - 1).append(",0]");
        }
        return sb.append("]}").toString();
    }

    static Stream<Arguments> hostileText() {
        String big = " ".repeat(17 * 1024 * 1024);
        String longString = "x".repeat(DagLimits.MAX_STRING_LENGTH + 1);
        String tooManyNodes = benchNodes(DagLimits.MAX_NODES + 1) + "]}";
        StringBuilder manyEdges = new StringBuilder(benchNodes(2));
        for (int i = 0; i <= DagLimits.MAX_EDGES; i++) {
            manyEdges.append(i == 0 ? "" : ",").append("[0,1]");
        }
        manyEdges.append("]}");
        List<Arguments> cases = new ArrayList<>();
        String[][] inputs = {
            {"17 MiB of blanks", big},
            {"10^5 [", "[".repeat(100_000)},
            {"10^5 {\"a\":", "{\"a\":".repeat(100_000)},
            {"10^5 [ inside nodes", "{\"version\":1,\"nodes\":" + "[".repeat(100_000)},
            {
                "1 MiB + 1 string",
                "{\"version\":1,\"nodes\":[{\"id\":0,\"op\":{\"type\":\"SeqScan\",\"table\":\"" + longString
                        + "\"}}],\"edges\":[]}"
            },
            {"long field name", "{\"" + "k".repeat(100_000) + "\":1}"},
            {"1000-digit number", "{\"nodes\":[{\"id\":" + "9".repeat(1000) + ",\"op\":0}]}"},
            {"1e400 id", "{\"nodes\":[{\"id\":1e400,\"op\":0}]}"},
            {"NaN tokens", "{\"nodes\":[{\"id\":0,\"op\":0,\"cost\":NaN,\"rows\":Infinity}]}"},
            {"1000-node cycle", benchNodes(1000) + chainEdges(1000, true)},
            {"empty", ""},
            {"BOM", "\uFEFF{}"},
            {
                "binary garbage",
                new String(new byte[] {0, 1, 2, (byte) 0xff, 'R', 'V', 'D', 'G'}, StandardCharsets.ISO_8859_1)
            },
        };
        List<Named<Function<String, QueryDag>>> readers = List.of(
                Named.of("canonical", QueryDag::fromJson),
                Named.of("bench", DagFormats::fromBenchJson),
                Named.of("upstream", DagFormats::fromUpstreamJson),
                Named.of("detect+read", DagFormats::read),
                Named.of("fixture", s -> {
                    DagFormats.fromFixtureJson(s);
                    return new QueryDag();
                }));
        for (Named<Function<String, QueryDag>> reader : readers) {
            for (String[] in : inputs) {
                cases.add(Arguments.of(reader, Named.of(in[0], in[1])));
            }
        }
        // the count limits, once each (large documents)
        StringBuilder canonical = new StringBuilder("{\"version\":1,\"nodes\":[");
        for (int i = 0; i <= DagLimits.MAX_NODES; i++) {
            canonical.append(i == 0 ? "" : ",").append("{\"id\":").append(i).append(",\"op\":{\"type\":\"Result\"}}");
        }
        String tooManyCanonical = canonical.append("]}").toString();
        cases.add(Arguments.of(readers.get(0), Named.of("100 001 nodes", tooManyCanonical)));
        cases.add(Arguments.of(readers.get(1), Named.of("100 001 nodes", tooManyNodes)));
        cases.add(Arguments.of(readers.get(1), Named.of("1 000 001 edges", manyEdges.toString())));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("hostileText")
    void hostileTextIsRejectedCleanly(Function<String, QueryDag> reader, String input) {
        Tally tally = new Tally();
        check(() -> "hostile input " + preview(input), true, tally, () -> reader.apply(input));
        assertThat(tally.rejected).isEqualTo(1);
    }

    static Stream<Arguments> hostileBytes() {
        byte[] valid = BenchDags.load(10).toBytes();
        List<Arguments> cases = new ArrayList<>();
        cases.add(Arguments.of(Named.of("17 MiB", new byte[17 * 1024 * 1024])));
        cases.add(Arguments.of(Named.of("empty", new byte[0])));
        cases.add(Arguments.of(Named.of("magic only", new byte[] {'R', 'V', 'D', 'G'})));
        cases.add(Arguments.of(Named.of("header, no CRC", new byte[] {'R', 'V', 'D', 'G', 1, 0, 0, 0, 0})));
        for (int v : new int[] {Integer.MAX_VALUE, -1, DagLimits.MAX_NODES, DagLimits.MAX_NODES + 1}) {
            byte[] b = valid.clone();
            ByteBuffer.wrap(b).putInt(5, v);
            cases.add(Arguments.of(Named.of("node count " + v, FuzzCorpus.withCrc(b))));
        }
        // the first node's SeqScan/IvfFlatScan string length, forged
        for (int v : new int[] {Integer.MAX_VALUE, DagLimits.MAX_STRING_LENGTH * 4, 1 << 30, -5}) {
            byte[] b = valid.clone();
            ByteBuffer.wrap(b).putInt(14, v);
            cases.add(Arguments.of(Named.of("string length " + v, FuzzCorpus.withCrc(b))));
        }
        byte[] wrongVersion = valid.clone();
        wrongVersion[4] = 2;
        cases.add(Arguments.of(Named.of("version 2", FuzzCorpus.withCrc(wrongVersion))));
        byte[] badCrc = valid.clone();
        badCrc[badCrc.length - 1] ^= 1;
        cases.add(Arguments.of(Named.of("bad CRC", badCrc)));
        return cases.stream();
    }

    @ParameterizedTest(name = "binary: {0}")
    @MethodSource("hostileBytes")
    void hostileBytesAreRejectedCleanly(byte[] input) {
        Tally tally = new Tally();
        check(() -> "hostile bytes " + preview(input), false, tally, () -> QueryDag.fromBytes(input));
        assertThat(tally.rejected).isEqualTo(1);
    }
}
