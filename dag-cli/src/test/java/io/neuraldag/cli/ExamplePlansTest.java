package io.neuraldag.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.neuraldag.core.plan.ImportedPlan;
import io.neuraldag.core.plan.PostgresPlans;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The real PostgreSQL 15 plans of examples/plans, through every report format. */
class ExamplePlansTest {
    private static final Path PLANS = Path.of("../examples/plans");

    static List<String> plans() throws IOException {
        try (Stream<Path> files = Files.list(PLANS)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".json"))
                    .map(Path::toString)
                    .sorted()
                    .toList();
        }
    }

    @Test
    void thereAreAtLeastEightPlans() throws IOException {
        assertThat(plans()).hasSizeGreaterThanOrEqualTo(8);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("plans")
    void everyFormatMatchesTheLibrary(String file) throws IOException {
        ImportedPlan plan = PostgresPlans.fromExplainJson(Files.readString(Path.of(file), StandardCharsets.UTF_8));
        ReportChecks.checkAllFormats(file, plan.dag(), "postgres_explain");

        ReportParsing.Text t =
                ReportParsing.text(CliRun.of("analyze", file).assertOk().out());
        assertThat(t.value("format")).isEqualTo("PostgreSQL EXPLAIN JSON");
        JsonNode j = ReportParsing.json(
                CliRun.of("analyze", file, "-f", "json").assertOk().out());
        Double planning = plan.planningTimeMs();
        Double execution = plan.executionTimeMs();
        if (planning == null) {
            assertThat(t.values()).doesNotContainKey("planning time");
            assertThat(j.has("planning_time_ms")).isFalse();
        } else {
            assertThat(t.value("planning time")).isEqualTo(Numbers.rounded(planning) + " ms");
            assertThat(j.get("planning_time_ms").asDouble()).isEqualTo(planning);
        }
        if (execution == null) {
            assertThat(t.values()).doesNotContainKey("execution time");
            assertThat(j.has("execution_time_ms")).isFalse();
        } else {
            assertThat(t.value("execution time")).isEqualTo(Numbers.rounded(execution) + " ms");
            assertThat(j.get("execution_time_ms").asDouble()).isEqualTo(execution);
        }
    }

    @Test
    void hashJoinQ3TimesArePrinted() {
        String file = PLANS.resolve("05_hash_join_q3.json").toString();
        ReportParsing.Text t =
                ReportParsing.text(CliRun.of("analyze", file).assertOk().out());
        assertThat(t.value("planning time")).endsWith(" ms");
        assertThat(t.value("execution time")).endsWith(" ms");
        assertThat(t.integer("sinks")).isEqualTo(1);
    }
}
