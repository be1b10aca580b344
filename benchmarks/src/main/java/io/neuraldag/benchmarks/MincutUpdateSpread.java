package io.neuraldag.benchmarks;

import io.neuraldag.mincut.DynamicMinCut;
import io.neuraldag.mincut.FlowNetwork;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * Where the time of {@code MincutDynamicBenchmark.network} goes within its 1000-update sequences:
 * the same networks (seed 11) and updates (seed 12), each update timed on its own with {@code
 * System.nanoTime()} over repeated fresh trackers (the first two repetitions are warm-up), then the
 * mean per update over updates 0, 1–9, 10–99 and 100–999, and the eight costliest updates with
 * their share of the total. An amortized cost whose slope is driven by a few costly updates shows
 * here, which the benchmark's single mean cannot.
 *
 * <pre>{@code
 * java -Xms2g -Xmx2g -cp benchmarks/target/benchmarks.jar io.neuraldag.benchmarks.MincutUpdateSpread 40
 * }</pre>
 *
 * The argument is the number of repetitions at n ≤ 5000 (a quarter of it, at least 4, at n = 20000).
 */
public final class MincutUpdateSpread {
    private static final int[] SIZES = {100, 1000, 5000, 20000};

    private MincutUpdateSpread() {}

    /**
     * Runs the measurement.
     *
     * @param args repetitions per size (default 40)
     */
    public static void main(String[] args) {
        int reps = args.length > 0 ? Integer.parseInt(args[0]) : 40;
        for (int n : SIZES) {
            measure(n, n >= 20000 ? Math.max(4, reps / 4) : reps);
        }
    }

    private static void measure(int n, int reps) {
        int count = MincutDynamicBenchmark.UPDATES;
        FlowNetwork network = MincutNetworks.randomNetwork(n, 11);
        double[][] u = MincutNetworks.networkUpdates(n, network.arcCount(), count, 12);
        long[] perUpdate = new long[count];
        double sink = 0;
        for (int rep = 0; rep < reps + 2; rep++) {
            DynamicMinCut t = DynamicMinCut.create(network, 0, n - 1);
            for (int i = 0; i < count; i++) {
                long t0 = System.nanoTime();
                if (u[0][i] < 0) {
                    t.addArc((int) u[1][i], (int) u[2][i], u[3][i]);
                } else {
                    t.setCapacity((int) u[0][i], u[3][i]);
                }
                long d = System.nanoTime() - t0;
                if (rep >= 2) {
                    perUpdate[i] += d;
                }
            }
            sink += t.lambda();
        }
        long total = Arrays.stream(perUpdate).sum();
        System.out.printf(
                Locale.ROOT,
                "n=%d: mean µs per update: update 0 %.2f, 1-9 %.2f, 10-99 %.2f, 100-999 %.2f; all %.2f (lambda sum %.0f)%n",
                n,
                mean(perUpdate, 0, 1, reps),
                mean(perUpdate, 1, 10, reps),
                mean(perUpdate, 10, 100, reps),
                mean(perUpdate, 100, count, reps),
                mean(perUpdate, 0, count, reps),
                sink);
        Integer[] order = IntStream.range(0, count).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingLong((Integer i) -> perUpdate[i]).reversed());
        StringBuilder top = new StringBuilder("  costliest:");
        long topSum = 0;
        for (int k = 0; k < 8; k++) {
            int i = order[k];
            topSum += perUpdate[i];
            top.append(String.format(
                    Locale.ROOT,
                    " #%d %.0f µs (%s)",
                    i,
                    perUpdate[i] / 1e3 / reps,
                    u[0][i] < 0 ? "insert" : u[3][i] == 0.0 ? "delete" : "capacity"));
        }
        System.out.printf(Locale.ROOT, "%s; their share %.0f %%%n", top, 100.0 * topSum / Math.max(1, total));
    }

    private static double mean(long[] perUpdate, int from, int to, int reps) {
        long s = 0;
        for (int i = from; i < to; i++) {
            s += perUpdate[i];
        }
        return s / 1e3 / reps / (to - from);
    }
}
