package io.neuraldag.benchmarks;

import io.neuraldag.mincut.DynamicMinCut;
import io.neuraldag.mincut.FlowNetwork;
import java.lang.reflect.Field;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where the operation count of {@code MincutUpdateCost}'s network family goes: the same networks and
 * 1000-update sequences, each update classified by the state before it (the kind of capacity change,
 * whether the arc was saturated or carried more than its new capacity, whether its ends were in
 * {@code S_min}) and by whether it changed lambda, with the half-edges examined per kind. For every
 * update that changes lambda it also prints the number of arcs whose flow changed (the support of the
 * flow update), a lower bound for any method that keeps an explicit maximum flow.
 *
 * <pre>{@code
 * java -cp benchmarks/target/benchmarks.jar io.neuraldag.benchmarks.MincutUpdateKinds 1000 5000 20000
 * }</pre>
 *
 * Reads package-private state of {@code dag-mincut} reflectively (a benchmark aid, not an API).
 * Kinds: {@code open-cut} an increase of a saturated arc of the S_min cut, {@code open-other} of
 * another saturated arc, {@code inc-unsat} of an unsaturated one; {@code dec-above}/{@code
 * dec-equal} a decrease to above/exactly the flow; {@code dec-cut} below the flow of an S_min cut
 * arc; {@code dec-reroute(XY)} below the flow of another arc (X, Y: {@code S} if the tail/head is in
 * S_min, else {@code -}).
 */
public final class MincutUpdateKinds {
    private MincutUpdateKinds() {}

    /**
     * Runs the classification.
     *
     * @param args the sizes (default: those of {@code MincutUpdateCost})
     * @throws ReflectiveOperationException if the tracker's state cannot be read
     */
    public static void main(String[] args) throws ReflectiveOperationException {
        int[] sizes = MincutUpdateCost.SIZES;
        if (args.length > 0) {
            sizes = new int[args.length];
            for (int i = 0; i < args.length; i++) {
                sizes[i] = Integer.parseInt(args[i]);
            }
        }
        for (int n : sizes) {
            run(n);
        }
    }

    private static void run(int n) throws ReflectiveOperationException {
        int updates = MincutDynamicBenchmark.UPDATES;
        FlowNetwork net0 = MincutNetworks.randomNetwork(n, 11);
        double[][] u = MincutNetworks.networkUpdates(n, net0.arcCount(), updates, 12);
        DynamicMinCut tracker = DynamicMinCut.create(net0, 0, n - 1);
        Object st = field(tracker, "state");
        Object dinic = field(st, "dinic");
        FlowNetwork net = (FlowNetwork) field(st, "net");
        Field scanned = declared(dinic, "scanned");
        Field flowField = declared(st, "flow");
        Field markField = declared(st, "sminMark");
        Field epochField = declared(st, "sminEpoch");
        Map<String, long[]> kinds = new TreeMap<>();
        long total = 0;
        long changes = 0;
        long support = 0;
        long changeCost = 0;
        for (int i = 0; i < updates; i++) {
            double[] flow = (double[]) flowField.get(st);
            int[] mark = (int[]) markField.get(st);
            int epoch = epochField.getInt(st);
            boolean insert = u[0][i] < 0;
            int arc = insert ? -1 : (int) u[0][i];
            int tail = insert ? (int) u[1][i] : net.tail(arc);
            int head = insert ? (int) u[2][i] : net.head(arc);
            double c = insert ? 0.0 : net.capacity(arc);
            double f = insert ? 0.0 : flow[arc];
            double c2 = u[3][i];
            boolean us = mark[tail] == epoch;
            boolean vs = mark[head] == epoch;
            String kind;
            if (c2 == c) {
                kind = "same";
            } else if (c2 > c) {
                kind = c - f <= 0.0 ? (us && !vs ? "open-cut" : "open-other") : "inc-unsat";
            } else if (f < c2) {
                kind = "dec-above";
            } else if (f == c2) {
                kind = "dec-equal";
            } else if (us && !vs) {
                kind = "dec-cut";
            } else {
                kind = "dec-reroute(" + (us ? "S" : "-") + (vs ? "S" : "-") + ")";
            }
            double[] before = flow.clone();
            double lambda = tracker.lambda();
            long s0 = scanned.getLong(dinic);
            if (insert) {
                tracker.addArc(tail, head, c2);
            } else {
                tracker.setCapacity(arc, c2);
            }
            long cost = scanned.getLong(dinic) - s0;
            total += cost;
            boolean changed = tracker.lambda() != lambda;
            if (changed) {
                double[] after = (double[]) flowField.get(st);
                int k = 0;
                for (int a = 0; a < Math.min(before.length, net.arcCount()); a++) {
                    if (Math.abs(after[a] - before[a]) > 1e-9) {
                        k++;
                    }
                }
                changes++;
                support += k;
                changeCost += cost;
                System.out.printf(
                        Locale.ROOT,
                        "  n=%d update %4d %-16s lambda %+8.2f  half-edges %9d  arcs whose flow changed %6d%n",
                        n,
                        i,
                        kind,
                        tracker.lambda() - lambda,
                        cost,
                        k);
            }
            long[] r = kinds.computeIfAbsent(kind + (changed ? ", lambda changed" : ""), x -> new long[2]);
            r[0]++;
            r[1] += cost;
        }
        System.out.printf(
                Locale.ROOT,
                "n=%d: %.1f half-edges/update; %d lambda changes, %.0f half-edges and %.0f changed arcs each%n",
                n,
                total / (double) updates,
                changes,
                changes == 0 ? 0.0 : changeCost / (double) changes,
                changes == 0 ? 0.0 : support / (double) changes);
        long all = Math.max(1, total);
        for (Map.Entry<String, long[]> e : kinds.entrySet()) {
            long[] r = e.getValue();
            System.out.printf(
                    Locale.ROOT,
                    "  %-34s %4d updates  %11.1f half-edges each  %5.1f %%%n",
                    e.getKey(),
                    r[0],
                    r[1] / (double) r[0],
                    100.0 * r[1] / all);
        }
    }

    private static Field declared(Object o, String name) throws NoSuchFieldException {
        Field f = o.getClass().getDeclaredField(name);
        f.setAccessible(true);
        return f;
    }

    private static Object field(Object o, String name) throws ReflectiveOperationException {
        return declared(o, name).get(o);
    }
}
