package io.neuraldag.mincut;

import io.neuraldag.core.DagSnapshot;
import io.neuraldag.core.Operator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntToDoubleFunction;

/** The bottleneck, alert, health, recommendation and redundancy rules of spec 02 §2.6. */
final class BottleneckRules {
    /*
     * Inputs: the plan snapshot, crit per snapshot index, lambda, and vitality per index on demand
     * (it costs a decrease on a copy of the flow, so it is only asked for the redundancy candidates).
     * Order everywhere: criticality descending, impact = cost * crit descending, id ascending.
     */
    static final double SORT_ROWS = 100_000;
    static final double AGGREGATE_ROWS = 1_000_000;
    static final double VECTOR_EFFORT_CRITICALITY = 0.8;

    private BottleneckRules() {}

    static BottleneckAnalysis analyze(
            DagSnapshot snap, double[] crit, double lambda, MinCutConfig config, IntToDoubleFunction vitality) {
        int n = snap.size();
        double tension = 0.0;
        double total = 0.0;
        for (int i = 0; i < n; i++) {
            tension = Math.max(tension, crit[i]);
            total += snap.estimatedCost(i);
        }
        double path = n == 0 || snap.unitWeights() ? 0.0 : snap.criticalPathWeight();
        double parallelisation = 1.0 - path / Math.max(total, 1.0);

        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (x, y) -> {
            int c = Double.compare(crit[y], crit[x]);
            if (c != 0) {
                return c;
            }
            c = Double.compare(snap.estimatedCost(y) * crit[y], snap.estimatedCost(x) * crit[x]);
            return c != 0 ? c : Integer.compare(snap.id(x), snap.id(y));
        });

        Map<String, String> indexOfTable = knownIndexes(snap);
        List<Bottleneck> bottlenecks = new ArrayList<>();
        List<Alert> alerts = new ArrayList<>();
        List<Recommendation> recommendations = new ArrayList<>();
        List<RedundancySuggestion> redundancy = new ArrayList<>();
        for (int i : order) {
            double c = crit[i];
            double cost = snap.estimatedCost(i);
            Operator op = snap.node(i).operator();
            int id = snap.id(i);
            AlertLevel level = AlertLevel.of(c);
            if (level != AlertLevel.NONE) {
                alerts.add(new Alert(
                        id,
                        level,
                        c,
                        String.format(
                                Locale.ROOT,
                                "%s: operator %d (%s) carries criticality %.3f",
                                level,
                                id,
                                op.typeName(),
                                c)));
            }
            if (c > config.bottleneckThreshold()) {
                bottlenecks.add(new Bottleneck(id, op, cost, c, cost * c, level));
                recommend(snap, i, c, recommendations);
            }
            if (c > config.redundancyThreshold()) {
                redundancy.add(suggest(id, op, cost, c, 1.0 - vitality.applyAsDouble(i), indexOfTable));
            }
        }
        double[] bc = new double[bottlenecks.size()];
        for (int k = 0; k < bc.length; k++) {
            bc[k] = bottlenecks.get(k).criticality();
        }
        return new BottleneckAnalysis(
                lambda,
                tension,
                BottleneckAnalysis.healthOf(bc),
                total,
                path,
                parallelisation,
                bottlenecks,
                alerts,
                recommendations,
                redundancy);
    }

    private static void recommend(DagSnapshot snap, int i, double c, List<Recommendation> out) {
        int id = snap.id(i);
        switch (snap.node(i).operator()) {
            case Operator.SeqScan s -> out.add(new Recommendation.CreateIndex(id, s.table(), c));
            case Operator.HnswScan h -> {
                if (c > VECTOR_EFFORT_CRITICALITY) {
                    out.add(new Recommendation.IncreaseSearchEffort(
                            id, h.index(), "ef_search", h.efSearch(), doubled(h.efSearch()), c));
                }
            }
            case Operator.IvfFlatScan v -> {
                if (c > VECTOR_EFFORT_CRITICALITY) {
                    out.add(new Recommendation.IncreaseSearchEffort(
                            id, v.index(), "nprobe", v.nprobe(), doubled(v.nprobe()), c));
                }
            }
            case Operator.NestedLoopJoin j -> out.add(new Recommendation.ReplaceNestedLoop(id, c, 0.5 * c));
            case Operator.Sort s -> {
                if (snap.estimatedRows(i) > SORT_ROWS) {
                    out.add(new Recommendation.AddSortIndex(id, s.keys(), snap.estimatedRows(i), c));
                }
            }
            case Operator.IncrementalSort s -> {
                if (snap.estimatedRows(i) > SORT_ROWS) {
                    out.add(new Recommendation.AddSortIndex(id, s.keys(), snap.estimatedRows(i), c));
                }
            }
            case Operator.HashAggregate a -> {
                double rows = inputRows(snap, i);
                if (rows > AGGREGATE_ROWS) {
                    out.add(new Recommendation.PartitionAggregate(id, rows, c));
                }
            }
            default -> {
                // no rule for this kind
            }
        }
    }

    /** The rows flowing into an operator: its inputs' estimates, or its own when it has none. */
    static double inputRows(DagSnapshot snap, int i) {
        if (snap.inDegree(i) == 0) {
            return snap.estimatedRows(i);
        }
        double rows = 0.0;
        for (int p = snap.inStart(i); p < snap.inEnd(i); p++) {
            rows += snap.estimatedRows(snap.inSource(p));
        }
        return rows;
    }

    private static int doubled(int value) {
        return (int) Math.min(2L * value, Integer.MAX_VALUE);
    }

    /** Table -> an index the plan already reads it through (smallest index name). */
    private static Map<String, String> knownIndexes(DagSnapshot snap) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < snap.size(); i++) {
            String table;
            String index;
            switch (snap.node(i).operator()) {
                case Operator.IndexScan s -> {
                    table = s.table();
                    index = s.index();
                }
                case Operator.IndexOnlyScan s -> {
                    table = s.table();
                    index = s.index();
                }
                case Operator.BitmapScan s -> {
                    table = s.table();
                    index = s.index();
                }
                default -> {
                    continue;
                }
            }
            if (!table.isEmpty() && !index.isEmpty()) {
                m.merge(table, index, (x, y) -> x.compareTo(y) <= 0 ? x : y);
            }
        }
        return m;
    }

    private static RedundancySuggestion suggest(
            int id, Operator op, double cost, double c, double redundancy, Map<String, String> indexOfTable) {
        if (op instanceof Operator.SeqScan s && indexOfTable.containsKey(s.table())) {
            String index = indexOfTable.get(s.table());
            return new RedundancySuggestion(
                    id,
                    RedundancyStrategy.INDEX,
                    "read " + s.table() + " through index " + index + " instead of scanning it",
                    gain(10, c),
                    0.0,
                    redundancy);
        }
        if (op instanceof Operator.NestedLoopJoin) {
            return new RedundancySuggestion(
                    id,
                    RedundancyStrategy.HASH_JOIN,
                    "run join " + id + " as a hash join",
                    gain(5, c),
                    0.0,
                    redundancy);
        }
        if (op instanceof Operator.Sort || op instanceof Operator.IncrementalSort) {
            return new RedundancySuggestion(
                    id,
                    RedundancyStrategy.SORTED_INDEX,
                    "feed sort " + id + " from an index in sort order",
                    gain(3, c),
                    0.0,
                    redundancy);
        }
        RedundancyStrategy fallback = switch (op) {
            case Operator.HnswScan h -> RedundancyStrategy.PREFETCH;
            case Operator.SeqScan s -> RedundancyStrategy.MATERIALIZE;
            case Operator.IndexScan s -> RedundancyStrategy.MATERIALIZE;
            case Operator.IndexOnlyScan s -> RedundancyStrategy.MATERIALIZE;
            case Operator.BitmapScan s -> RedundancyStrategy.MATERIALIZE;
            case Operator.IvfFlatScan s -> RedundancyStrategy.MATERIALIZE;
            case Operator.SubqueryScan s -> RedundancyStrategy.MATERIALIZE;
            case Operator.CteScan s -> RedundancyStrategy.MATERIALIZE;
            default -> RedundancyStrategy.REPLICATE;
        };
        String what = switch (fallback) {
            case PREFETCH -> "prefetch the index of scan " + id;
            case MATERIALIZE -> "materialize the result of scan " + id;
            default -> "replicate operator " + id + " (" + op.typeName() + ")";
        };
        return new RedundancySuggestion(id, fallback, what, 0.3 * cost * c, 0.1 * cost, redundancy);
    }

    private static double gain(double speedup, double c) {
        return (1.0 - 1.0 / speedup) * c;
    }
}
