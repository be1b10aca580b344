package io.neuraldag.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.neuraldag.postgres.NeuralDag.PlanNodeRow;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/** The M4 acceptance script of spec 03 §4 through the Java API, and one check per group. */
@ExtendWith(PgDatabase.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NeuralDagApiIT {
    private PgFixture pg;
    private NeuralDag dag;
    private String items;

    @BeforeAll
    void start(PgFixture fixture) throws Exception {
        this.pg = fixture;
        assumeTrue(pg.vectorAvailable(), "pgvector is not installed (scripts/install-pgvector.sh)");
        this.items = ApiFixtures.items(pg, 1000);
        this.dag = ApiFixtures.dag(pg);
    }

    @AfterAll
    void stop() {
        if (dag != null) {
            dag.close();
        }
    }

    @Test
    void m4AcceptanceScript() throws Exception {
        dag.settings().setEnabled(true);
        dag.settings().setAttention("auto");
        assertThat(dag.state().config().attentionMechanism()).isEqualTo("auto");

        String q = ApiFixtures.knn(items);
        List<PlanNodeRow> rows = dag.analysis().analyzePlan(q);
        assertThat(rows).hasSize(ApiFixtures.planNodes(pg, ApiFixtures.knnLiteral(items, 0)));
        assertThat(rows).extracting(PlanNodeRow::operatorType).containsExactly("Limit", "HnswScan");
        assertThat(rows.get(0).childIds()).containsExactly(1);
        assertThat(rows.get(1).parentIds()).containsExactly(0);
        for (PlanNodeRow r : rows) {
            float[] e = r.embedding();
            assertThat(e).hasSize(256);
            double norm = 0;
            for (float x : e) {
                norm += x * x;
            }
            assertThat(norm).isCloseTo(1.0, within(1e-5));
            assertThat(r.criticality()).isBetween(0.0, 1.0);
            assertThat(r.estimatedCost()).isGreaterThanOrEqualTo(0);
        }
        // a chain of two: the cheaper operator alone is the minimum cut, so it is critical
        assertThat(rows).anySatisfy(r -> assertThat(r.criticality()).isGreaterThan(0));
        assertThat(rows.get(1).embedding()).isNotEqualTo(rows.get(0).embedding());

        for (int i = 0; i < 10; i++) {
            dag.trajectories().learnFromExecution(ApiFixtures.knnLiteral(items, i));
        }
        assertThat(dag.state().status().totalTrajectories()).isGreaterThanOrEqualTo(10);
        for (int i = 10; i < 100; i++) {
            dag.trajectories().learnFromExecution(ApiFixtures.knnLiteral(items, i));
        }
        NeuralDag.LearnRow learned = dag.learning().learnNow();
        assertThat(learned.newClusters()).isPositive();
        List<NeuralDag.ClusterRow> clusters = dag.patterns().patternClusters();
        assertThat(clusters).isNotEmpty();
        assertThat(clusters.get(0).representativeQuery()).contains("order by embedding <->");
        NeuralDag.StatusRow status = dag.state().status();
        assertThat(status.totalTrajectories()).isGreaterThanOrEqualTo(100);
        assertThat(status.avgImprovement()).isFinite();
        assertThat(status.activePatterns()).isEqualTo(clusters.size());
        assertThat(pg.queryLong("SELECT count(*) FROM " + pg.q("dag_patterns"))).isEqualTo(clusters.size());

        List<NeuralDag.TrajectoryRow> history = dag.trajectories().trajectoryHistory(Duration.ofHours(1), -1e9, 5);
        assertThat(history).hasSize(5);
        assertThat(history.get(0).recordedAt()).isAfterOrEqualTo(history.get(4).recordedAt());
        List<NeuralDag.TrendRow> trends = dag.trajectories().trajectoryTrends(Duration.ofDays(1));
        assertThat(trends).isNotEmpty();
        assertThat(trends.stream()
                        .mapToLong(NeuralDag.TrendRow::trajectoryCount)
                        .sum())
                .isEqualTo(status.totalTrajectories());
        assertThat(trends.get(0).patternDiscoveries()).isPositive();
    }

    @Test
    void analysisGroupAgreesWithThePlan() throws Exception {
        String q = "SELECT a.id, count(*) FROM " + items + " a JOIN " + items
                + " b ON a.id = b.id + 1 WHERE a.id > 10 GROUP BY a.id ORDER BY 2 DESC LIMIT 5";
        List<PlanNodeRow> rows = dag.analysis().analyzePlan(q);
        int explained = ApiFixtures.planNodes(pg, q);
        // the inner Hash of a Hash Join is folded into the join
        assertThat(rows.size()).isBetween(explained - 2, explained);
        for (PlanNodeRow r : rows) {
            for (int p : r.parentIds()) {
                assertThat(rows.get(p).childIds()).contains(r.nodeId());
            }
        }
        List<NeuralDag.CriticalPathRow> path = dag.analysis().criticalPath(q);
        assertThat(path).isNotEmpty();
        assertThat(path.get(path.size() - 1).nodeId()).isZero();
        double acc = 0;
        for (NeuralDag.CriticalPathRow r : path) {
            acc += rows.get(r.nodeId()).estimatedCost();
            assertThat(r.accumulatedCost()).isCloseTo(acc, within(1e-9));
            assertThat(r.attentionWeight()).isBetween(0.0, 1.0);
        }
        List<NeuralDag.BottleneckRow> all = dag.analysis().bottlenecks(q, 0.0);
        assertThat(all).hasSize(rows.size());
        List<NeuralDag.BottleneckRow> high = dag.analysis().bottlenecks(q, 0.7);
        assertThat(high).allSatisfy(b -> assertThat(b.bottleneckScore()).isGreaterThanOrEqualTo(0.7));
        assertThat(high.size()).isEqualTo((int)
                rows.stream().filter(r -> r.bottleneckScore() >= 0.7).count());
        List<NeuralDag.MinCutRow> cuts = dag.analysis().mincutAnalysis(q);
        assertThat(cuts).isNotEmpty();
        for (NeuralDag.MinCutRow c : cuts) {
            assertThat(c.sourceNodes().size() + c.sinkNodes().size()).isEqualTo(rows.size());
            assertThat(c.cutCapacity()).isPositive();
            assertThat(c.parallelizationOpportunity()).isBetween(0.0, 1.0);
        }
    }

    @Test
    void attentionGroup() {
        String q = ApiFixtures.knn(items);
        for (String m : List.of(
                "topological",
                "causal_cone",
                "critical_path",
                "mincut_gated",
                "hierarchical_lorentz",
                "parallel_branch",
                "temporal_btsp",
                "auto")) {
            List<NeuralDag.AttentionScoreRow> scores = dag.attention().attentionScores(q, m);
            assertThat(scores).hasSize(2);
            assertThat(scores.stream()
                            .mapToDouble(NeuralDag.AttentionScoreRow::attentionWeight)
                            .sum())
                    .as(m)
                    .isCloseTo(1.0, within(1e-9));
            double[][] matrix = dag.attention().attentionMatrix(q, m);
            for (double[] row : matrix) {
                double sum = 0;
                for (double w : row) {
                    assertThat(w).isBetween(0.0, 1.0);
                    sum += w;
                }
                assertThat(sum).as(m).isCloseTo(1.0, within(1e-9));
            }
            assertThat(scores.get(0).queryContribution()).containsExactly(matrix[0]);
            assertThat(scores.get(1).keyContribution()[0]).isEqualTo(matrix[0][1]);
        }
        assertThat(dag.attention().attentionVisualize(q, "topological", "dot"))
                .startsWith("digraph plan {")
                .contains("n1 -> n0");
        assertThat(dag.attention().attentionVisualize(q, "topological", "mermaid"))
                .contains("n1 --> n0");
        assertThat(dag.attention().attentionVisualize(q, "topological", "json"))
                .contains("\"mechanism\":\"topological\"")
                .contains("\"edges\":[[1,0]]");
        assertThat(dag.attention().attentionVisualize(q, "topological", "ascii"))
                .contains("[1] HnswScan");

        double before = dag.attention().attentionScores(q, "topological").get(0).attentionWeight();
        dag.attention().attentionConfigure("topological", Map.of("decay", 0.2));
        double after = dag.attention().attentionScores(q, "topological").get(0).attentionWeight();
        assertThat(after).isNotEqualTo(before);
        dag.attention().attentionConfigure("auto", Map.of("exploration", 0.25));
        assertThat(dag.state().config().attentionMechanism()).isEqualTo("auto");
        List<NeuralDag.AttentionStatRow> stats = dag.attention().attentionStats();
        assertThat(stats).hasSize(7);
        assertThat(stats).allSatisfy(s -> assertThat(s.invocations()).isPositive());
    }

    @Test
    void patternsGroup() {
        float[] v = new float[256];
        v[3] = 1;
        v[10] = 0.5f;
        long id = dag.patterns().storePattern(v, "{\"source\": \"it\", \"quote\": \"it's\"}", 0.9);
        List<NeuralDag.PatternMatch> found = dag.patterns().queryPatterns(v, 5, 0.99);
        assertThat(found).extracting(NeuralDag.PatternMatch::patternId).contains(id);
        NeuralDag.PatternMatch m =
                found.stream().filter(p -> p.patternId() == id).findFirst().orElseThrow();
        assertThat(m.similarity()).isCloseTo(1.0, within(1e-6));
        assertThat(m.metadata()).contains("\"quote\": \"it's\"");
        float[] orthogonal = new float[256];
        orthogonal[200] = 1;
        assertThat(dag.patterns().queryPatterns(orthogonal, 5, 0.99))
                .extracting(NeuralDag.PatternMatch::patternId)
                .doesNotContain(id);
        assertThat(dag.patterns().patternClusters())
                .extracting(NeuralDag.ClusterRow::clusterId)
                .contains(id);

        for (int i = 0; i < 5; i++) {
            float[] w = new float[256];
            w[100 + i] = 1;
            w[101 + i] = 0.9f;
            dag.patterns().storePattern(w, "{}", 0.5);
        }
        int before = dag.patterns().patternClusters().size();
        NeuralDag.ConsolidationRow c = dag.patterns().consolidatePatterns(Math.max(1, before - 3));
        assertThat(c.clustersBefore()).isEqualTo(before);
        assertThat(c.clustersAfter()).isLessThanOrEqualTo(before - 3);
        assertThat(dag.patterns().patternClusters()).hasSize(c.clustersAfter());
    }

    @Test
    void trajectoriesAndLearningGroups() throws Exception {
        io.neuraldag.core.QueryDag small = new io.neuraldag.core.QueryDag();
        int scan = small.addNode(io.neuraldag.core.OperatorNode.of(new io.neuraldag.core.Operator.SeqScan("t"), 10, 5));
        int limit = small.addNode(io.neuraldag.core.OperatorNode.of(new io.neuraldag.core.Operator.Limit(3), 3, 1));
        small.addEdge(scan, limit);
        long id = dag.trajectories().recordTrajectory(42L, small.toJson(), 12.5, 0.2, "critical_path");
        String explain = "[{\"Plan\": {\"Node Type\": \"Seq Scan\", \"Relation Name\": \"t\","
                + " \"Total Cost\": 5.0, \"Plan Rows\": 10}}]";
        assertThat(dag.trajectories().recordTrajectory(43L, explain, 1.0, 0.0, "topological"))
                .isGreaterThan(id);
        assertThat(id).isPositive();
        List<List<String>> row = ApiFixtures.rows(
                pg,
                "SELECT query_hash, execution_time_ms, improvement_ratio, attention_mechanism, dag_structure IS NOT NULL"
                        + " FROM " + pg.q("dag_trajectories") + " WHERE trajectory_id = ?",
                id);
        assertThat(row).containsExactly(List.of("42", "12.5", "0.2", "critical_path", "t"));

        byte[] archive = dag.learning().exportState();
        int patterns = dag.state().status().activePatterns();
        long trajectories = dag.state().status().totalTrajectories();
        dag.learning().resetLearning(false, false);
        assertThat(dag.state().status().activePatterns()).isZero();
        assertThat(dag.state().status().totalTrajectories()).isZero();
        NeuralDag.ImportRow imported = dag.learning().importState(archive);
        assertThat(imported.patternsImported()).isEqualTo(patterns);
        assertThat(imported.trajectoriesImported()).isEqualTo((int) trajectories);
        assertThat(dag.state().status().activePatterns()).isEqualTo(patterns);
        assertThat(dag.learning().ewcConstraints())
                .allSatisfy(e -> assertThat(e.fisherImportance()).isPositive());
        assertThat(dag.state().healthCheck())
                .extracting(NeuralDag.HealthRow::component)
                .contains("database", "schema", "engine", "trajectory_buffer", "attention");
        assertThat(dag.state().healthCheck())
                .filteredOn(h -> h.component().equals("database"))
                .extracting(NeuralDag.HealthRow::status)
                .containsExactly("ok");
    }
}
