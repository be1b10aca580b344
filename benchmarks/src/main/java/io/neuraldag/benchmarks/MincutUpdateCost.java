package io.neuraldag.benchmarks;

import io.neuraldag.core.QueryDag;
import io.neuraldag.mincut.DynamicMinCut;
import io.neuraldag.mincut.FlowNetwork;
import io.neuraldag.mincut.MinCutConfig;
import io.neuraldag.mincut.MinCutEngine;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Load-independent cross-check of {@code MincutDynamicBenchmark} (spec 02 §2.4(b)): the same networks,
 * plans and 1000-update sequences, measured by thread CPU time and by an operation count (the
 * half-edges that the flow searches of {@code dag-mincut} examine per update, read from the
 * tracker's workspace), with the log–log slope of both against {@code n}.
 *
 * <p>With {@code --jars A B ...} the same measurement runs in one process for every given build
 * (each a benchmarks jar or a class path, in its own class loader), alternating between the builds for
 * every size, so that a before/after comparison shares the machine's load.
 *
 * <pre>{@code
 * java -cp benchmarks/target/benchmarks.jar io.neuraldag.benchmarks.MincutUpdateCost 5
 * java -cp benchmarks/target/benchmarks.jar io.neuraldag.benchmarks.MincutUpdateCost 5 --jars before.jar benchmarks/target/benchmarks.jar
 * }</pre>
 *
 * The first argument is the number of repetitions per cell (the minimum and the median CPU time are
 * reported; the count is the same in every repetition). To measure an older build with this
 * harness, put this build's harness classes ahead of that build's jar in its class path entry
 * ({@code harness-dir:old.jar}); the old build's own harness may report the minimum only.
 */
public final class MincutUpdateCost {
    private MincutUpdateCost() {}

    /** The sizes of {@code MincutDynamicBenchmark}. */
    static final int[] SIZES = {100, 500, 1000, 5000, 20000};

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /**
     * Runs the measurement.
     *
     * @param args repetitions, optionally followed by {@code --jars} and jar paths
     * @throws Exception if a jar cannot be loaded
     */
    public static void main(String[] args) throws Exception {
        int reps = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        List<String> jars = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            if (!args[i].equals("--jars")) {
                jars.add(args[i]);
            }
        }
        List<Method> builds = new ArrayList<>();
        List<String> names = new ArrayList<>();
        if (jars.isEmpty()) {
            builds.add(MincutUpdateCost.class.getDeclaredMethod("measure", String.class, int.class, int.class));
            names.add("this build");
        } else {
            for (String j : jars) {
                String[] parts = j.split(java.util.regex.Pattern.quote(java.io.File.pathSeparator), -1);
                URL[] urls = new URL[parts.length];
                for (int k = 0; k < parts.length; k++) {
                    urls[k] = Path.of(parts[k]).toUri().toURL();
                }
                URLClassLoader loader = new URLClassLoader(urls, ClassLoader.getPlatformClassLoader());
                Class<?> c = Class.forName(MincutUpdateCost.class.getName(), true, loader);
                builds.add(c.getDeclaredMethod("measure", String.class, int.class, int.class));
                names.add(j);
            }
        }
        String[] families = {"network", "plan"};
        // warm-up: every build and family once at n = 1000
        for (Method m : builds) {
            for (String fam : families) {
                m.invoke(null, fam, 1000, 3);
            }
        }
        Map<String, TreeMap<Integer, double[]>> table = new LinkedHashMap<>();
        for (String fam : families) {
            for (int n : SIZES) {
                for (int b = 0; b < builds.size(); b++) {
                    double[] r = (double[]) builds.get(b).invoke(null, fam, n, reps);
                    table.computeIfAbsent(fam + " | " + names.get(b), k -> new TreeMap<>())
                            .put(n, r);
                    System.out.printf(
                            Locale.ROOT,
                            "%-8s n=%-6d %-40s cpu min %10.2f median %10.2f us/update   scanned %12.1f"
                                    + " half-edges/update%n",
                            fam,
                            n,
                            names.get(b),
                            r[0],
                            r.length > 2 ? r[2] : Double.NaN,
                            r[1]);
                }
            }
        }
        for (Map.Entry<String, TreeMap<Integer, double[]>> e : table.entrySet()) {
            Map<Integer, Double> cpu = new TreeMap<>();
            Map<Integer, Double> median = new TreeMap<>();
            Map<Integer, Double> ops = new TreeMap<>();
            e.getValue().forEach((n, r) -> {
                cpu.put(n, r[0]);
                median.put(n, r.length > 2 ? r[2] : r[0]);
                ops.put(n, Math.max(r[1], 1e-9));
            });
            System.out.printf(
                    Locale.ROOT,
                    "log-log slope %-50s cpu time min %.3f median %.3f   half-edges scanned %.3f%n",
                    e.getKey(),
                    MincutSlope.slope(cpu),
                    MincutSlope.slope(median),
                    MincutSlope.slope(ops));
        }
    }

    /**
     * One cell: {@code reps} runs of the benchmark's 1000 updates on a fresh tracker.
     *
     * @param family {@code network} or {@code plan}
     * @param n the size
     * @param reps repetitions
     * @return {minimum thread CPU µs per update, half-edges scanned per update, median thread CPU µs
     *     per update}
     * @throws ReflectiveOperationException if the counter cannot be read
     */
    public static double[] measure(String family, int n, int reps) throws ReflectiveOperationException {
        int updates = MincutDynamicBenchmark.UPDATES;
        double best = Double.POSITIVE_INFINITY;
        double[] times = new double[reps];
        double ops = 0;
        if (family.equals("network")) {
            FlowNetwork net = MincutNetworks.randomNetwork(n, 11);
            double[][] u = MincutNetworks.networkUpdates(n, net.arcCount(), updates, 12);
            for (int r = 0; r < reps; r++) {
                DynamicMinCut t = DynamicMinCut.create(net, 0, n - 1);
                Object dinic = dinicOf(t, "state");
                long before = counter(dinic);
                long c0 = THREADS.getCurrentThreadCpuTime();
                for (int i = 0; i < updates; i++) {
                    if (u[0][i] < 0) {
                        t.addArc((int) u[1][i], (int) u[2][i], u[3][i]);
                    } else {
                        t.setCapacity((int) u[0][i], u[3][i]);
                    }
                }
                long c1 = THREADS.getCurrentThreadCpuTime();
                times[r] = (c1 - c0) / 1e3 / updates;
                best = Math.min(best, times[r]);
                ops = (double) (counter(dinic) - before) / updates;
            }
        } else {
            QueryDag plan = MincutNetworks.layeredPlan(n, 21);
            double[][] u = MincutNetworks.planUpdates(plan, updates, 22);
            for (int r = 0; r < reps; r++) {
                MinCutEngine e = MinCutEngine.create(MinCutConfig.defaults());
                e.buildFrom(plan);
                Object dinic = dinicOf(e, "flow");
                long before = counter(dinic);
                long c0 = THREADS.getCurrentThreadCpuTime();
                for (int i = 0; i < updates; i++) {
                    e.updateEdge((int) u[0][i], (int) u[1][i], u[2][i]);
                }
                long c1 = THREADS.getCurrentThreadCpuTime();
                times[r] = (c1 - c0) / 1e3 / updates;
                best = Math.min(best, times[r]);
                ops = (double) (counter(dinicOf(e, "flow")) - before) / updates;
                if (dinicOf(e, "flow") != dinic) {
                    ops = Double.NaN; // the engine rebuilt its flow state: count not comparable
                }
            }
        }
        Arrays.sort(times);
        double median = reps % 2 == 1 ? times[reps / 2] : (times[reps / 2 - 1] + times[reps / 2]) / 2;
        return new double[] {best, ops, median};
    }

    /** The Dinic workspace of the tracker's flow state (package-private fields, read reflectively). */
    private static Object dinicOf(Object tracker, String stateField) throws ReflectiveOperationException {
        Object state = field(tracker, stateField);
        return field(state, "dinic");
    }

    private static long counter(Object dinic) throws ReflectiveOperationException {
        return (long) field(dinic, "scanned");
    }

    private static Object field(Object o, String name) throws ReflectiveOperationException {
        Field f = o.getClass().getDeclaredField(name);
        f.setAccessible(true);
        return f.get(o);
    }
}
