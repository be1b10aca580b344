package io.neuraldag.attention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.neuraldag.core.Operator;
import io.neuraldag.core.OperatorNode;
import io.neuraldag.core.QueryDag;
import io.neuraldag.core.testing.RandomDags;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The attention cache, spec 01 §4.3 and §7 item 8. */
class AttentionCacheTest {
    private final FakeClock clock = new FakeClock(5_000);
    private final DagAttention topo = DagAttention.create(AttentionKind.TOPOLOGICAL, AttentionConfig.defaults());
    private final DagAttention critical = DagAttention.create(AttentionKind.CRITICAL_PATH, AttentionConfig.defaults());

    private AttentionCache cache(int capacity) {
        return AttentionCache.create(CacheConfig.ofCapacity(capacity), clock);
    }

    private static QueryDag costed(int n, double cost) {
        QueryDag d = TestDags.chain(n);
        for (int i = 0; i < n; i++) {
            d.replaceNode(i, d.node(i).withEstimates(1, cost + i));
        }
        return d;
    }

    @Test
    void hitsAndMissesAreCountedAndTheSameValueIsShared() {
        AttentionCache c = cache(10);
        assertThat(c.stats().hitRate()).isZero();
        QueryDag dag = TestDags.diamond();
        AttentionScores a = c.getOrCompute(topo, dag);
        AttentionScores b = c.getOrCompute(topo, dag);
        assertThat(b).isSameAs(a);
        assertThat(c.getOrCompute(topo, dag.copy())).isSameAs(a);
        CacheStats s = c.stats();
        assertThat(s.hits()).isEqualTo(2);
        assertThat(s.misses()).isEqualTo(1);
        assertThat(s.size()).isEqualTo(1);
        assertThat(s.capacity()).isEqualTo(10);
        assertThat(s.hitRate()).isCloseTo(2 / 3.0, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(c.getIfPresent(topo, dag)).containsSame(a);
        assertThat(c.getIfPresent(critical, dag)).isEmpty();
        assertThat(c.stats().hits()).isEqualTo(3);
        assertThat(c.stats().misses()).isEqualTo(2);
    }

    @Test
    void sizeNeverExceedsTheCapacity() {
        AttentionCache c = cache(100);
        for (int i = 0; i < 300; i++) {
            c.getOrCompute(topo, costed(3, i));
            assertThat(c.stats().size()).isLessThanOrEqualTo(100);
        }
        CacheStats s = c.stats();
        assertThat(s.misses()).isEqualTo(300);
        assertThat(s.evictions()).isEqualTo(200);
    }

    @Test
    void defaultCapacityIsTenThousand() {
        AttentionCache c = AttentionCache.create();
        assertThat(c.stats().capacity()).isEqualTo(10_000);
        for (int i = 0; i < 10_300; i++) {
            QueryDag d = new QueryDag();
            d.addNode(0, OperatorNode.of(new Operator.SeqScan("t"), i, 0));
            c.getOrCompute(topo, d);
        }
        assertThat(c.stats().size()).isLessThanOrEqualTo(10_000);
        assertThat(c.stats().evictions()).isGreaterThanOrEqualTo(300);
    }

    @Test
    void aChangedCostNeverReturnsAnotherPlansScores() {
        AttentionCache c = cache(10);
        QueryDag dag = TestDags.withCosts(TestDags.diamond(), 10, 5, 1, 2);
        AttentionScores before = c.getOrCompute(critical, dag);
        QueryDag changed = TestDags.withCosts(TestDags.diamond(), 10, 1, 5, 2);
        AttentionScores after = c.getOrCompute(critical, changed);
        assertThat(c.stats().hits()).isZero();
        assertThat(after).isEqualTo(critical.forward(changed)).isNotEqualTo(before);
        assertThat(after.weight(2)).isGreaterThan(after.weight(1));
    }

    @Test
    void aChangedConfigOrKindNeverHits() {
        AttentionCache c = cache(10);
        QueryDag dag = TestDags.chain(4);
        AttentionScores a = c.getOrCompute(topo, dag);
        DagAttention other = DagAttention.create(
                AttentionKind.TOPOLOGICAL,
                AttentionConfig.builder().topologicalDecay(0.5).build());
        AttentionScores b = c.getOrCompute(other, dag);
        assertThat(b).isNotEqualTo(a).isEqualTo(other.forward(dag));
        c.getOrCompute(DagAttention.create(AttentionKind.CAUSAL_CONE, AttentionConfig.defaults()), dag);
        assertThat(c.stats().hits()).isZero();
        // an equal configuration in another instance is the same key
        DagAttention same = DagAttention.create(
                AttentionKind.TOPOLOGICAL, AttentionConfig.builder().build());
        assertThat(c.getOrCompute(same, dag)).isSameAs(a);
        // a parameter of another mechanism does not change Topological's key
        DagAttention unrelated = DagAttention.create(
                AttentionKind.TOPOLOGICAL,
                AttentionConfig.builder().causalDecay(0.7).build());
        assertThat(c.getOrCompute(unrelated, dag)).isSameAs(a);
    }

    @Test
    void aLearnedBoostChangesTheKey() {
        AttentionCache c = cache(10);
        DagAttention m = DagAttention.create(AttentionKind.CRITICAL_PATH, AttentionConfig.defaults());
        QueryDag dag = TestDags.withCosts(TestDags.diamond(), 10, 5, 1, 2);
        AttentionScores a = c.getOrCompute(m, dag);
        m.update(dag, Map.of(0, 1.0, 1, 8.0, 2, 0.5, 3, 0.5));
        AttentionScores b = c.getOrCompute(m, dag);
        assertThat(b).isNotEqualTo(a).isEqualTo(m.forward(dag));
        assertThat(c.stats().misses()).isEqualTo(2);
    }

    @Test
    void statefulMechanismsBypassTheCache() {
        AttentionCache c = cache(10);
        DagAttention btsp = DagAttention.temporalBtsp(AttentionConfig.defaults(), clock);
        QueryDag dag = TestDags.chain(3);
        AttentionScores a = c.getOrCompute(btsp, dag);
        btsp.update(dag, Map.of(0, 0.0));
        AttentionScores b = c.getOrCompute(btsp, dag);
        assertThat(b).isNotEqualTo(a);
        assertThat(c.getIfPresent(btsp, dag)).isEmpty();
        CacheStats s = c.stats();
        assertThat(s.bypasses()).isEqualTo(3);
        assertThat(s.hits() + s.misses()).isZero();
        assertThat(s.size()).isZero();
    }

    @Test
    void entriesExpireOnTheInjectedClock() {
        AttentionCache c =
                AttentionCache.create(CacheConfig.ofCapacity(10).withTimeToLive(Duration.ofSeconds(1)), clock);
        QueryDag dag = TestDags.chain(3);
        AttentionScores a = c.getOrCompute(topo, dag);
        clock.advanceMillis(999);
        assertThat(c.getOrCompute(topo, dag)).isSameAs(a);
        clock.advanceMillis(2);
        // expired: a miss that recomputes (the mechanism's own per-snapshot memo may hand back the
        // same immutable instance, so the stats, not identity, show the recomputation)
        assertThat(c.getOrCompute(topo, dag)).isEqualTo(a);
        CacheStats s = c.stats();
        assertThat(s.hits()).isEqualTo(1);
        assertThat(s.misses()).isEqualTo(2);
        assertThat(s.evictions()).isEqualTo(1);
    }

    @Test
    void failuresAreNotCached() {
        AttentionCache c = cache(10);
        QueryDag empty = new QueryDag();
        assertThatThrownBy(() -> c.getOrCompute(topo, empty)).isInstanceOf(AttentionException.class);
        assertThat(c.getIfPresent(topo, empty)).isEmpty();
        DagAttention failing = DagAttention.minCutGated(AttentionConfig.defaults(), s -> {
            throw new IllegalStateException("down");
        });
        QueryDag dag = TestDags.chain(2);
        assertThatThrownBy(() -> c.getOrCompute(failing, dag)).isInstanceOf(AttentionException.class);
        assertThatThrownBy(() -> c.getOrCompute(failing, dag)).isInstanceOf(AttentionException.class);
        CacheStats s = c.stats();
        assertThat(s.misses()).isEqualTo(4);
        assertThat(s.size()).isZero();
    }

    @Test
    void invalidateAllKeepsCounters() {
        AttentionCache c = cache(10);
        c.getOrCompute(topo, TestDags.chain(2));
        c.getOrCompute(topo, TestDags.chain(3));
        c.invalidateAll();
        CacheStats s = c.stats();
        assertThat(s.size()).isZero();
        assertThat(s.misses()).isEqualTo(2);
        assertThat(s.evictions()).isZero();
        assertThat(c.toString()).contains("misses=2");
    }

    @Test
    void configIsValidated() {
        assertThatThrownBy(() -> CacheConfig.ofCapacity(0)).isInstanceOf(AttentionException.class);
        assertThatThrownBy(() -> CacheConfig.ofCapacity(1).withTimeToLive(Duration.ZERO))
                .isInstanceOf(AttentionException.class);
        assertThatThrownBy(() -> CacheConfig.ofCapacity(1).withTimeToLive(Duration.ofSeconds(-1)))
                .isInstanceOf(AttentionException.class);
        assertThat(CacheConfig.defaults().capacity()).isEqualTo(10_000);
        assertThat(CacheConfig.defaults().timeToLive()).isNull();
    }

    @Test
    void fourThreadsHammeringKeepConsistentCountsAndCorrectValues() throws Exception {
        AttentionCache c = cache(64);
        List<QueryDag> dags = new ArrayList<>();
        List<AttentionScores> topoExpected = new ArrayList<>();
        List<AttentionScores> critExpected = new ArrayList<>();
        for (long seed = 0; seed < 100; seed++) {
            QueryDag d = RandomDags.randomForward(40, 0.1, seed);
            d.fullFingerprint();
            dags.add(d);
            topoExpected.add(topo.forward(d));
            critExpected.add(critical.forward(d));
        }
        int perThread = 4000;
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> fs = new ArrayList<>();
            for (int th = 0; th < 4; th++) {
                int offset = th * 7;
                fs.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        int k = (i * 13 + offset) % dags.size();
                        boolean crit = (i & 1) == 1;
                        AttentionScores got = c.getOrCompute(crit ? critical : topo, dags.get(k));
                        if (!got.equals((crit ? critExpected : topoExpected).get(k))) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> f : fs) {
                assertThat(f.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
        CacheStats s = c.stats();
        assertThat(s.hits() + s.misses()).isEqualTo(4L * perThread);
        assertThat(s.size()).isLessThanOrEqualTo(64);
        assertThat(s.misses()).isGreaterThanOrEqualTo(200);
    }
}
