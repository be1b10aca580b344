package io.neuraldag.core.plan;

import static io.neuraldag.core.plan.PlanJson.explain;
import static io.neuraldag.core.plan.PlanJson.node;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neuraldag.core.DagException;
import io.neuraldag.core.DagLimits;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Unreadable and out-of-limit input: always a SERIALIZATION DagException naming line and column. */
class PostgresPlansErrorsTest {
    private static final Pattern POSITION = Pattern.compile("\\(line \\d+, column \\d+\\)");

    /** Asserts the failure and returns its message. */
    private static String fails(String json, String expectedFragment) {
        DagException e = assertThrows(DagException.class, () -> PostgresPlans.fromExplainJson(json));
        assertEquals(DagException.Kind.SERIALIZATION, e.kind());
        String message = String.valueOf(e.getMessage());
        assertTrue(message.startsWith("PostgreSQL plan: "), message);
        assertTrue(message.contains(expectedFragment), "expected '" + expectedFragment + "' in: " + message);
        assertTrue(POSITION.matcher(message).find(), "no line/column in: " + message);
        return message;
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(
            strings = {"", "   ", "hello", "{", "[", "[{]", "{\"Plan\": {\"Node Type\": \"Result\"}", "nul", "'x'"})
    void notJson(String json) {
        DagException e = assertThrows(DagException.class, () -> PostgresPlans.fromExplainJson(json));
        assertEquals(DagException.Kind.SERIALIZATION, e.kind());
        assertTrue(POSITION.matcher(String.valueOf(e.getMessage())).find(), e.getMessage());
    }

    @Test
    void shapeErrors() {
        fails("[]", "empty array");
        fails("42", "expected a JSON array or object");
        fails("[1]", "expected an EXPLAIN result object");
        fails(explain(node("Result", "")) + " x", "Unrecognized token");
        fails(explain(node("Result", "")) + " {}", "unexpected content after the plan");
        String one = "{\"Plan\": " + node("Result", "") + "}";
        fails("[" + one + ", " + one + "]", "more than one EXPLAIN result");
        fails("[" + one + ", 1]", "expected the end of the array");
        fails("[{\"Planning Time\": 1.0}]", "missing \"Plan\"");
        fails("{\"Plan\": " + node("Result", "") + ", \"Plan\": " + node("Result", "") + "}", "duplicate \"Plan\"");
        fails("[{\"Plan\": []}]", "\"Plan\" must be an object");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"{}", "\"x\"", "null", "3", "true"})
    void plansMustBeAnArray(String value) {
        fails("[{\"Plan\": {\"Node Type\": \"Append\", \"Plans\": " + value + "}}]", "\"Plans\" must be an array");
    }

    @Test
    void plansElementsMustBeObjects() {
        fails("[{\"Plan\": {\"Node Type\": \"Append\", \"Plans\": [1]}}]", "a \"Plans\" element must be an object");
        fails(
                "[{\"Plan\": {\"Node Type\": \"Append\", \"Plans\": [" + node("Result", "") + ", []]}}]",
                "a \"Plans\" element must be an object");
    }

    @Test
    void nodeWithoutNodeType() {
        String message = fails(
                "[{\"Plan\": {\"Node Type\": \"Append\",\n \"Plans\": [\n  {\"Total Cost\": 1}]}}]",
                "plan node without a string \"Node Type\"");
        assertTrue(message.contains("(line 3, column 3)"), "position of the offending node: " + message);
        fails(explain("{\"Node Type\": 7}"), "plan node without a string \"Node Type\"");
        fails(explain("{\"Node Type\": null}"), "plan node without a string \"Node Type\"");
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "Seq Scan | \"Total Cost\": \"cheap\" | \"Total Cost\" must be a number",
                "Seq Scan | \"Plan Rows\": -1 | \"Plan Rows\" must be finite and >= 0",
                "Seq Scan | \"Total Cost\": 1e999 | \"Total Cost\" must be finite and >= 0",
                "Seq Scan | \"Actual Loops\": [1] | \"Actual Loops\" must be a number",
                "Seq Scan | \"Actual Total Time\": -0.5 | \"Actual Total Time\" must be finite",
                "Seq Scan | \"Relation Name\": 5 | \"Relation Name\" must be a string",
                "Subquery Scan | \"Alias\": 1 | \"Alias\" must be a string",
                "Sort | \"Sort Key\": \"a\" | \"Sort Key\" must be an array of strings",
                "Sort | \"Sort Key\": [1] | \"Sort Key\" must be an array of strings",
                "Aggregate | \"Strategy\": \"Hashed\", \"Group Key\": [[\"a\"]] | \"Group Key\" must be an array of strings",
                "Gather | \"Workers Launched\": 1.5 | worker count must be an integer",
                "Gather | \"Workers Launched\": 3000000000 | worker count must be an integer",
                "Gather | \"Workers Planned\": -2 | \"Workers Planned\" must be finite and >= 0",
                "Hash Join | \"Join Type\": false | \"Join Type\" must be a string",
                "Index Scan | \"Index Name\": [] | \"Index Name\" must be a string",
            })
    void wrongFieldTypes(String type, String field, String expected) {
        String message = fails(explain(node(type, field)), expected);
        assertTrue(message.contains("node \"" + type + "\""), message);
    }

    @Test
    void childRelationshipMustBeAString() {
        fails(
                explain(node("Append", "", node("Seq Scan", "\"Parent Relationship\": {}"))),
                "\"Parent Relationship\" must be a string");
    }

    @Test
    void overflowingProductsAreRejected() {
        fails(
                explain(node("Seq Scan", "\"Actual Rows\": 1e300, \"Actual Loops\": 1e300")),
                "Actual Rows * Actual Loops is not finite");
        fails(
                explain(node("Seq Scan", "\"Actual Total Time\": 1e300, \"Actual Loops\": 1e300")),
                "Actual Total Time * Actual Loops is not finite");
    }

    @Test
    void topLevelFieldTypes() {
        fails(explain(node("Result", ""), "\"Planning Time\": \"soon\""), "\"Planning Time\" must be a number");
        fails(explain(node("Result", ""), "\"Execution Time\": -1"), "\"Execution Time\" must be finite and >= 0");
        fails(explain(node("Result", ""), "\"Settings\": [1]"), "\"Settings\" must be an object");
    }

    @Test
    void moreThan100000Nodes() {
        fails(PostgresPlansMappingTest.wideAppend(DagLimits.MAX_NODES), "more than 100000 plan nodes");
    }

    @Test
    void nestingBeyondTheLimitIsADagExceptionNotAStackOverflow() {
        int depth = DagLimits.MAX_PLAN_NESTING_DEPTH; // plan levels: 2 JSON levels each, so twice the limit
        StringBuilder sb = new StringBuilder("[{\"Plan\": ");
        for (int i = 0; i < depth; i++) {
            sb.append("{\"Node Type\": \"Sort\", \"Plans\": [");
        }
        sb.append("]}".repeat(depth)).append("}]");
        fails(sb.toString(), "nesting depth");

        // deep nesting inside an ordinary field value
        String deepValue = "[".repeat(depth + 5) + "]".repeat(depth + 5);
        fails(explain(node("Result", "\"Output\": " + deepValue)), "nesting depth");
        fails("[{\"Plan\": {\"Node Type\": \"Result\", \"Workers\": " + "{\"a\": ".repeat(50_000), "nesting depth");
    }

    @Test
    void inputBeyond16MiB() {
        String padding = " ".repeat(DagLimits.MAX_INPUT_BYTES);
        fails(explain(node("Result", "")) + padding, "exceeds the limit of 16777216 chars");
    }

    @Test
    void longStringsAndNumbersHitTheirLimits() {
        fails(
                explain(node("Result", "\"Filter\": \"" + "x".repeat(DagLimits.MAX_STRING_LENGTH + 1) + "\"")),
                "String value length");
        fails(explain(node("Result", "\"Plan Width\": " + "9".repeat(1001))), "Number value length");
    }

    @Test
    void aCteScanInsideItsOwnDefinitionIsACycle() {
        // malformed: the InitPlan computing x reads x through a CTE Scan
        String definition = node(
                "Aggregate",
                "\"Parent Relationship\": \"InitPlan\", \"Subplan Name\": \"CTE x\"",
                node("CTE Scan", "\"Parent Relationship\": \"Outer\", \"CTE Name\": \"x\""));
        fails(explain(node("Result", "", definition)), "the CTE references of the plan form a cycle");
    }

    @Test
    void resolverExceptionsPropagate() {
        String json = explain(node("Index Scan", "\"Index Name\": \"i\""));
        IllegalStateException e = assertThrows(
                IllegalStateException.class,
                () -> PostgresPlans.fromExplainJson(json, (schema, index) -> {
                    throw new IllegalStateException("catalog unavailable");
                }));
        assertEquals("catalog unavailable", e.getMessage());
    }
}
