package io.neuraldag.mincut;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.neuraldag.core.JoinType;
import io.neuraldag.core.Operator;
import io.neuraldag.core.OperatorNode;
import io.neuraldag.core.QueryDag;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Spec 02 §2.6. */
class BottleneckAnalysisTest {

    static BottleneckAnalysis analyze(QueryDag dag) {
        MinCutEngine e = MinCutEngine.create(MinCutConfig.defaults());
        e.buildFrom(dag);
        return e.analyze();
    }

    @Test
    void healthFormula() {
        assertThat(BottleneckAnalysis.healthOf(0.6, 0.8)).isCloseTo(0.24, within(1e-12));
        assertThat(BottleneckAnalysis.healthOf()).isEqualTo(1.0);
        assertThat(BottleneckAnalysis.healthOf(1.0)).isZero();
    }

    @Test
    void alertLevels() {
        assertThat(AlertLevel.of(0.95)).isEqualTo(AlertLevel.CRITICAL);
        assertThat(AlertLevel.of(0.9)).isEqualTo(AlertLevel.WARNING);
        assertThat(AlertLevel.of(0.85)).isEqualTo(AlertLevel.WARNING);
        assertThat(AlertLevel.of(0.8)).isEqualTo(AlertLevel.INFO);
        assertThat(AlertLevel.of(0.75)).isEqualTo(AlertLevel.INFO);
        assertThat(AlertLevel.of(0.7)).isEqualTo(AlertLevel.NONE);
        assertThat(AlertLevel.of(0)).isEqualTo(AlertLevel.NONE);
    }

    @Test
    void bowtie() {
        BottleneckAnalysis a = analyze(Plans.bowtie());
        assertThat(a.lambda()).isCloseTo(0.01, within(1e-15));
        assertThat(a.tension()).isCloseTo(0.95, within(1e-12));
        assertThat(a.bottlenecks()).hasSize(1);
        Bottleneck b = a.bottlenecks().get(0);
        assertThat(b.operatorId()).isEqualTo(2);
        assertThat(b.operator()).isInstanceOf(Operator.HashJoin.class);
        assertThat(b.criticality()).isCloseTo(0.95, within(1e-12));
        assertThat(b.impact()).isCloseTo(95, within(1e-9));
        assertThat(b.alert()).isEqualTo(AlertLevel.CRITICAL);
        assertThat(a.alerts()).singleElement().satisfies(al -> {
            assertThat(al.operatorId()).isEqualTo(2);
            assertThat(al.level()).isEqualTo(AlertLevel.CRITICAL);
            assertThat(al.message()).contains("HashJoin").contains("0.950");
        });
        assertThat(a.health()).isCloseTo(1 - 0.95, within(1e-12));
        assertThat(a.totalCost()).isEqualTo(140);
        assertThat(a.criticalPathCost()).isEqualTo(120);
        assertThat(a.parallelisation()).isCloseTo(1 - 120.0 / 140, within(1e-12));
        assertThat(a.recommendations()).isEmpty(); // no rule for hash joins
        assertThat(a.redundancy()).singleElement().satisfies(r -> {
            assertThat(r.strategy()).isEqualTo(RedundancyStrategy.REPLICATE);
            assertThat(r.expectedGain()).isCloseTo(0.3 * 95, within(1e-9));
            assertThat(r.additionalCost()).isCloseTo(10, within(1e-12));
            assertThat(r.redundancy()).isCloseTo(0, within(1e-12)); // vit(2) = 1
        });
    }

    @Test
    void sampleJoinPlanIsABottleneckWithoutAlert() {
        BottleneckAnalysis a = analyze(Plans.sampleJoin());
        assertThat(a.bottlenecks()).extracting(Bottleneck::operatorId).containsExactly(2);
        assertThat(a.bottlenecks().get(0).alert()).isEqualTo(AlertLevel.NONE);
        assertThat(a.alerts()).isEmpty();
        assertThat(a.redundancy()).isEmpty();
        assertThat(a.totalCost()).isEqualTo(851);
        assertThat(a.criticalPathCost()).isEqualTo(751);
        assertThat(a.health()).isCloseTo(1 - 0.583333, within(1e-6));
    }

    @Test
    void noBottlenecksMeansFullHealth() {
        BottleneckAnalysis a = analyze(Plans.fan());
        assertThat(a.bottlenecks()).isEmpty();
        assertThat(a.health()).isEqualTo(1.0);
        assertThat(a.tension()).isZero();
        assertThat(a.parallelisation()).isCloseTo(1 - 3.0 / 5, within(1e-12));
    }

    /** cheap scan -> op (cost 100) -> cheap result: crit(op) = 1 - 0.01/1 = 0.99. */
    static QueryDag around(Operator op, double rows, double inputRows) {
        QueryDag dag = new QueryDag();
        dag.addNode(0, OperatorNode.of(new Operator.SeqScan("input"), inputRows, 1));
        dag.addNode(1, OperatorNode.of(op, rows, 100));
        dag.addNode(2, OperatorNode.of(new Operator.Result(), rows, 1));
        dag.addEdge(0, 1);
        dag.addEdge(1, 2);
        return dag;
    }

    @Test
    void recommendationRules() {
        List<Recommendation> nl = analyze(around(new Operator.NestedLoopJoin(JoinType.INNER), 10, 10))
                .recommendations();
        assertThat(nl).singleElement().isInstanceOfSatisfying(Recommendation.ReplaceNestedLoop.class, r -> {
            assertThat(r.criticality()).isCloseTo(0.99, within(1e-12));
            assertThat(r.expectedGain()).isCloseTo(0.495, within(1e-12));
            assertThat(r.description()).contains("hash join");
        });
        List<Recommendation> hnsw =
                analyze(around(new Operator.HnswScan("emb_idx", 40), 10, 10)).recommendations();
        assertThat(hnsw).singleElement().isInstanceOfSatisfying(Recommendation.IncreaseSearchEffort.class, r -> {
            assertThat(r.parameter()).isEqualTo("ef_search");
            assertThat(r.current()).isEqualTo(40);
            assertThat(r.suggested()).isEqualTo(80);
            assertThat(r.description()).contains("emb_idx");
        });
        List<Recommendation> ivf =
                analyze(around(new Operator.IvfFlatScan("ivf", 10), 10, 10)).recommendations();
        assertThat(ivf)
                .singleElement()
                .isInstanceOfSatisfying(
                        Recommendation.IncreaseSearchEffort.class,
                        r -> assertThat(r.parameter()).isEqualTo("nprobe"));
        Operator sort = new Operator.Sort(List.of("ts"), List.of(false));
        assertThat(analyze(around(sort, 100_000, 10)).recommendations()).isEmpty();
        assertThat(analyze(around(sort, 100_001, 10)).recommendations())
                .singleElement()
                .isInstanceOfSatisfying(Recommendation.AddSortIndex.class, r -> {
                    assertThat(r.keys()).containsExactly("ts");
                    assertThat(r.description()).contains("100001");
                });
        Operator agg = new Operator.HashAggregate(List.of("k"), List.of("count(*)"));
        assertThat(analyze(around(agg, 10, 1_000_000)).recommendations()).isEmpty();
        assertThat(analyze(around(agg, 10, 2_000_000)).recommendations())
                .singleElement()
                .isInstanceOfSatisfying(
                        Recommendation.PartitionAggregate.class,
                        r -> assertThat(r.rows()).isEqualTo(2_000_000));
        QueryDag scan = new QueryDag();
        scan.addNode(0, OperatorNode.of(new Operator.SeqScan("users"), 10, 100));
        scan.addNode(1, OperatorNode.of(new Operator.Result(), 10, 1));
        scan.addEdge(0, 1);
        assertThat(analyze(scan).recommendations())
                .singleElement()
                .isInstanceOfSatisfying(Recommendation.CreateIndex.class, r -> {
                    assertThat(r.table()).isEqualTo("users");
                    assertThat(r.description()).contains("users");
                });
    }

    @Test
    void vectorScansBelowTheirThresholdGetNoRecommendation() {
        // cheap scan -> hnsw (cost 5) -> result (cost 1): crit = 1 - 0.2 / 1 = 0.8, not above 0.8
        QueryDag dag = new QueryDag();
        dag.addNode(0, OperatorNode.of(new Operator.SeqScan("input"), 10, 1));
        dag.addNode(1, OperatorNode.of(new Operator.HnswScan("h", 16), 10, 5));
        dag.addNode(2, OperatorNode.of(new Operator.Result(), 10, 1));
        dag.addEdge(0, 1);
        dag.addEdge(1, 2);
        BottleneckAnalysis a = analyze(dag);
        assertThat(a.bottlenecks())
                .singleElement()
                .satisfies(b -> assertThat(b.criticality()).isCloseTo(0.8, within(1e-12)));
        assertThat(a.recommendations()).isEmpty();
        assertThat(a.redundancy())
                .singleElement()
                .satisfies(r -> assertThat(r.strategy()).isEqualTo(RedundancyStrategy.PREFETCH));
    }

    @Test
    void redundancyStrategies() {
        // two scans of cost 100 into a cheap join: lambda = 0.02, both scans lie in every cut, and
        // with c(0) = inf the cut moves to the join, min(inf + 0.01, 1) = 1, so crit = 0.98
        QueryDag withIndex = new QueryDag();
        withIndex.addNode(0, OperatorNode.of(new Operator.SeqScan("users"), 10, 100));
        withIndex.addNode(1, OperatorNode.of(new Operator.IndexScan("users_pkey", "users"), 10, 100));
        withIndex.addNode(2, OperatorNode.of(new Operator.HashJoin("id", JoinType.INNER), 10, 1));
        withIndex.addEdge(0, 2);
        withIndex.addEdge(1, 2);
        List<RedundancySuggestion> both = analyze(withIndex).redundancy();
        assertThat(both).extracting(RedundancySuggestion::operatorId).containsExactly(0, 1);
        RedundancySuggestion idx = both.get(0);
        assertThat(idx.strategy()).isEqualTo(RedundancyStrategy.INDEX);
        assertThat(idx.description()).contains("users_pkey");
        assertThat(idx.expectedGain()).isCloseTo(0.9 * 0.98, within(1e-12));
        assertThat(idx.redundancy()).isCloseTo(0.5, within(1e-12)); // half the flow bypasses the scan
        assertThat(both.get(1).strategy()).isEqualTo(RedundancyStrategy.MATERIALIZE);

        RedundancySuggestion hj = analyze(around(new Operator.NestedLoopJoin(JoinType.LEFT), 10, 10))
                .redundancy()
                .get(0);
        assertThat(hj.strategy()).isEqualTo(RedundancyStrategy.HASH_JOIN);
        assertThat(hj.expectedGain()).isCloseTo(0.8 * 0.99, within(1e-12));
        assertThat(hj.additionalCost()).isZero();
        RedundancySuggestion si = analyze(around(new Operator.Sort(List.of("a"), List.of(true)), 10, 10))
                .redundancy()
                .get(0);
        assertThat(si.strategy()).isEqualTo(RedundancyStrategy.SORTED_INDEX);
        assertThat(si.expectedGain()).isCloseTo(2.0 / 3 * 0.99, within(1e-12));
        RedundancySuggestion mat = analyze(around(new Operator.BitmapScan("b", "t"), 10, 10))
                .redundancy()
                .get(0);
        assertThat(mat.strategy()).isEqualTo(RedundancyStrategy.MATERIALIZE);
        assertThat(mat.expectedGain()).isCloseTo(0.3 * 100 * 0.99, within(1e-9));
        assertThat(mat.additionalCost()).isCloseTo(10, within(1e-12));
        assertThat(mat.description()).contains("materialize");
    }

    @Test
    void orderIsCriticalityThenImpactThenId() {
        // three isolated operators: each alone carries its own path, so crit = 1 for all;
        // costs 0.5, 1 and 1 give the same capacity 1 but impacts 0.5, 1, 1
        QueryDag dag = new QueryDag();
        dag.addNode(0, OperatorNode.of(new Operator.Filter("a"), 1, 0.5));
        dag.addNode(1, OperatorNode.of(new Operator.Filter("b"), 1, 1));
        dag.addNode(2, OperatorNode.of(new Operator.Filter("c"), 1, 1));
        // and a chain whose expensive end has crit 1 - lambda / lambda_4^inf = 1 - 3.01 / 4 (criticality
        // is relative to the whole plan's flow)
        dag.addNode(3, OperatorNode.of(new Operator.SeqScan("t"), 1, 1));
        dag.addNode(4, OperatorNode.of(new Operator.Sort(List.of("x"), List.of(false)), 1, 100));
        dag.addEdge(3, 4);
        MinCutEngine e = MinCutEngine.create(
                MinCutConfig.builder().bottleneckThreshold(0.2).build());
        e.buildFrom(dag);
        assertThat(e.criticality(4)).isCloseTo(1 - 3.01 / 4, within(1e-12));
        BottleneckAnalysis a = e.analyze();
        assertThat(a.bottlenecks()).extracting(Bottleneck::operatorId).containsExactly(1, 2, 0, 4);
        assertThat(a.alerts()).extracting(Alert::operatorId).containsExactly(1, 2, 0);
        assertThat(a.redundancy()).extracting(RedundancySuggestion::operatorId).containsExactly(1, 2, 0);
        assertThat(a.health()).isCloseTo(1 - (0.6 * 1 + 0.4 * (3 + 0.2475) / 4), within(1e-12));
    }
}
