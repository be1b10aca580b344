package io.neuraldag.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Keeps the README's Java example compiled and true: the example below runs here, and the README
 * must contain exactly its lines (between the {@code // README:begin} and {@code // README:end}
 * markers).
 */
class ReadmeExampleTest {

    @Test
    void exampleRunsAndHoldsWhatTheReadmeClaims() {
        // README:begin
        QueryDag dag = new QueryDag();
        int users = dag.addNode(OperatorNode.of(new Operator.SeqScan("users"), 10_000, 180.0));
        int orders = dag.addNode(OperatorNode.of(new Operator.SeqScan("orders"), 50_000, 900.0));
        int join = dag.addNode(OperatorNode.of(new Operator.HashJoin("u.id = o.user_id"), 50_000, 420.0));
        int sort = dag.addNode(OperatorNode.of(new Operator.Sort(List.of("o.created_at")), 50_000, 310.0));
        int result = dag.addNode(new Operator.Result());
        dag.addEdge(users, join);
        dag.addEdge(orders, join);
        dag.addEdge(join, sort);
        dag.addEdge(sort, result);

        int[] order = dag.topologicalSort(); // [0, 1, 2, 3, 4]
        CriticalPath path = dag.criticalPath(); // [1, 2, 3, 4], cost 1630.0
        double kappa = dag.criticality(join); // 1.0: every source-to-sink path passes the join
        QueryDag copy = QueryDag.fromJson(dag.toJson()); // equal to dag, ids preserved
        // README:end

        assertThat(order).containsExactly(0, 1, 2, 3, 4);
        assertThat(path.path()).containsExactly(1, 2, 3, 4);
        assertThat(path.cost()).isEqualTo(1630.0);
        assertThat(kappa).isEqualTo(1.0);
        assertThat(copy).isEqualTo(dag);
    }

    @Test
    void readmeContainsTheExampleVerbatim() throws IOException {
        Path source = Path.of("src/test/java/io/neuraldag/core/ReadmeExampleTest.java");
        List<String> lines = Files.readAllLines(source, StandardCharsets.UTF_8);
        int begin = lines.indexOf("        // README:begin");
        int end = lines.indexOf("        // README:end");
        assertThat(begin).isNotNegative();
        assertThat(end).isGreaterThan(begin);
        StringBuilder example = new StringBuilder();
        for (String line : lines.subList(begin + 1, end)) {
            example.append(line.length() >= 8 ? line.substring(8) : line.strip())
                    .append('\n');
        }
        String readme = Files.readString(Path.of("../README.md"), StandardCharsets.UTF_8);
        assertThat(readme).contains(example.toString());
    }
}
