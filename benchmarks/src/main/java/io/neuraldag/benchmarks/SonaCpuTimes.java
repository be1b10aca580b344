package io.neuraldag.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Per-thread CPU time of the SONA benchmarks' operations, a companion to their JMH wall-clock
 * figures on a shared machine: when other processes keep the cores busy, wall time per call grows
 * with the run queue while the CPU time the call itself consumes does not. It drives the same JMH
 * state classes (same data, same seeds) in plain loops on one thread, after a warm-up, and prints
 * for each operation the median and the minimum over 15 rounds of the CPU nanoseconds per call.
 *
 * <p>Run (from the repository root, after {@code ./mvnw -B -pl benchmarks -am package -DskipTests}):
 *
 * <pre>{@code
 * java -cp benchmarks/target/benchmarks.jar io.neuraldag.benchmarks.SonaCpuTimes
 * }</pre>
 */
public final class SonaCpuTimes {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final int ROUNDS = 15;

    private SonaCpuTimes() {}

    /**
     * Runs every measurement and prints one line each.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        System.out.println("operation | median CPU per call | min CPU per call");
        for (String path : new String[] {"applied", "adapted"}) {
            SonaPreQueryBenchmark b = new SonaPreQueryBenchmark();
            b.path = path;
            b.setUp();
            report("preQuery (" + path + ")", 20_000, () -> b.preQuery().hashCode());
        }
        SonaMicroLoraBenchmark lora = new SonaMicroLoraBenchmark();
        lora.setUp();
        report("MicroLoRA forward", 200_000, () -> lora.forward().length);
        report("MicroLoRA adapt", 200_000, () -> lora.adapt() ? 1 : 0);
        report("MicroLoRA forward + adapt", 200_000, () -> lora.forwardAndAdapt().length);
        SonaBufferBenchmark buffer = new SonaBufferBenchmark();
        buffer.setUp();
        report("buffer record (full, drop-oldest)", 1_000_000, () -> buffer.record() ? 1 : 0);
        SonaEwcBenchmark ewc = new SonaEwcBenchmark();
        ewc.setUp();
        report("EWC penalty (256)", 1_000_000, () -> Double.doubleToLongBits(ewc.penalty()));
        for (String embedding : new String[] {"dense", "plan"}) {
            SonaReasoningBankBenchmark bank = new SonaReasoningBankBenchmark();
            bank.embedding = embedding;
            bank.setUp();
            report(
                    "querySimilar top-5 of 10 000 (" + embedding + ")",
                    2_000,
                    () -> bank.querySimilar().size());
        }
        for (int distinct : new int[] {1000, 50}) {
            for (String embedding : new String[] {"plan", "dense"}) {
                SonaBackgroundCycleBenchmark cycle = new SonaBackgroundCycleBenchmark();
                cycle.distinct = distinct;
                cycle.embedding = embedding;
                cycle.build();
                reportCycle(
                        "background cycle, 1000 trajectories, " + distinct + " distinct (" + embedding + ")", cycle);
            }
        }
    }

    private static void report(String name, int callsPerRound, LongSupplier op) {
        long sink = 0;
        for (int i = 0; i < 5 * callsPerRound; i++) {
            sink += op.getAsLong();
        }
        double[] perCall = new double[ROUNDS];
        for (int r = 0; r < ROUNDS; r++) {
            long t0 = THREADS.getCurrentThreadCpuTime();
            for (int i = 0; i < callsPerRound; i++) {
                sink += op.getAsLong();
            }
            perCall[r] = (THREADS.getCurrentThreadCpuTime() - t0) / (double) callsPerRound;
        }
        print(name, perCall, sink);
    }

    private static void reportCycle(String name, SonaBackgroundCycleBenchmark cycle) {
        long sink = 0;
        for (int i = 0; i < 10; i++) {
            cycle.fill();
            sink += cycle.cycle().hashCode();
        }
        double[] perCall = new double[ROUNDS];
        for (int r = 0; r < ROUNDS; r++) {
            cycle.fill();
            long t0 = THREADS.getCurrentThreadCpuTime();
            sink += cycle.cycle().hashCode();
            perCall[r] = THREADS.getCurrentThreadCpuTime() - t0;
        }
        print(name, perCall, sink);
    }

    private static void print(String name, double[] perCall, long sink) {
        double[] sorted = perCall.clone();
        Arrays.sort(sorted);
        System.out.printf(
                Locale.ROOT,
                "%s | %s | %s%s%n",
                name,
                format(sorted[sorted.length / 2]),
                format(sorted[0]),
                sink == 42 ? " " : "");
    }

    private static String format(double ns) {
        if (ns >= 1e6) {
            return String.format(Locale.ROOT, "%.2f ms", ns / 1e6);
        }
        if (ns >= 1e3) {
            return String.format(Locale.ROOT, "%.2f µs", ns / 1e3);
        }
        return String.format(Locale.ROOT, "%.0f ns", ns);
    }
}
