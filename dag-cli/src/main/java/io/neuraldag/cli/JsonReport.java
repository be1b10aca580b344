package io.neuraldag.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.neuraldag.core.OperatorNode;
import io.neuraldag.core.QueryDag;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import org.jspecify.annotations.Nullable;

/*
 * The machine-readable report: one JSON object with the fields of the text report in snake_case.
 * Numbers are written as exact doubles (kappa and the bottleneck score unrounded). The planning and
 * execution times are present only when the input carried them.
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
        g.writeEndObject();
    }

    private static void optional(JsonGenerator g, String name, @Nullable Double v) throws IOException {
        if (v != null) {
            g.writeNumberField(name, v);
        }
    }
}
