package io.neuraldag.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;

/**
 * Per-thread CPU time of the dag-postgres benchmarks' operations, the load-independent companion of
 * their JMH wall-clock figures on a shared machine. It drives the same JMH state classes in plain
 * loops on one thread, after a warm-up, and prints the median and minimum over 11 rounds of the
 * client thread's CPU microseconds per call, and the median wall time for comparison. The server's
 * work runs in its own process and is not part of the client thread's CPU time, so for {@code
 * analyze_plan} the CPU figure is the client side (driver, import, min cut, embeddings), and the
 * wrapper's overhead per statement is the CPU difference wrapped − plain.
 *
 * <p>Run (from the repository root, after {@code ./mvnw -B -pl benchmarks -am package -DskipTests};
 * PostgreSQL at {@code NEURALDAG_PG_URL}):
 *
 * <pre>{@code
 * java -cp benchmarks/target/benchmarks.jar io.neuraldag.benchmarks.PostgresCpuTimes
 * }</pre>
 */
public final class PostgresCpuTimes {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final int ROUNDS = 11;

    /** A measured operation. */
    @FunctionalInterface
    interface Op {
        long run() throws Exception;
    }

    private PostgresCpuTimes() {}

    /**
     * Runs every measurement and prints one line each.
     *
     * @param args not used
     * @throws Exception on a server error
     */
    public static void main(String[] args) throws Exception {
        System.out.println(
                "operation | median CPU µs/call | min CPU µs/call | median wall µs/call | median learner-thread CPU µs/call");
        for (String sql : new String[] {"SELECT pg_sleep(0.001)", "SELECT 1"}) {
            for (String path : new String[] {"plain", "wrapped", "wrapped-sync"}) {
                PostgresCaptureBenchmark b = new PostgresCaptureBenchmark();
                b.path = path;
                b.sql = sql;
                b.open();
                try {
                    report("execute " + path + ", " + sql, 300, b::execute);
                } finally {
                    b.close();
                }
            }
        }
        PlanImportBenchmark imp = new PlanImportBenchmark();
        imp.read();
        report("import of one bundled plan (mean of 24)", 200, 24, imp::importAll);
        PostgresAnalyzePlanBenchmark a = new PostgresAnalyzePlanBenchmark();
        a.open();
        try {
            report("analyze_plan end to end", 100, () -> a.analyzePlan().size());
            report("EXPLAIN only (server part)", 100, a::explainOnly);
        } finally {
            a.close();
        }
    }

    private static void report(String name, int calls, Op op) throws Exception {
        report(name, calls, 1, op);
    }

    /* ops: operations per call of op (the figures are per operation). */
    private static void report(String name, int calls, int ops, Op op) throws Exception {
        long sink = 0;
        for (int i = 0; i < calls * 3; i++) {
            sink += op.run();
        }
        double[] cpu = new double[ROUNDS];
        double[] wall = new double[ROUNDS];
        double[] learner = new double[ROUNDS];
        for (int r = 0; r < ROUNDS; r++) {
            long l0 = learnerCpu();
            long c0 = THREADS.getCurrentThreadCpuTime();
            long w0 = System.nanoTime();
            for (int i = 0; i < calls; i++) {
                sink += op.run();
            }
            wall[r] = (System.nanoTime() - w0) / 1e3 / calls / ops;
            cpu[r] = (THREADS.getCurrentThreadCpuTime() - c0) / 1e3 / calls / ops;
            learner[r] = Math.max(0, learnerCpu() - l0) / 1e3 / calls / ops;
        }
        Arrays.sort(cpu);
        Arrays.sort(wall);
        Arrays.sort(learner);
        System.out.printf(
                Locale.ROOT,
                "%s | %.1f | %.1f | %.1f | %.1f%s%n",
                name,
                cpu[ROUNDS / 2],
                cpu[0],
                wall[ROUNDS / 2],
                learner[ROUNDS / 2],
                sink == Long.MIN_VALUE ? " " : "");
    }

    /* CPU time of the live learner threads (NeuralDagDataSource's "neural-dag-learner"), ns. */
    private static long learnerCpu() {
        long sum = 0;
        for (ThreadInfo t : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (t != null && t.getThreadName().equals("neural-dag-learner")) {
                long c = THREADS.getThreadCpuTime(t.getThreadId());
                sum += Math.max(0, c);
            }
        }
        return sum;
    }
}
