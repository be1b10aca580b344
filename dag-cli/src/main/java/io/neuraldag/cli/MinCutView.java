package io.neuraldag.cli;

import io.neuraldag.core.DagSnapshot;
import io.neuraldag.core.QueryDag;
import io.neuraldag.mincut.BottleneckAnalysis;
import io.neuraldag.mincut.FlowNetwork;
import io.neuraldag.mincut.MinCutConfig;
import io.neuraldag.mincut.MinCutEngine;
import io.neuraldag.mincut.MinCutResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/*
 * The min-cut facts a report shows, from one MinCutEngine built on the DAG: the engine's
 * BottleneckAnalysis (lambda, tension, health, bottlenecks, recommendations), every operator's
 * criticality, and the certificate's minimum cut S_min translated back to the plan.
 *
 * Translation of the network layout (PlanNetwork): operator index i has v_in = 2i and v_out = 2i+1.
 * An operator is on the SOURCE side when v_out is in S_min, CUT when v_in is in S_min but v_out is
 * not (its arc v_in -> v_out is a cut arc), and on the SINK side when v_in is not in S_min (v_out in
 * S_min with v_in outside cannot happen: flow out of v_out needs flow through v_in -> v_out, whose
 * residual reverse arc would reach v_in). Every cut arc of the certificate is one of: an operator
 * arc (cutOperators), a plan edge u_out -> v_in (cutEdges, as [fromId, toId] pairs), or the
 * connector v_out -> T of an operator without consumers (cutSinks); source connectors are infinite
 * and never cut. With lambda = +inf there is no cut and every operator's side is NONE.
 *
 * Arrays are indexed like the DAG's snapshot (ascending ids), owned by this object, never modified.
 */
final class MinCutView {
    enum Side {
        SOURCE,
        CUT,
        SINK,
        NONE
    }

    final MinCutConfig config;
    final BottleneckAnalysis analysis;
    final MinCutResult result;
    final double[] criticality;
    final Side[] side;
    final int[] cutOperators;
    final List<int[]> cutEdges;
    final int[] cutSinks;
    private final Set<Long> cutEdgeKeys = new HashSet<>();

    private MinCutView(QueryDag dag, MinCutConfig config) {
        this.config = config;
        MinCutEngine engine = MinCutEngine.create(config);
        engine.buildFrom(dag);
        this.analysis = engine.analyze();
        this.result = engine.result();
        this.criticality = engine.criticalities();
        DagSnapshot s = engine.snapshot();
        int n = s.size();
        this.side = new Side[n];
        for (int i = 0; i < n; i++) {
            if (result.unbounded()) {
                side[i] = Side.NONE;
            } else if (result.inMinSourceSide(2 * i + 1)) {
                side[i] = Side.SOURCE;
            } else if (result.inMinSourceSide(2 * i)) {
                side[i] = Side.CUT;
            } else {
                side[i] = Side.SINK;
            }
        }
        FlowNetwork net = engine.network().network();
        int sink = 2 * n + 1;
        List<int[]> edges = new ArrayList<>();
        int[] sinks = new int[result.cutArcs().length];
        int sinkCount = 0;
        for (int arc : result.cutArcs()) {
            if (arc < n) {
                continue; // operator arc: reported by cutOperators
            }
            int tail = net.tail(arc);
            int head = net.head(arc);
            if (head == sink) {
                sinks[sinkCount++] = s.id(tail / 2);
            } else {
                edges.add(new int[] {s.id(tail / 2), s.id(head / 2)});
                cutEdgeKeys.add(edgeKey(s.id(tail / 2), s.id(head / 2)));
            }
        }
        this.cutOperators = result.cutOperators();
        this.cutEdges = List.copyOf(edges);
        this.cutSinks = Arrays.copyOf(sinks, sinkCount);
    }

    static MinCutView of(QueryDag dag, MinCutConfig config) {
        return new MinCutView(dag, config);
    }

    double lambda() {
        return analysis.lambda();
    }

    double tension() {
        return analysis.tension();
    }

    boolean isCutEdge(int from, int to) {
        return cutEdgeKeys.contains(edgeKey(from, to));
    }

    private static long edgeKey(int from, int to) {
        return ((long) from << 32) | (to & 0xFFFFFFFFL);
    }

    boolean isCutSink(int id) {
        for (int v : cutSinks) {
            if (v == id) {
                return true;
            }
        }
        return false;
    }
}
