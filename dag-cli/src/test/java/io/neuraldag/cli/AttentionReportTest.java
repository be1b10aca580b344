package io.neuraldag.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.neuraldag.attention.AttentionConfig;
import io.neuraldag.attention.AttentionKind;
import io.neuraldag.attention.AttentionOptimizer;
import io.neuraldag.attention.AttentionResult;
import io.neuraldag.attention.AttentionScores;
import io.neuraldag.attention.DagAttention;
import io.neuraldag.attention.OptimizerConfig;
import io.neuraldag.attention.PolicyHints;
import io.neuraldag.core.QueryDag;
import io.neuraldag.core.plan.PostgresPlans;
import io.neuraldag.core.testing.RandomDags;
import io.neuraldag.mincut.MinCutConfig;
import io.neuraldag.mincut.MinCutEngine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** analyze --attention KIND|auto (issue #5): the mechanism, the policy's reason, the weights. */
class AttentionReportTest {
    private static final String Q3 = "../examples/plans/05_hash_join_q3.json";

    @TempDir
    Path dir;

    private String write(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, content, StandardCharsets.UTF_8);
        return p.toString();
    }

    private static QueryDag q3() throws IOException {
        return PostgresPlans.fromExplainJson(Files.readString(Path.of(Q3))).dag();
    }

    /* The policy's own decision for the plan, from an optimizer built the way the command documents. */
    private static AttentionResult policy(QueryDag dag, PolicyHints extra) {
        MinCutEngine engine = MinCutEngine.create(MinCutConfig.defaults());
        engine.buildFrom(dag);
        AttentionOptimizer optimizer = AttentionOptimizer.create(
                OptimizerConfig.defaults(),
                InstantSource.system(),
                MinCutEngine.criticalityProvider(MinCutConfig.defaults()));
        PolicyHints hints = PolicyHints.none().withCutTension(engine.tension());
        return optimizer.attend(dag, extra.forced() == null ? hints : hints.withForced(extra.forced()));
    }

    /**
     * Every mechanism by its wire name: the JSON names it as requested, chosen (rule "forced") and
     * used; the top list is the ten heaviest nodes in order; for the mechanisms without a provider or
     * clock the weights equal a mechanism the test creates itself.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(AttentionKind.class)
    void everyMechanismByName(AttentionKind kind) throws IOException {
        QueryDag dag = q3();
        JsonNode j = ReportParsing.json(CliRun.of("analyze", Q3, "--attention", kind.wireName(), "-f", "json")
                .assertOk()
                .out());
        JsonNode a = j.get("attention");
        assertThat(a.get("requested").asText()).isEqualTo(kind.wireName());
        assertThat(a.get("chosen").asText()).isEqualTo(kind.wireName());
        assertThat(a.get("reason").asText()).isEqualTo("forced");
        assertThat(a.get("used").asText()).isEqualTo(kind.wireName());
        assertThat(a.has("fallback")).isFalse();
        AttentionResult expectedAuto = policy(dag, PolicyHints.none());
        assertThat(a.get("auto").get("chosen").asText())
                .isEqualTo(expectedAuto.chosen().wireName());

        AttentionScores mine = kind == AttentionKind.MINCUT_GATED
                ? DagAttention.minCutGated(
                                AttentionConfig.defaults(), MinCutEngine.criticalityProvider(MinCutConfig.defaults()))
                        .forward(dag)
                : DagAttention.create(kind, AttentionConfig.defaults()).forward(dag);
        int[] top = mine.topNodes(AttentionView.TOP_WEIGHTS);
        JsonNode printed = a.get("top");
        assertThat(printed).hasSize(top.length);
        for (int k = 0; k < top.length; k++) {
            assertThat(printed.get(k).get("id").asInt()).as("rank %d", k).isEqualTo(top[k]);
            assertThat(printed.get(k).get("weight").asDouble()).isCloseTo(mine.weight(top[k]), within(1e-12));
        }

        ReportParsing.Text t = ReportParsing.text(CliRun.of("analyze", Q3, "--attention", kind.wireName())
                .assertOk()
                .out());
        assertThat(t.value("attention")).isEqualTo(kind.wireName() + " (requested: " + kind.wireName() + ")");
        assertThat(t.value("policy")).isEqualTo(kind.wireName() + ": forced, forced by the caller");
        assertThat(t.value("auto would pick")).startsWith(expectedAuto.chosen().wireName() + ": ");
        assertThat(t.weights()).hasSize(top.length);
        for (int k = 0; k < top.length; k++) {
            String[] row = t.weights().get(k);
            assertThat(Integer.parseInt(row[0])).isEqualTo(top[k]);
            assertThat(Double.parseDouble(row[row.length - 1])).isCloseTo(mine.weight(top[k]), within(5e-7));
        }
    }

    static List<RandomDags.Spec> dags() {
        return RandomDags.specs(0xA77E7L, 40, 1, 60);
    }

    /**
     * auto on seeded random DAGs: the mechanism and reason equal the policy's decision, and the
     * decision follows the documented rule order (tension > 0.7, then depth > 10, then more than 3
     * branches, then the bandit; the random DAGs have no timestamps and no write-heavy hint).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dags")
    void autoFollowsThePolicy(RandomDags.Spec spec) throws IOException {
        QueryDag dag = spec.build();
        String file = write("a" + spec.seed() + ".json", dag.toJson());
        JsonNode a = ReportParsing.json(CliRun.of("analyze", file, "-a", "auto", "-f", "json")
                        .assertOk()
                        .out())
                .get("attention");
        AttentionResult expected = policy(dag, PolicyHints.none());
        assertThat(a.get("requested").asText()).isEqualTo("auto");
        assertThat(a.get("chosen").asText()).isEqualTo(expected.chosen().wireName());
        assertThat(a.get("reason").asText()).isEqualTo(expected.reason().name().toLowerCase(Locale.ROOT));
        assertThat(a.get("explanation").asText()).isEqualTo(expected.explanation());
        assertThat(a.get("auto").get("chosen").asText())
                .isEqualTo(expected.chosen().wireName());

        MinCutEngine engine = MinCutEngine.create(MinCutConfig.defaults());
        engine.buildFrom(dag);
        String rule = engine.tension() > 0.7
                ? "cut_tension"
                : dag.maxDepth() > 10 ? "deep_plan" : dag.branchCount() > 3 ? "wide_plan" : "bandit";
        assertThat(a.get("reason").asText()).isEqualTo(rule);
        String kind = switch (rule) {
            case "cut_tension" -> "mincut_gated";
            case "deep_plan" -> "hierarchical_lorentz";
            case "wide_plan" -> "parallel_branch";
            default -> expected.chosen().wireName();
        };
        assertThat(a.get("chosen").asText()).isEqualTo(kind);

        // the DOT labels carry every weight: they add up to 1 (each rounded to six decimals)
        ReportParsing.Dot d = ReportParsing.dot(
                CliRun.of("analyze", file, "-a", "auto", "-f", "dot").assertOk().out());
        double sum = 0;
        for (String label : d.labels().values()) {
            int at = label.lastIndexOf("\\nweight ");
            assertThat(at).as(label).isPositive();
            sum += Double.parseDouble(label.substring(at + 9));
        }
        assertThat(sum).isCloseTo(1.0, within(5e-7 * dag.nodeCount() + 1e-12));
        ReportChecks.checkDot(
                CliRun.of("analyze", file, "-a", "auto", "-f", "dot").out(), dag);
    }

    @Test
    void wireNamesAreCaseInsensitiveAndAcceptDashes() {
        JsonNode a = ReportParsing.json(CliRun.of("analyze", Q3, "--attention", "Causal-Cone", "-f", "json")
                        .assertOk()
                        .out())
                .get("attention");
        assertThat(a.get("used").asText()).isEqualTo("causal_cone");
        JsonNode b = ReportParsing.json(CliRun.of("analyze", Q3, "--attention=AUTO", "-f", "json")
                        .assertOk()
                        .out())
                .get("attention");
        assertThat(b.get("requested").asText()).isEqualTo("auto");
    }

    @Test
    void autoTextNamesTheRuleWithoutTheAutoLine() {
        ReportParsing.Text t = ReportParsing.text(
                CliRun.of("analyze", Q3, "-a", "auto").assertOk().out());
        assertThat(t.value("attention")).endsWith(" (requested: auto)");
        assertThat(t.values()).doesNotContainKey("auto would pick");
        assertThat(t.value("top weights")).isEqualTo("top 8 by attention weight");
    }

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {"bogus", "", " ", "auto2", "topological,causal_cone", "mincut"})
    void badAttentionValueIsOneLineExitTwo(String value) {
        CliRun run = CliRun.of("analyze", Q3, "--attention", value);
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().strip().lines()).hasSize(1);
        assertThat(run.errLine())
                .startsWith("neural-dag: --attention: unknown mechanism '" + value + "' (expected auto, topological,")
                .endsWith("temporal_btsp)");
        assertThat(run.err()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void badAttentionValueIsReportedBeforeTheFileIsRead() {
        CliRun run = CliRun.of("analyze", "no-such-file.json", "--attention", "nope");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLine()).startsWith("neural-dag: --attention: unknown mechanism 'nope'");
    }

    @Test
    void missingAttentionValueIsAUsageError() {
        CliRun run = CliRun.of("analyze", Q3, "--attention");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("--attention");
    }

    @Test
    void emptyDagHasNoWeights() throws IOException {
        String file = write("empty.json", new QueryDag().toJson());
        JsonNode a = ReportParsing.json(CliRun.of("analyze", file, "-a", "auto", "-f", "json")
                        .assertOk()
                        .out())
                .get("attention");
        assertThat(a.get("top")).isEmpty();
        ReportParsing.Text t = ReportParsing.text(
                CliRun.of("analyze", file, "-a", "critical_path").assertOk().out());
        assertThat(t.value("top weights")).isEqualTo("top 0 by attention weight");
        assertThat(t.weights()).isEmpty();
    }
}
