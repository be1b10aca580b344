package io.neuraldag.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The M1 acceptance test of the milestone plan, verbatim in Java. */
class QueryDagAcceptanceTest {

    @Test
    void m1Acceptance() {
        QueryDag dag = new QueryDag();
        dag.addNode(0, new Operator.SeqScan("users"));
        dag.addNode(1, new Operator.Filter("id > 0"));
        assertTrue(dag.addEdge(0, 1));
        assertFalse(dag.addEdge(0, 1));
        assertArrayEquals(new int[] {0, 1}, dag.topologicalSort());
        String json = dag.toJson();
        QueryDag restored = QueryDag.fromJson(json);
        assertEquals(dag, restored);
        assertEquals(dag, QueryDag.fromBytes(dag.toBytes()));
        assertEquals(dag.hashCode(), restored.hashCode());
    }

    @Test
    void canonicalJsonMatchesSpecExample() {
        QueryDag dag = new QueryDag();
        dag.addNode(0, new Operator.HnswScan("v", 64));
        assertEquals(
                "{\"version\":1,\"nodes\":[{\"id\":0,\"op\":{\"type\":\"HnswScan\",\"index\":\"v\",\"ef_search\":64},"
                        + "\"estimated_rows\":0.0,\"estimated_cost\":0.0}],\"edges\":[]}",
                dag.toJson());
    }
}
