package io.neuraldag.core.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.neuraldag.core.Operator;
import io.neuraldag.core.OperatorNode;
import io.neuraldag.core.QueryDag;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The shared generators do what their documentation promises. */
class RandomDagsTest {

    @Test
    void specsAreDeterministicAndCoverEverything() {
        List<RandomDags.Spec> a = RandomDags.specs(99, 700, 1, 200);
        List<RandomDags.Spec> b = RandomDags.specs(99, 700, 1, 200);
        assertThat(a).isEqualTo(b).hasSize(700);
        assertThat(RandomDags.specs(98, 700, 1, 200)).isNotEqualTo(a);
        Set<RandomDags.Family> families = EnumSet.noneOf(RandomDags.Family.class);
        Set<RandomDags.Payloads> payloads = EnumSet.noneOf(RandomDags.Payloads.class);
        Set<Boolean> shuffled = new HashSet<>();
        int small = 0;
        int large = 0;
        for (RandomDags.Spec s : a) {
            families.add(s.family());
            payloads.add(s.payloads());
            shuffled.add(s.shuffledIds());
            assertThat(s.nodes()).isBetween(1, 200);
            small += s.nodes() <= 20 ? 1 : 0;
            large += s.nodes() > 150 ? 1 : 0;
            assertThat(s.toString()).contains(s.family().name()).contains("seed=" + s.seed() + "L");
        }
        assertThat(families).hasSize(RandomDags.Family.values().length);
        assertThat(payloads).hasSize(3);
        assertThat(shuffled).hasSize(2);
        assertThat(small).isGreaterThan(300);
        assertThat(large).isGreaterThan(50);
        assertThatThrownBy(() -> RandomDags.specs(1, 1, 0, 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RandomDags.specs(1, 1, 6, 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RandomDags.Spec(RandomDags.Family.CHAIN, 0, RandomDags.Payloads.FULL, false, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void everySpecBuildsTheSameDagTwiceWithTheRightSize() {
        for (RandomDags.Spec s : RandomDags.specs(5, 300, 1, 200)) {
            QueryDag x = s.build();
            QueryDag y = s.build();
            assertThat(x).as("%s", s).isEqualTo(y).isNotSameAs(y);
            assertThat(x.toJson()).isEqualTo(y.toJson());
            assertThat(x.nodeCount()).as("%s", s).isEqualTo(s.nodes());
            int[] ids = x.nodeIds();
            for (int id : ids) {
                OperatorNode n = x.node(id);
                double quarters = n.estimatedCost() * 4;
                assertThat(quarters).isEqualTo(Math.rint(quarters));
                if (s.payloads() == RandomDags.Payloads.ZERO_COST) {
                    assertThat(n.estimatedCost()).isZero();
                }
                if (s.payloads() != RandomDags.Payloads.FULL) {
                    assertThat(n.hasEmbedding()).isFalse();
                    assertThat(n.actualRows()).isNull();
                }
            }
            if (s.family() == RandomDags.Family.SPARSE_AFTER_REMOVALS) {
                assertThat(x.nextId()).isGreaterThan(s.nodes());
            }
            if (!s.shuffledIds() && s.family() != RandomDags.Family.SPARSE_AFTER_REMOVALS) {
                assertThat(ids[ids.length - 1]).isEqualTo(s.nodes() - 1);
            }
        }
    }

    @Test
    void familiesHaveTheirShapes() {
        for (long seed = 0; seed < 40; seed++) {
            int n = 1 + (int) (seed * 5 % 120);
            QueryDag chain = RandomDags.chain(n, seed);
            assertThat(chain.edgeCount()).isEqualTo(n - 1);
            assertThat(chain.maxDepth()).isEqualTo(n - 1);

            QueryDag in = RandomDags.inTree(n, seed);
            assertThat(in.sinks()).containsExactly(0);
            assertThat(in.edgeCount()).isEqualTo(n - 1);
            for (int id : in.nodeIds()) {
                assertThat(in.children(id).length).isEqualTo(id == 0 ? 0 : 1);
            }
            QueryDag out = RandomDags.outTree(n, seed);
            assertThat(out.sources()).containsExactly(0);
            for (int id : out.nodeIds()) {
                assertThat(out.parents(id).length).isEqualTo(id == 0 ? 0 : 1);
            }

            QueryDag diamonds = RandomDags.diamonds(n, seed);
            assertThat(diamonds.sources()).containsExactly(0);
            for (int id : diamonds.nodeIds()) {
                int in2 = diamonds.parents(id).length;
                int out2 = diamonds.children(id).length;
                // a parallel node has one input and at most one output; a fork/join separates the stack
                if (in2 == 1) {
                    assertThat(out2)
                            .as("node %d of diamonds(%d, %d)", id, n, seed)
                            .isLessThanOrEqualTo(1);
                } else {
                    assertThat(diamonds.criticality(id))
                            .as("join %d of diamonds(%d, %d)", id, n, seed)
                            .isEqualTo(1.0);
                }
            }

            int layers = 1 + (int) (seed % Math.min(n, 10));
            QueryDag layered = RandomDags.layered(n, layers, 0.3, seed);
            assertThat(layered.snapshot().levelCount()).isEqualTo(layers);
            int previous = 0;
            for (int id : layered.nodeIds()) {
                assertThat(layered.level(id)).isBetween(previous, previous + 1);
                previous = layered.level(id);
                for (int c : layered.children(id)) {
                    assertThat(layered.level(c)).isEqualTo(layered.level(id) + 1);
                }
            }

            QueryDag empty = RandomDags.randomForward(n, 0.0, seed);
            assertThat(empty.edgeCount()).isZero();
            QueryDag full = RandomDags.randomForward(Math.min(n, 30), 1.0, seed);
            int k = full.nodeCount();
            assertThat(full.edgeCount()).isEqualTo(k * (k - 1) / 2);

            QueryDag sparse = RandomDags.sparseAfterRemovals(n, 7, seed);
            assertThat(sparse.nodeCount()).isEqualTo(n);
            assertThat(sparse.nextId()).isEqualTo(n + 7);
        }
        assertThatThrownBy(() -> RandomDags.randomForward(3, 1.5, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RandomDags.layered(3, 4, 0.5, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RandomDags.layered(3, 2, -0.1, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void randomOperatorsCoverAllKinds() {
        SplittableRandom r = new SplittableRandom(3);
        Set<Integer> tags = new HashSet<>();
        for (int i = 0; i < 2000; i++) {
            tags.add(RandomDags.randomOperator(r).tag());
        }
        assertThat(tags).hasSize(Operator.KIND_COUNT);
        for (int tag = 0; tag < Operator.KIND_COUNT; tag++) {
            assertThat(RandomDags.randomOperator(r, tag).tag()).isEqualTo(tag);
        }
        assertThatThrownBy(() -> RandomDags.randomOperator(r, 32)).isInstanceOf(IllegalArgumentException.class);
        double c = RandomDags.randomCost(r);
        assertThat(c).isBetween(0.0, 1000.0);
    }

    @Test
    void shuffledCopiesAreEqualButBuiltDifferently() {
        QueryDag dag = RandomDags.random(17);
        QueryDag a = RandomDags.shuffledCopy(dag, 1);
        QueryDag b = RandomDags.shuffledCopy(dag, 2);
        assertThat(a).isEqualTo(dag).isEqualTo(b);
        assertThat(RandomDags.random(17)).isEqualTo(dag);
    }

    @Test
    void fixedPlans() {
        QueryDag simple = TestDags.simple();
        assertThat(simple.topologicalSort()).containsExactly(0, 1, 2);
        assertThat(simple.node(0).operator()).isEqualTo(new Operator.SeqScan("users"));
        QueryDag medium = TestDags.medium();
        assertThat(medium.nodeCount()).isEqualTo(8);
        assertThat(medium.sources()).containsExactly(0, 2);
        assertThat(medium.sinks()).containsExactly(7);
        QueryDag vector = TestDags.vectorQuery();
        assertThat(vector.node(0).operator()).isInstanceOf(Operator.HnswScan.class);
        assertThat(vector.sinks()).containsExactly(4);
        Set<Boolean> shared = new HashSet<>();
        for (long seed = 0; seed < 50; seed++) {
            QueryDag c = TestDags.complex(seed);
            assertThat(c.nodeCount()).as("seed %d", seed).isBetween(50, 100);
            assertThat(c.sinks()).hasSize(1);
            assertThat(c.node(c.sinks()[0]).operator()).isEqualTo(new Operator.Result());
            assertThat(c).isEqualTo(TestDags.complex(seed));
            boolean anyShared = false;
            for (int id : c.nodeIds()) {
                anyShared |= c.children(id).length > 1;
            }
            shared.add(anyShared);
        }
        assertThat(shared).as("some complex plans share a CTE, some do not").contains(true);
        assertThat(TestDags.everyOperatorKind()).hasSize(32);
        assertThat(TestDags.fullNode(new Operator.Result()).hasEmbedding()).isTrue();
    }
}
