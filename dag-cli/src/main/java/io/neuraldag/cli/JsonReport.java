package io.neuraldag.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.neuraldag.attention.AttentionException;
import io.neuraldag.attention.AttentionResult;
import io.neuraldag.core.DagSnapshot;
import io.neuraldag.core.OperatorNode;
import io.neuraldag.core.QueryDag;
import io.neuraldag.mincut.Bottleneck;
import io.neuraldag.mincut.BottleneckAnalysis;
import io.neuraldag.mincut.Recommendation;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/*
 * The machine-readable report: one JSON object with the fields of the text report in snake_case.
 * Numbers are written as exact doubles (kappa and the bottleneck score unrounded). The planning and
 * execution times are present only when the input carried them. "min_cut" is always present,
 * "attention" only with --attention (or for HTML, which is not this report).
 */
final class JsonReport {
    private static final JsonFactory FACTORY = JsonFactory.builder().build();

    private JsonReport() {}

    static String render(Analysis a) {
        StringWriter out = new StringWriter(2048);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.useDefaultPrettyPrinter();
            write(g, a);
        } catch (IOException e) {
            // a StringWriter does not fail
            throw new UncheckedIOException(e);
        }
        return out.append('\n').toString();
    }

    private static void write(JsonGenerator g, Analysis a) throws IOException {
        LoadedDag in = a.input;
        QueryDag dag = a.dag();
        g.writeStartObject();
        g.writeStringField("file", in.file());
        g.writeStringField("format", in.kind().key());
        String dagName = in.dagName();
        if (dagName != null) {
            g.writeStringField("dag", dagName);
        }
        optional(g, "planning_time_ms", in.planningTimeMs());
        optional(g, "execution_time_ms", in.executionTimeMs());
        g.writeNumberField("nodes", a.nodeCount);
        g.writeNumberField("edges", a.edgeCount);
        g.writeFieldName("sources");
        g.writeArray(a.sources, 0, a.sources.length);
        g.writeFieldName("sinks");
        g.writeArray(a.sinks, 0, a.sinks.length);
        g.writeNumberField("max_depth", a.maxDepth);
        g.writeNumberField("branch_count", a.branchCount);

        g.writeObjectFieldStart("critical_path");
        g.writeNumberField("cost", a.criticalPathCost);
        g.writeFieldName("path");
        g.writeArray(a.criticalPath, 0, a.criticalPath.length);
        g.writeArrayFieldStart("nodes");
        for (int id : a.criticalPath) {
            OperatorNode n = dag.node(id);
            g.writeStartObject();
            g.writeNumberField("id", id);
            g.writeStringField("operator", n.operator().typeName());
            g.writeStringField("detail", OperatorLabels.detail(n.operator()));
            g.writeNumberField("cost", n.estimatedCost());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();

        g.writeNumberField("bottleneck_score", a.bottleneckScore);
        g.writeArrayFieldStart("top_criticality");
        for (int i = 0; i < a.topIds.length; i++) {
            OperatorNode n = dag.node(a.topIds[i]);
            g.writeStartObject();
            g.writeNumberField("id", a.topIds[i]);
            g.writeStringField("operator", n.operator().typeName());
            g.writeStringField("detail", OperatorLabels.detail(n.operator()));
            g.writeNumberField("kappa", a.topKappa[i]);
            g.writeEndObject();
        }
        g.writeEndArray();
        minCut(g, a);
        AttentionView att = a.attention;
        if (att != null) {
            attention(g, a, att);
        }
        g.writeEndObject();
    }

    /* lambda is written as a number, or as the string "Infinity" when the flow is unbounded. */
    private static void minCut(JsonGenerator g, Analysis a) throws IOException {
        MinCutView m = a.minCut;
        BottleneckAnalysis r = m.analysis;
        QueryDag dag = a.dag();
        g.writeObjectFieldStart("min_cut");
        g.writeStringField("capacity_model", m.config.capacityModel().name().toLowerCase(Locale.ROOT));
        g.writeStringField("edge_capacity", m.config.edgeCapacity().name().toLowerCase(Locale.ROOT));
        if (Double.isInfinite(r.lambda())) {
            g.writeStringField("lambda", "Infinity");
        } else {
            g.writeNumberField("lambda", r.lambda());
        }
        g.writeNumberField("tension", r.tension());
        g.writeNumberField("health", r.health());
        g.writeFieldName("cut_operators");
        g.writeArray(m.cutOperators, 0, m.cutOperators.length);
        g.writeArrayFieldStart("cut_edges");
        for (int[] e : m.cutEdges) {
            g.writeArray(e, 0, 2);
        }
        g.writeEndArray();
        g.writeFieldName("cut_sink_connectors");
        g.writeArray(m.cutSinks, 0, m.cutSinks.length);
        int[] sourceSide = side(a, MinCutView.Side.SOURCE);
        g.writeFieldName("source_side");
        g.writeArray(sourceSide, 0, sourceSide.length);
        int[] sinkSide = side(a, MinCutView.Side.SINK);
        g.writeFieldName("sink_side");
        g.writeArray(sinkSide, 0, sinkSide.length);
        g.writeNumberField("bottleneck_threshold", m.config.bottleneckThreshold());
        g.writeArrayFieldStart("bottlenecks");
        for (Bottleneck b : r.bottlenecks()) {
            g.writeStartObject();
            g.writeNumberField("id", b.operatorId());
            g.writeStringField("operator", b.operator().typeName());
            g.writeStringField(
                    "detail", OperatorLabels.detail(dag.node(b.operatorId()).operator()));
            g.writeNumberField("cost", b.cost());
            g.writeNumberField("criticality", b.criticality());
            g.writeNumberField("impact", b.impact());
            g.writeStringField("alert", b.alert().name().toLowerCase(Locale.ROOT));
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeArrayFieldStart("recommendations");
        for (Recommendation rec : r.recommendations()) {
            g.writeStartObject();
            g.writeNumberField("id", rec.operatorId());
            g.writeStringField("kind", recommendationKind(rec));
            g.writeNumberField("criticality", rec.criticality());
            g.writeStringField("description", rec.description());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static String recommendationKind(Recommendation r) {
        return switch (r) {
            case Recommendation.CreateIndex x -> "create_index";
            case Recommendation.IncreaseSearchEffort x -> "increase_search_effort";
            case Recommendation.ReplaceNestedLoop x -> "replace_nested_loop";
            case Recommendation.AddSortIndex x -> "add_sort_index";
            case Recommendation.PartitionAggregate x -> "partition_aggregate";
        };
    }

    private static int[] side(Analysis a, MinCutView.Side which) {
        DagSnapshot s = a.dag().snapshot();
        int[] ids = new int[s.size()];
        int k = 0;
        for (int i = 0; i < s.size(); i++) {
            if (a.minCut.side[i] == which) {
                ids[k++] = s.id(i);
            }
        }
        return Arrays.copyOf(ids, k);
    }

    private static void attention(JsonGenerator g, Analysis a, AttentionView att) throws IOException {
        AttentionResult r = att.result;
        QueryDag dag = a.dag();
        g.writeObjectFieldStart("attention");
        g.writeStringField("requested", att.requestedName());
        g.writeStringField("chosen", r.chosen().wireName());
        g.writeStringField("used", r.used().wireName());
        g.writeStringField("reason", r.reason().name().toLowerCase(Locale.ROOT));
        g.writeStringField("explanation", r.explanation());
        AttentionException.Kind failure = r.failure();
        if (failure != null) {
            g.writeStringField("fallback", failure.name().toLowerCase(Locale.ROOT));
        }
        g.writeObjectFieldStart("auto");
        g.writeStringField("chosen", att.autoKind.wireName());
        g.writeStringField("reason", att.autoReason.name().toLowerCase(Locale.ROOT));
        g.writeStringField("explanation", att.autoExplanation);
        g.writeEndObject();
        g.writeArrayFieldStart("top");
        for (int i = 0; i < att.topIds.length; i++) {
            OperatorNode n = dag.node(att.topIds[i]);
            g.writeStartObject();
            g.writeNumberField("id", att.topIds[i]);
            g.writeStringField("operator", n.operator().typeName());
            g.writeStringField("detail", OperatorLabels.detail(n.operator()));
            g.writeNumberField("weight", att.topWeights[i]);
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void optional(JsonGenerator g, String name, @Nullable Double v) throws IOException {
        if (v != null) {
            g.writeNumberField(name, v);
        }
    }
}
