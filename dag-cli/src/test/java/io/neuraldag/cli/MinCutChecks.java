package io.neuraldag.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.neuraldag.core.DagSnapshot;
import io.neuraldag.core.QueryDag;
import io.neuraldag.mincut.BottleneckAnalysis;
import io.neuraldag.mincut.FlowNetwork;
import io.neuraldag.mincut.MinCutConfig;
import io.neuraldag.mincut.MinCutEngine;
import io.neuraldag.mincut.MinCutResult;
import io.neuraldag.mincut.Recommendation;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Checks the min-cut part of each report against a MinCutEngine built by the test on the same DAG,
 * and the printed cut against the certificate itself: the cut arcs are read from the network in its
 * documented layout (node 2i = v_in, 2i+1 = v_out, 2n = S, 2n+1 = T), their capacities must add up
 * to lambda, and the sides are recomputed from S_min.
 */
final class MinCutChecks {
    private MinCutChecks() {}

    /** The certificate's cut, translated to the plan independently of the report code. */
    record Expected(
            double lambda,
            double tension,
            BottleneckAnalysis analysis,
            MinCutResult result,
            Set<Integer> cutOperators,
            Set<List<Integer>> cutEdges,
            Set<Integer> cutSinks,
            Set<Integer> sourceSide,
            Set<Integer> sinkSide) {}

    static Expected expected(QueryDag dag, MinCutConfig config) {
        MinCutEngine engine = MinCutEngine.create(config);
        engine.buildFrom(dag);
        MinCutResult r = engine.result();
        DagSnapshot s = engine.snapshot();
        int n = s.size();
        FlowNetwork net = engine.network().network();
        Set<Integer> ops = new LinkedHashSet<>();
        Set<List<Integer>> edges = new LinkedHashSet<>();
        Set<Integer> sinks = new LinkedHashSet<>();
        double capacity = 0;
        for (int arc : r.cutArcs()) {
            int tail = net.tail(arc);
            int head = net.head(arc);
            capacity += net.capacity(arc);
            assertThat(r.inMinSourceSide(tail))
                    .as("cut arc %d leaves S_min", arc)
                    .isTrue();
            assertThat(r.inMinSourceSide(head))
                    .as("cut arc %d enters the sink side", arc)
                    .isFalse();
            assertThat(tail).as("S -> v_in connectors are infinite").isNotEqualTo(2 * n);
            if (head == 2 * n + 1) {
                sinks.add(s.id(tail / 2));
            } else if (head == tail + 1 && tail % 2 == 0) {
                ops.add(s.id(tail / 2));
            } else {
                assertThat(tail % 2).as("edge arcs leave v_out").isEqualTo(1);
                edges.add(List.of(s.id(tail / 2), s.id(head / 2)));
            }
        }
        if (!r.unbounded()) {
            assertThat(capacity)
                    .as("cut capacity = lambda")
                    .isCloseTo(r.lambda(), within(1e-9 * Math.max(1, r.lambda())));
        }
        assertThat(ops).containsExactlyElementsOf(ReportChecks.boxed(r.cutOperators()));
        Set<Integer> source = new LinkedHashSet<>();
        Set<Integer> sink = new LinkedHashSet<>();
        for (int i = 0; i < n && !r.unbounded(); i++) {
            if (r.inMinSourceSide(2 * i + 1)) {
                source.add(s.id(i));
            } else if (!r.inMinSourceSide(2 * i)) {
                sink.add(s.id(i));
            }
        }
        return new Expected(engine.lambda(), engine.tension(), engine.analyze(), r, ops, edges, sinks, source, sink);
    }

    static void checkText(ReportParsing.Text t, QueryDag dag, MinCutConfig config) {
        Expected e = expected(dag, config);
        String line = t.value("min cut");
        double lambda = Double.parseDouble(line.substring(7, line.indexOf(',')));
        assertThat(lambda).as("printed lambda").isCloseTo(e.lambda(), within(1e-5 * Math.max(e.lambda(), 1e-300)));
        String tension = line.substring(line.indexOf("tension ") + 8, line.indexOf(", health"));
        assertThat(Double.parseDouble(tension)).isCloseTo(e.tension(), within(5e-7));
        assertThat(line)
                .endsWith("(" + config.capacityModel().name().toLowerCase(Locale.ROOT) + " capacities, "
                        + config.edgeCapacity().name().toLowerCase(Locale.ROOT) + " edges)");
        int[] cut = e.result().cutOperators();
        assertThat(t.value("cut operators")).isEqualTo(cut.length + "  " + TextReport.ids(cut));
        var bottlenecks = e.analysis().bottlenecks();
        assertThat(t.value("bottlenecks")).startsWith(bottlenecks.size() + " operator");
        assertThat(t.bottlenecks()).hasSize(Math.min(bottlenecks.size(), TextReport.MAX_LISTED));
        for (int k = 0; k < t.bottlenecks().size(); k++) {
            String[] row = t.bottlenecks().get(k);
            var b = bottlenecks.get(k);
            assertThat(Integer.parseInt(row[0])).isEqualTo(b.operatorId());
            assertThat(row[row.length - 1]).isEqualTo(b.alert().name().toLowerCase(Locale.ROOT));
            assertThat(Double.parseDouble(row[row.length - 2])).isCloseTo(b.criticality(), within(5e-7));
            assertThat(Double.parseDouble(row[row.length - 3])).isCloseTo(b.impact(), within(ReportChecks.ROUNDING));
        }
        List<Recommendation> recs = e.analysis().recommendations();
        assertThat(t.value("recommendations")).isEqualTo(recs.isEmpty() ? "none" : Integer.toString(recs.size()));
        assertThat(t.recommendations()).hasSize(Math.min(recs.size(), TextReport.MAX_LISTED));
    }

    static void checkJson(JsonNode j, QueryDag dag, MinCutConfig config) {
        Expected e = expected(dag, config);
        JsonNode m = j.get("min_cut");
        if (e.result().unbounded()) {
            assertThat(m.get("lambda").asText()).isEqualTo("Infinity");
        } else {
            assertThat(m.get("lambda").asDouble()).isEqualTo(e.lambda());
        }
        assertThat(m.get("tension").asDouble()).isEqualTo(e.tension());
        assertThat(m.get("health").asDouble()).isEqualTo(e.analysis().health());
        assertThat(ReportChecks.ints(m.get("cut_operators")))
                .isEqualTo(e.result().cutOperators());
        Set<List<Integer>> edges = new LinkedHashSet<>();
        for (JsonNode pair : m.get("cut_edges")) {
            edges.add(List.of(pair.get(0).asInt(), pair.get(1).asInt()));
        }
        assertThat(edges).isEqualTo(e.cutEdges());
        assertThat(ReportChecks.boxed(ReportChecks.ints(m.get("cut_sink_connectors"))))
                .containsExactlyElementsOf(e.cutSinks());
        assertThat(ReportChecks.boxed(ReportChecks.ints(m.get("source_side"))))
                .containsExactlyElementsOf(e.sourceSide());
        assertThat(ReportChecks.boxed(ReportChecks.ints(m.get("sink_side")))).containsExactlyElementsOf(e.sinkSide());
        var bottlenecks = e.analysis().bottlenecks();
        assertThat(m.get("bottlenecks")).hasSize(bottlenecks.size());
        for (int k = 0; k < bottlenecks.size(); k++) {
            JsonNode b = m.get("bottlenecks").get(k);
            assertThat(b.get("id").asInt()).isEqualTo(bottlenecks.get(k).operatorId());
            assertThat(b.get("criticality").asDouble())
                    .isEqualTo(bottlenecks.get(k).criticality());
            assertThat(b.get("impact").asDouble()).isEqualTo(bottlenecks.get(k).impact());
            assertThat(b.get("criticality").asDouble()).isGreaterThan(config.bottleneckThreshold());
        }
        List<Recommendation> recs = e.analysis().recommendations();
        assertThat(m.get("recommendations")).hasSize(recs.size());
        for (int k = 0; k < recs.size(); k++) {
            assertThat(m.get("recommendations").get(k).get("description").asText())
                    .isEqualTo(recs.get(k).description());
        }
    }

    /**
     * DOT: the nodes marked "cut" are exactly the certificate's cut operators, the edges marked "cut"
     * exactly its cut plan edges, the edges to T exactly its cut sink connectors; the source and sink
     * clusters hold exactly the two sides, and every other node is a cut operator.
     */
    static void checkDot(ReportParsing.Dot d, QueryDag dag, MinCutConfig config) {
        Expected e = expected(dag, config);
        assertThat(d.nodesWithClass("cut")).isEqualTo(e.cutOperators());
        assertThat(d.edgesWithClass("cut")).isEqualTo(e.cutEdges());
        assertThat(d.sinkEdges().keySet()).isEqualTo(e.cutSinks());
        for (Set<String> c : d.sinkEdges().values()) {
            assertThat(c).contains("cut");
        }
        Set<Integer> source = new HashSet<>();
        Set<Integer> sink = new HashSet<>();
        d.cluster().forEach((id, name) -> (name.equals("source") ? source : sink).add(id));
        assertThat(d.cluster().values()).allMatch(n -> n.equals("source") || n.equals("sink"));
        assertThat(source).isEqualTo(e.sourceSide());
        assertThat(sink).isEqualTo(e.sinkSide());
        assertThat(d.nodesWithClass("side-source")).isEqualTo(e.sourceSide());
        assertThat(d.nodesWithClass("side-sink")).isEqualTo(e.sinkSide());
        for (int id : dag.nodeIds()) {
            if (!d.cluster().containsKey(id) && !e.result().unbounded()) {
                assertThat(e.cutOperators()).as("top-level node %d", id).contains(id);
            }
        }
    }
}
