package io.neuraldag.core.plan;

import static io.neuraldag.core.plan.PlanJson.explain;
import static io.neuraldag.core.plan.PlanJson.node;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neuraldag.core.DagException;
import io.neuraldag.core.QueryDag;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The ImportedPlan record: defensive copies, validation, unmodifiable views. */
class ImportedPlanTest {

    @Test
    void constructorCopiesAndValidatesCallerMaps() {
        Map<String, Object> attrs = new LinkedHashMap<>();
        attrs.put("Total Cost", 3.5);
        attrs.put("Node Type", "Result");
        Map<Integer, Map<String, Object>> byId = new HashMap<>();
        byId.put(0, attrs);
        Map<String, String> settings = new HashMap<>(Map.of("work_mem", "4MB"));
        ImportedPlan plan = new ImportedPlan(new QueryDag(), byId, 1.0, null, settings);
        attrs.put("later", "x");
        byId.put(1, Map.of());
        settings.clear();
        assertEquals(Map.of("Total Cost", 3.5, "Node Type", "Result"), plan.attributesOf(0));
        assertEquals(1, plan.attributes().size());
        assertEquals(Map.of("work_mem", "4MB"), plan.settings());
        assertThrows(
                UnsupportedOperationException.class, () -> plan.attributesOf(0).put("a", "b"));
        assertThrows(
                UnsupportedOperationException.class, () -> plan.attributes().clear());
        assertNull(plan.executionTimeMs());

        Map<Integer, Map<String, Object>> bad = Map.of(0, Map.of("flag", (Object) true));
        assertThrows(IllegalArgumentException.class, () -> new ImportedPlan(new QueryDag(), bad, null, null, Map.of()));
    }

    @Test
    void importedMapsAreUnmodifiable() {
        ImportedPlan plan = PostgresPlans.fromExplainJson(explain(node("Result", "\"Total Cost\": 1")));
        assertThrows(
                UnsupportedOperationException.class, () -> plan.attributesOf(0).put("a", "b"));
        assertThrows(
                UnsupportedOperationException.class, () -> plan.attributesOf(0).remove("Total Cost"));
        assertThrows(
                UnsupportedOperationException.class, () -> plan.attributes().remove(0));
        assertThrows(UnsupportedOperationException.class, () -> plan.settings().put("a", "b"));
        DagException e = assertThrows(DagException.class, () -> plan.attributesOf(1));
        assertEquals(DagException.Kind.NODE_NOT_FOUND, e.kind());
        // a copy through the public constructor equals the original
        ImportedPlan copy = new ImportedPlan(
                plan.dag(), new HashMap<>(plan.attributes()), plan.planningTimeMs(), null, plan.settings());
        assertEquals(plan, copy);
        assertEquals(plan.hashCode(), copy.hashCode());
        assertTrue(plan.toString().contains("Total Cost"));
    }

    @Test
    void topLevelNullsAndSettingsValues() {
        ImportedPlan plan = PostgresPlans.fromExplainJson(explain(
                node("Result", ""),
                "\"Planning Time\": null, \"Execution Time\": null, \"Settings\": {\"a\": 1, \"b\": true, \"c\": null,"
                        + " \"d\": {\"nested\": 1}, \"e\": [1], \"f\": 2.5}"));
        assertNull(plan.planningTimeMs());
        assertEquals(Map.of("a", "1", "b", "true", "f", "2.5"), plan.settings());
        assertTrue(PostgresPlans.fromExplainJson(explain(node("Result", ""), "\"Settings\": null"))
                .settings()
                .isEmpty());
    }
}
