package io.neuraldag.attention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;
import static org.junit.jupiter.api.Assertions.fail;

import io.neuraldag.core.Fingerprint;
import io.neuraldag.core.Operator;
import io.neuraldag.core.OperatorNode;
import io.neuraldag.core.QueryDag;
import io.neuraldag.core.testing.RandomDags;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The optional one-shot memory of TemporalBTSP (spec 01 §3.7): store exactly when {@code H/ln n <
 * 0.5}, recall only for the same structure with equal node count and plan-vector cosine {@code >=
 * 0.95}, at most 1000 patterns with least-recently-used eviction, off by default.
 */
class TemporalBtspMemoryTest {
    private static final AttentionConfig ON =
            AttentionConfig.builder().btspMemory(true).build();

    private final FakeClock clock = new FakeClock(5_000_000);

    private TemporalBtspAttention create(AttentionConfig config) {
        return (TemporalBtspAttention) DagAttention.temporalBtsp(config, clock);
    }

    /** Isolated SeqScans with the given (rows, cost) pairs. */
    private static QueryDag scans(double... rowsAndCost) {
        QueryDag d = new QueryDag();
        for (int i = 0; i < rowsAndCost.length / 2; i++) {
            d.addNode(i, OperatorNode.of(new Operator.SeqScan("t" + i), rowsAndCost[2 * i], rowsAndCost[2 * i + 1]));
        }
        return d;
    }

    private static double cosine(double[] a, double[] b) {
        return BtspMemory.cosine(a, BtspMemory.norm(a), b, BtspMemory.norm(b));
    }

    // ------------------------------------------------------------------ store rule, hand-computed

    /**
     * b = (1, 0.5, 0.5) → z = (10, 5, 5) → w = (0.986703, 0.006648, 0.006648), H/ln 3 = 0.072700:
     * stored. Ten equal costs of 10 → uniform, H/ln 3 = 1: not stored.
     */
    @Test
    void storesAConfidentResultOnly() {
        TemporalBtspAttention m = create(ON);
        AttentionScores flat = m.forward(scans(0, 10, 0, 10, 0, 10));
        assertThat(flat.metadata()).containsEntry("memory", "miss");
        assertThat(Double.parseDouble(flat.metadata().get("entropy"))).isCloseTo(1.0, offset(1e-12));
        assertThat(m.memorySize()).isZero();

        AttentionScores spiked = m.forward(scans(1000, 100, 0, 0, 0, 0));
        DagAttentionContractTest.assertWeights(spiked, 0.986703291, 0.006648354, 0.006648354);
        assertThat(Double.parseDouble(spiked.metadata().get("entropy"))).isCloseTo(0.072700303, offset(1e-9));
        assertThat(spiked.metadata()).containsEntry("memory", "stored");
        assertThat(m.memorySize()).isEqualTo(1);
    }

    /**
     * Two isolated nodes, rows 0, costs (54, 10): b = (0.27, 0.05), z = (2.7, 0.5), w = (0.900250,
     * 0.099750), H/ln 2 = 0.468204 < 0.5: stored. Costs (50, 10): z = (2.5, 0.5), w = (0.880797,
     * 0.119203), H/ln 2 = 0.527065: not stored. A threshold of 0.4 rejects the first as well.
     */
    @Test
    void theEntropyThresholdIsStrictAndConfigurable() {
        TemporalBtspAttention m = create(ON);
        AttentionScores below = m.forward(scans(0, 54, 0, 10));
        DagAttentionContractTest.assertWeights(below, 0.900249511, 0.099750489);
        assertThat(Double.parseDouble(below.metadata().get("entropy"))).isCloseTo(0.468204163, offset(1e-9));
        assertThat(below.metadata()).containsEntry("memory", "stored");

        TemporalBtspAttention fresh = create(ON);
        AttentionScores above = fresh.forward(scans(0, 50, 0, 10));
        DagAttentionContractTest.assertWeights(above, 0.880797078, 0.119202922);
        assertThat(Double.parseDouble(above.metadata().get("entropy"))).isCloseTo(0.527065341, offset(1e-9));
        assertThat(above.metadata()).containsEntry("memory", "miss");
        assertThat(fresh.memorySize()).isZero();

        TemporalBtspAttention strict =
                create(ON.toBuilder().btspMemoryEntropy(0.4).build());
        assertThat(strict.forward(scans(0, 54, 0, 10)).metadata()).containsEntry("memory", "miss");
        assertThat(strict.memorySize()).isZero();
    }

    @Test
    void aSingleNodeIsNeverStored() {
        TemporalBtspAttention m = create(ON);
        AttentionScores s = m.forward(scans(1000, 100));
        assertThat(s.weight(0)).isEqualTo(1.0);
        assertThat(s.metadata()).containsEntry("memory", "miss").doesNotContainKey("entropy");
        assertThat(m.memorySize()).isZero();
    }

    // ------------------------------------------------------------------ recall

    /** The spiked plan's weights come back bit for bit for the flat plan of the same structure. */
    @Test
    void recallsTheExactWeightsOfAMatchingPlan() {
        TemporalBtspAttention m = create(ON);
        QueryDag spiked = scans(1000, 100, 0, 0, 0, 0);
        QueryDag flat = scans(0, 10, 0, 10, 0, 10);
        assertThat(flat.structuralFingerprint()).isEqualTo(spiked.structuralFingerprint());
        assertThat(cosine(spiked.planVector(), flat.planVector())).isBetween(0.95, 1.0);
        AttentionScores stored = m.forward(spiked);
        AttentionScores recalled = m.forward(flat);
        assertThat(recalled.metadata()).containsEntry("memory", "recalled");
        for (int id : flat.nodeIds()) {
            assertThat(recalled.weight(id)).isEqualTo(stored.weight(id));
        }
        // the live result wins once it is confident itself, and refreshes the pattern
        QueryDag otherSpike = scans(0, 0, 1000, 100, 0, 0);
        AttentionScores own = m.forward(otherSpike);
        assertThat(own.metadata()).containsEntry("memory", "stored");
        assertThat(own.weight(1)).isGreaterThan(0.98);
        assertThat(m.memorySize()).isEqualTo(1);
        assertThat(m.forward(flat).weight(1)).isEqualTo(own.weight(1));
    }

    @Test
    void aDiffuseLiveResultStillRecallsAfterFeedback() {
        TemporalBtspAttention m = create(ON.toBuilder().btspLearningRate(1.0).build());
        QueryDag flat = scans(0, 10, 0, 10, 0, 10);
        m.forward(scans(1000, 100, 0, 0, 0, 0));
        assertThat(m.forward(flat).metadata()).containsEntry("memory", "recalled");
        // node 2 ran instantly: e = 1, plateau open → s = (0.05, 0.05, 0.15), still diffuse
        m.update(flat, Map.of(2, 0.0));
        AttentionScores s = m.forward(flat);
        assertThat(s.metadata()).containsEntry("memory", "recalled");
        assertThat(s.auxiliary("trace", 2)).isEqualTo(1.0);
    }

    @Test
    void noRecallWhenThePlanVectorsDiverge() {
        TemporalBtspAttention m = create(ON);
        QueryDag spiked = scans(1000, 100, 0, 0, 0, 0);
        QueryDag huge = scans(0, 1e4, 0, 1e4, 0, 1e4);
        assertThat(cosine(spiked.planVector(), huge.planVector())).isLessThan(0.95);
        m.forward(spiked);
        AttentionScores s = m.forward(huge);
        assertThat(s.metadata()).containsEntry("memory", "miss");
        DagAttentionContractTest.assertWeights(s, 1 / 3.0, 1 / 3.0, 1 / 3.0);
    }

    /** Same node count, plan vectors within 0.95, different edges: never shared. */
    @Test
    void differentStructuresNeverShare() {
        TemporalBtspAttention m = create(ON);
        QueryDag spiked = scans(1000, 100, 0, 0, 0, 0);
        QueryDag chained = scans(0, 10, 0, 10, 0, 10);
        chained.addEdge(0, 1);
        QueryDag renamed = new QueryDag();
        for (int i = 0; i < 3; i++) {
            renamed.addNode(i, OperatorNode.of(new Operator.SeqScan("u" + i), 0, 10));
        }
        for (QueryDag other : List.of(chained, renamed)) {
            assertThat(other.nodeCount()).isEqualTo(3);
            assertThat(other.structuralFingerprint()).isNotEqualTo(spiked.structuralFingerprint());
            assertThat(cosine(spiked.planVector(), other.planVector())).isGreaterThanOrEqualTo(0.95);
        }
        m.forward(spiked);
        assertThat(m.forward(chained).metadata()).containsEntry("memory", "miss");
        assertThat(m.forward(renamed).metadata()).containsEntry("memory", "miss");
    }

    @Test
    void contentModeNeitherReadsNorWrites() {
        TemporalBtspAttention m = create(ON);
        QueryDag spiked = scans(1000, 100, 0, 0, 0, 0);
        Map<Integer, float[]> e = Map.of(0, new float[] {1f});
        AttentionScores content = m.forward(spiked, 0, e);
        assertThat(content.metadata()).doesNotContainKey("memory");
        assertThat(m.memorySize()).isZero();
        m.forward(spiked);
        QueryDag flat = scans(0, 10, 0, 10, 0, 10);
        assertThat(m.forward(flat, 0, e).weight(0)).isEqualTo(1.0);
        assertThat(m.forward(flat, 0, e).metadata()).doesNotContainKey("memory");
        assertThat(m.memorySize()).isEqualTo(1);
    }

    // ------------------------------------------------------------------ the memory itself

    private static Fingerprint structure(int n) {
        return TestDags.chain(n).structuralFingerprint();
    }

    @Test
    void countMismatchAndCosineBelowThresholdAreNoMatch() {
        BtspMemory mem = new BtspMemory(10, 0.95);
        Fingerprint fp = structure(3);
        double[] w = {0.5, 0.25, 0.25};
        mem.store(fp, new double[] {1, 0}, w);
        assertThat(mem.recall(fp, 3, new double[] {1, 0})).containsExactly(w);
        assertThat(mem.recall(fp, 4, new double[] {1, 0})).isNull();
        assertThat(mem.recall(fp, 2, new double[] {1, 0})).isNull();
        // cosine 0.949 is rejected, 0.9501 accepted; length does not matter, only direction
        assertThat(mem.recall(fp, 3, new double[] {0.949, Math.sqrt(1 - 0.949 * 0.949)}))
                .isNull();
        assertThat(mem.recall(fp, 3, new double[] {3 * 0.9501, 3 * Math.sqrt(1 - 0.9501 * 0.9501)}))
                .containsExactly(w);
        assertThat(mem.recall(fp, 3, new double[] {0, 0})).isNull();
        assertThat(mem.recall(fp, 3, new double[] {1, 0, 0})).isNull();
        assertThat(mem.recall(structure(4), 3, new double[] {1, 0})).isNull();
    }

    @Test
    void theBestMatchIsRecalledAndRefreshedInPlace() {
        BtspMemory mem = new BtspMemory(10, 0.95);
        Fingerprint fp = structure(2);
        mem.store(fp, new double[] {1, 0, 0}, new double[] {0.9, 0.1});
        mem.store(fp, new double[] {0, 1, 0}, new double[] {0.2, 0.8});
        assertThat(mem.size()).isEqualTo(2);
        assertThat(mem.recall(fp, 2, new double[] {0.1, 1, 0})).containsExactly(0.2, 0.8);
        assertThat(mem.recall(fp, 2, new double[] {1, 0.1, 0})).containsExactly(0.9, 0.1);
        mem.store(fp, new double[] {1, 0.05, 0}, new double[] {0.95, 0.05});
        assertThat(mem.size()).isEqualTo(2);
        assertThat(mem.recall(fp, 2, new double[] {1, 0, 0})).containsExactly(0.95, 0.05);
        assertThat(mem.structures()).isEqualTo(1);
    }

    /** Capacity 3: recall refreshes recency, so the least recently used pattern goes first. */
    @Test
    void capacityIsBoundedLeastRecentlyUsedFirst() {
        BtspMemory mem = new BtspMemory(3, 0.95);
        double[] v = {1};
        for (int n = 2; n <= 4; n++) {
            mem.store(structure(n), v, new double[n]);
        }
        assertThat(mem.recall(structure(2), 2, v)).isNotNull();
        mem.store(structure(5), v, new double[5]);
        assertThat(mem.size()).isEqualTo(3);
        assertThat(mem.structures()).isEqualTo(3);
        assertThat(mem.recall(structure(3), 3, v)).isNull();
        assertThat(mem.recall(structure(2), 2, v)).isNotNull();
        assertThat(mem.recall(structure(4), 4, v)).isNotNull();
        assertThat(mem.recall(structure(5), 5, v)).isNotNull();
        mem.clear();
        assertThat(mem.size()).isZero();
    }

    @Test
    void theMechanismHoldsAtMostTheConfiguredPatterns() {
        TemporalBtspAttention m = create(ON.toBuilder().btspMemoryCapacity(4).build());
        for (int n = 2; n <= 12; n++) {
            QueryDag d = new QueryDag();
            d.addNode(0, OperatorNode.of(new Operator.SeqScan("big"), 1000, 100));
            for (int i = 1; i < n; i++) {
                d.addNode(i, OperatorNode.of(new Operator.SeqScan("t" + i), 0, 1e-6));
            }
            assertThat(m.forward(d).metadata()).as("n=%d", n).containsEntry("memory", "stored");
            assertThat(m.memorySize()).isEqualTo(Math.min(n - 1, 4));
        }
        assertThat(m.memorySize()).isEqualTo(4);
        assertThat(AttentionConfig.defaults().btspMemoryCapacity()).isEqualTo(1000);
        assertThat(AttentionConfig.MAX_BTSP_MEMORY_CAPACITY).isEqualTo(1000);
    }

    @Test
    void offByDefaultAndResetForgets() {
        assertThat(AttentionConfig.defaults().btspMemory()).isFalse();
        TemporalBtspAttention off = create(AttentionConfig.defaults());
        AttentionScores s = off.forward(scans(1000, 100, 0, 0, 0, 0));
        assertThat(s.metadata()).doesNotContainKeys("memory", "entropy");
        assertThat(off.memorySize()).isZero();
        assertThat(off.configHash())
                .isEqualTo(
                        create(AttentionConfig.builder().btspMemoryCapacity(5).build())
                                .configHash());
        assertThat(create(ON).configHash()).isNotEqualTo(off.configHash());
        assertThat(create(ON).configHash())
                .isNotEqualTo(
                        create(ON.toBuilder().btspMemoryCosine(0.9).build()).configHash());

        TemporalBtspAttention on = create(ON);
        on.forward(scans(1000, 100, 0, 0, 0, 0));
        assertThat(on.memorySize()).isEqualTo(1);
        on.reset();
        assertThat(on.memorySize()).isZero();
        assertThat(on.forward(scans(0, 10, 0, 10, 0, 10)).metadata()).containsEntry("memory", "miss");
    }

    @Test
    void normalizedEntropyOfHandComputedDistributions() {
        assertThat(BtspMemory.normalizedEntropy(new double[] {0.25, 0.25, 0.25, 0.25}))
                .isCloseTo(1.0, offset(1e-15));
        assertThat(BtspMemory.normalizedEntropy(new double[] {1, 0, 0})).isZero();
        // H(0.9, 0.1) = 0.325083 nats, / ln 2 = 0.468996
        assertThat(BtspMemory.normalizedEntropy(new double[] {0.9, 0.1})).isCloseTo(0.468996, offset(1e-6));
        assertThat(BtspMemory.normalizedEntropy(new double[] {1})).isNaN();
    }

    // ------------------------------------------------------------------ properties

    static List<RandomDags.Spec> cases() {
        return RandomDags.specs(0xB75F_3E30L, 600, 1, RandomDags.MAX_NODES);
    }

    /** One mechanism across all cases, so the memory fills up and evicts. */
    private static final TemporalBtspAttention SHARED = (TemporalBtspAttention)
            DagAttention.temporalBtsp(ON.toBuilder().btspMemoryCapacity(64).build(), new FakeClock(0));

    /** A copy whose first node is expensive and every other node nearly free. */
    private static QueryDag spiked(QueryDag dag) {
        QueryDag r = dag.copy();
        int[] ids = r.nodeIds();
        for (int i = 0; i < ids.length; i++) {
            OperatorNode node = r.node(ids[i]);
            r.replaceNode(ids[i], i == 0 ? node.withEstimates(1000, 100) : node.withEstimates(0, 1e-6));
        }
        return r;
    }

    /** A copy with every estimate equal. */
    private static QueryDag flat(QueryDag dag) {
        QueryDag r = dag.copy();
        for (int id : r.nodeIds()) {
            r.replaceNode(id, r.node(id).withEstimates(0, 1));
        }
        return r;
    }

    /**
     * 600 seeded random DAGs with the memory on: every result a distribution (weights in [0, 1],
     * sum 1 within 1e-9), and each memory decision equal to the oracle's: the same mechanism with
     * the memory off gives the live weights, whose entropy decides a store; a recall happens
     * exactly when the live result is not confident, a pattern of the structure was stored and the
     * plan vectors' cosine is at least 0.95, and then returns that pattern's weights bit for bit.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void weightsStayADistributionAndDecisionsMatchTheOracle(RandomDags.Spec spec) {
        String where = "memory " + spec;
        QueryDag dag = spec.build();
        FakeClock clockOn = new FakeClock(1000);
        FakeClock clockOff = new FakeClock(1000);
        DagAttention on = DagAttention.temporalBtsp(ON, clockOn);
        DagAttention off = DagAttention.temporalBtsp(AttentionConfig.defaults(), clockOff);
        QueryDag spiked = spiked(dag);
        QueryDag flat = flat(dag);
        int n = dag.nodeCount();

        AttentionScores a = on.forward(spiked);
        DagAttentionContractTest.assertDistribution(a, spiked, where + " spiked");
        AttentionScores aLive = off.forward(spiked);
        double hA = BtspMemory.normalizedEntropy(aLive.weights());
        boolean stored = n >= 2 && hA < 0.5;
        assertThat(a.weights()).as(where).isEqualTo(aLive.weights());
        assertThat(a.metadata().get("memory")).as(where).isEqualTo(stored ? "stored" : "miss");

        SplittableRandom rnd = new SplittableRandom(spec.seed());
        Map<Integer, Double> times = new HashMap<>();
        for (int id : dag.nodeIds()) {
            if (rnd.nextBoolean()) {
                times.put(id, rnd.nextDouble() * 3);
            }
        }
        on.update(flat, times);
        off.update(flat, times);
        long later = rnd.nextInt(1000);
        clockOn.advanceMillis(later);
        clockOff.advanceMillis(later);

        AttentionScores b = on.forward(flat);
        DagAttentionContractTest.assertDistribution(b, flat, where + " flat");
        AttentionScores bLive = off.forward(flat);
        double hB = BtspMemory.normalizedEntropy(bLive.weights());
        boolean similar = cosine(spiked.planVector(), flat.planVector()) >= 0.95;
        String expected;
        double[] expectedWeights;
        if (n >= 2 && hB < 0.5) {
            expected = "stored";
            expectedWeights = bLive.weights();
        } else if (stored && similar) {
            expected = "recalled";
            expectedWeights = a.weights();
        } else {
            expected = "miss";
            expectedWeights = bLive.weights();
        }
        assertThat(b.metadata().get("memory")).as(where).isEqualTo(expected);
        if (!Arrays.equals(b.weights(), expectedWeights)) {
            fail(where + ": weights differ from the oracle's " + expected + " weights");
        }

        AttentionScores c = SHARED.forward(spiked);
        DagAttentionContractTest.assertDistribution(c, spiked, where + " shared");
        DagAttentionContractTest.assertDistribution(SHARED.forward(flat), flat, where + " shared flat");
        assertThat(SHARED.memorySize()).as(where).isLessThanOrEqualTo(64);
    }
}
