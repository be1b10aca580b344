package io.neuraldag.sona;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.neuraldag.core.QueryDag;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class StateFileTest {

    static final String RESOURCE = "/io/neuraldag/sona/state-v1.sona";

    /** The state of {@link #trainedEngine()}, computed once. */
    private static final byte[] TRAINED = trainedEngine().saveState();

    /** A fresh engine holding {@link #TRAINED}. */
    static DagSonaEngine loadedEngine() {
        DagSonaEngine sona = DagSonaEngine.create(trainedConfig());
        sona.loadState(TRAINED);
        return sona;
    }

    static SonaConfig trainedConfig() {
        InstantSource clock = InstantSource.fixed(Instant.parse("2026-01-01T00:00:00Z"));
        return SonaConfig.builder().clock(clock).updateBatchSize(10).build();
    }

    /** A small, fully deterministic learned state (fixed clock, seed 42). */
    static DagSonaEngine trainedEngine() {
        DagSonaEngine sona = DagSonaEngine.create(trainedConfig());
        List<QueryDag> fams = Dags.families(3);
        SplittableRandom rnd = new SplittableRandom(42);
        for (int cycle = 0; cycle < 2; cycle++) {
            for (int i = 0; i < 120; i++) {
                QueryDag dag = fams.get(i % 3);
                PreQueryResult pre = sona.preQuery(dag);
                double exec = 5 + 20 * rnd.nextDouble();
                sona.postQuery(dag, ExecutionMetrics.of(exec, 20).withRows(100 + i), pre, Map.of("t", 0.5));
            }
            sona.runBackgroundCycle();
        }
        sona.ewc().consolidate(sona.microLora().parameters());
        return sona;
    }

    @Test
    void roundTripRestoresEverything() {
        DagSonaEngine a = trainedEngine();
        byte[] bytes = a.saveState();
        DagSonaEngine b = DagSonaEngine.create(a.config());
        b.loadState(bytes);
        assertThat(b.reasoningBank().patterns()).isEqualTo(a.reasoningBank().patterns());
        assertThat(b.microLora().parameters()).containsExactly(a.microLora().parameters());
        assertThat(b.ewc().fisher()).containsExactly(a.ewc().fisher());
        assertThat(b.ewc().anchor()).containsExactly(a.ewc().anchor());
        assertThat(b.ewc().taskCount()).isEqualTo(a.ewc().taskCount());
        assertThat(b.saveState()).containsExactly(bytes);
        QueryDag dag = Dags.family(1);
        assertThat(b.reasoningBank().querySimilar(dag.planVector(), 5))
                .isEqualTo(a.reasoningBank().querySimilar(dag.planVector(), 5));
        // ids continue after the loaded ones
        PatternCandidate far = PatternCandidate.of(Dags.randomUnit(new SplittableRandom(1), 256), 0.5, 0.9, 1);
        assertThat(b.reasoningBank().store(far).ids())
                .containsExactly(a.reasoningBank().store(far).ids().get(0));
    }

    @Test
    void fileRoundTrip(@TempDir Path dir) {
        DagSonaEngine a = trainedEngine();
        Path file = dir.resolve("learned.sona");
        a.saveState(file);
        a.saveState(file); // overwrite atomically
        DagSonaEngine b = DagSonaEngine.create(a.config());
        b.loadState(file);
        assertThat(b.saveState()).containsExactly(a.saveState());
        assertThatThrownBy(() -> b.loadState(dir.resolve("missing.sona")))
                .isInstanceOf(java.io.UncheckedIOException.class);
    }

    static IntStream cutPoints() {
        int len = TRAINED.length;
        return IntStream.concat(
                IntStream.of(0, 1, 3, 4, 7, 8, 15, 16, 17, len - 5, len - 1),
                IntStream.range(0, 40).map(i -> 16 + (int) ((long) i * (len - 20) / 40)));
    }

    @ParameterizedTest(name = "cut at {0}")
    @MethodSource("cutPoints")
    void truncatedFileIsRejectedAndStateKept(int cut) {
        DagSonaEngine loaded = loadedEngine();
        byte[] before = loaded.saveState();
        byte[] truncated = Arrays.copyOf(before, cut);
        assertThatThrownBy(() -> loaded.loadState(truncated))
                .isInstanceOfSatisfying(
                        SonaStateException.class,
                        e -> assertThat(e.kind()).isEqualTo(SonaStateException.Kind.TRUNCATED));
        assertThat(loaded.saveState()).containsExactly(before);
    }

    static IntStream flipPositions() {
        int len = TRAINED.length;
        return IntStream.range(0, 60).map(i -> 16 + (int) ((long) i * (len - 17) / 60));
    }

    @ParameterizedTest(name = "flip byte {0}")
    @MethodSource("flipPositions")
    void corruptFileIsRejectedAndStateKept(int pos) {
        DagSonaEngine fresh = DagSonaEngine.create(SonaConfig.defaults());
        byte[] empty = fresh.saveState();
        byte[] bytes = TRAINED.clone();
        bytes[pos] ^= 0x5A;
        assertThatThrownBy(() -> fresh.loadState(bytes))
                .isInstanceOfSatisfying(
                        SonaStateException.class,
                        e -> assertThat(e.kind()).isEqualTo(SonaStateException.Kind.CHECKSUM_MISMATCH));
        assertThat(fresh.saveState()).containsExactly(empty);
    }

    @Test
    void headerErrorsAreTyped() {
        DagSonaEngine sona = loadedEngine();
        byte[] good = sona.saveState();
        byte[] magic = good.clone();
        magic[0] = 'X';
        assertKind(sona, magic, SonaStateException.Kind.BAD_MAGIC);
        byte[] version = good.clone();
        version[7] = 2;
        assertKind(sona, version, SonaStateException.Kind.UNSUPPORTED_VERSION);
        byte[] longer = Arrays.copyOf(good, good.length + 3);
        assertKind(sona, longer, SonaStateException.Kind.MALFORMED);
        byte[] negative = good.clone();
        negative[8] = (byte) 0x80;
        assertKind(sona, negative, SonaStateException.Kind.MALFORMED);
        assertThat(sona.saveState()).containsExactly(good);
    }

    @Test
    void stateForAnotherShapeIsIncompatible() {
        byte[] bytes = TRAINED;
        for (SonaConfig other : List.of(
                SonaConfig.builder().loraRank(3).build(),
                SonaConfig.builder().loraScale(0.5).build(),
                SonaConfig.builder()
                        .qualityFunction(QualityFunction.LATENCY_MEMORY_CACHE)
                        .build())) {
            DagSonaEngine e = DagSonaEngine.create(other);
            byte[] before = e.saveState();
            assertKind(e, bytes, SonaStateException.Kind.INCOMPATIBLE);
            assertThat(e.saveState()).containsExactly(before);
        }
    }

    private static void assertKind(DagSonaEngine e, byte[] bytes, SonaStateException.Kind kind) {
        assertThatThrownBy(() -> e.loadState(bytes))
                .isInstanceOfSatisfying(
                        SonaStateException.class, x -> assertThat(x.kind()).isEqualTo(kind));
    }

    @Test
    void patternRecordRoundTripAndErrors() {
        Pattern p = loadedEngine().reasoningBank().patterns().get(0);
        byte[] rec = p.toBytes();
        assertThat(Pattern.fromBytes(rec)).isEqualTo(p);
        for (int cut : new int[] {0, 1, 9, rec.length / 2, rec.length - 1}) {
            assertThatThrownBy(() -> Pattern.fromBytes(Arrays.copyOf(rec, cut)))
                    .isInstanceOfSatisfying(
                            SonaStateException.class,
                            x -> assertThat(x.kind())
                                    .isIn(SonaStateException.Kind.TRUNCATED, SonaStateException.Kind.MALFORMED));
        }
        byte[] v2 = rec.clone();
        v2[0] = 2;
        assertThatThrownBy(() -> Pattern.fromBytes(v2))
                .isInstanceOfSatisfying(
                        SonaStateException.class,
                        x -> assertThat(x.kind()).isEqualTo(SonaStateException.Kind.UNSUPPORTED_VERSION));
        byte[] trailing = Arrays.copyOf(rec, rec.length + 1);
        assertThatThrownBy(() -> Pattern.fromBytes(trailing)).isInstanceOf(SonaStateException.class);
    }

    /** Files written by version 1 must stay readable (spec: versioned formats). */
    @Test
    void readsTheVersionOneFixture() throws IOException {
        byte[] fixture;
        try (InputStream in = StateFileTest.class.getResourceAsStream(RESOURCE)) {
            assertThat(in).as("fixture %s", RESOURCE).isNotNull();
            fixture = in.readAllBytes();
        }
        DagSonaEngine sona = DagSonaEngine.create(SonaConfig.defaults());
        sona.loadState(fixture);
        List<Pattern> patterns = sona.reasoningBank().patterns();
        assertThat(patterns).hasSize(3);
        assertThat(patterns).extracting(Pattern::id).containsExactly(1L, 2L, 3L);
        assertThat(patterns).extracting(Pattern::sampleCount).containsExactly(80, 80, 80);
        assertThat(patterns.get(0).createdAt()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(patterns.get(0).params()).containsEntry("t", 0.5);
        assertThat(sona.ewc().taskCount()).isEqualTo(1);
        // the fixture is what this version writes for the same training
        assertThat(TRAINED).containsExactly(fixture);
    }

    /** Regenerates the fixture: {@code -Dsona.writeFixture=path/to/state-v1.sona}. */
    @Test
    void writeFixtureWhenAsked() throws IOException {
        String target = System.getProperty("sona.writeFixture");
        if (target != null) {
            Files.write(Path.of(target), TRAINED);
        }
        assertThat(target == null || Files.exists(Path.of(target))).isTrue();
    }
}
