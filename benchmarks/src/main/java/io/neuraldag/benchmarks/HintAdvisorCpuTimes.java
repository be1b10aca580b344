package io.neuraldag.benchmarks;

import io.neuraldag.postgres.HintAdvisor;
import io.neuraldag.postgres.HintArm;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * CPU cost of the hint advisor on a real PostgreSQL, measured independently of machine load:
 *
 * <ul>
 *   <li>{@code choose()}: the client thread's CPU time (ThreadMXBean) and the server backend's CPU
 *       time ({@code utime + stime} of the backend process from {@code /proc/<pid>/stat}, so the
 *       server must run on the same host), per call and per arm, over 200 calls on a two-table join
 *       with five planner arms; the wall time is printed too, for reference only.
 *   <li>{@code retrain()}: the client thread's CPU time at 500 and 2000 observations (ten members).
 *   <li>a long-lived advisor (ten templates, every arm planned, random arms observed):
 *       {@code retrain()} CPU, the heap after a full GC, the client CPU and wall time of {@code
 *       choose()} and the CPU time of {@code observe()}, at 2 000, 20 000, 100 000 and 300 000
 *       observations.
 * </ul>
 *
 * <p>Run (from the repository root, after {@code ./mvnw -B -pl benchmarks -am package -DskipTests};
 * {@code NEURALDAG_PG_URL} defaults to {@code jdbc:postgresql://127.0.0.1:5432/test}, user {@code
 * postgres}):
 *
 * <pre>{@code
 * java -cp benchmarks/target/benchmarks.jar io.neuraldag.benchmarks.HintAdvisorCpuTimes
 * }</pre>
 */
public final class HintAdvisorCpuTimes {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private HintAdvisorCpuTimes() {}

    /**
     * Runs the measurements and prints one line each.
     *
     * @param args ignored
     * @throws Exception on a database failure
     */
    public static void main(String[] args) throws Exception {
        String url = System.getenv().getOrDefault("NEURALDAG_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test");
        String user = System.getenv().getOrDefault("NEURALDAG_PG_USER", "postgres");
        try (Connection c = DriverManager.getConnection(url, user, System.getenv("NEURALDAG_PG_PASSWORD"))) {
            try (Statement st = c.createStatement()) {
                st.execute("CREATE TEMP TABLE ha (id int PRIMARY KEY, x int NOT NULL)");
                st.execute("CREATE TEMP TABLE hb (id int PRIMARY KEY, a_id int NOT NULL, v int NOT NULL)");
                st.execute("INSERT INTO ha SELECT g, g % 100 FROM generate_series(1, 2000) g");
                st.execute("INSERT INTO hb SELECT g, 1 + g % 2000, g % 7 FROM generate_series(1, 20000) g");
                st.execute("CREATE INDEX ON hb (a_id)");
                st.execute("ANALYZE ha");
                st.execute("ANALYZE hb");
            }
            long pid;
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT pg_backend_pid()")) {
                rs.next();
                pid = rs.getLong(1);
            }
            String sql = "SELECT a.id, b.v FROM ha a JOIN hb b ON b.a_id = a.id WHERE a.x < ? ORDER BY a.id";
            HintAdvisor advisor = HintAdvisor.builder().seed(1).build();
            int arms = advisor.arms().size();
            List<HintAdvisor.Choice> pool = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                pool.add(advisor.choose(c, "join", sql, List.of(1 + i * 2)));
            }
            int calls = 200;
            long cpu0 = THREADS.getCurrentThreadCpuTime();
            long srv0 = backendCpuNanos(pid);
            long wall0 = System.nanoTime();
            for (int i = 0; i < calls; i++) {
                advisor.choose(c, "join", sql, List.of(1 + (i % 50) * 2));
            }
            double wall = (System.nanoTime() - wall0) / (double) calls;
            double client = (THREADS.getCurrentThreadCpuTime() - cpu0) / (double) calls;
            double server = (backendCpuNanos(pid) - srv0) / (double) calls;
            System.out.printf(
                    Locale.ROOT,
                    "choose(), %d arms: client CPU %s/call (%s/arm), server CPU %s/call (%s/arm), wall %s/call%n",
                    arms,
                    format(client),
                    format(client / arms),
                    format(server),
                    format(server / arms),
                    format(wall));
            SplittableRandom r = new SplittableRandom(7);
            for (int target : new int[] {500, 2000}) {
                while (advisor.observations() < target) {
                    HintAdvisor.Choice ch = pool.get(r.nextInt(pool.size()));
                    advisor.observe(ch, 1 + 50 * r.nextDouble(), false);
                }
                advisor.retrain(); // warm-up
                double[] cpu = retrainCpu(advisor, 7);
                System.out.printf(
                        Locale.ROOT,
                        "retrain() at %d samples: median CPU %s, min %s%n",
                        target,
                        format(cpu[cpu.length / 2]),
                        format(cpu[0]));
            }
            longLived(c, sql);
        }
    }

    /*
     * A long-lived advisor: ten templates, every arm planned, each observation of a random arm with a
     * latency that depends on the arm and the bind value; retrain() CPU and the heap after a full GC
     * at growing numbers of observations.
     */
    private static void longLived(Connection c, String sql) throws Exception {
        HintAdvisor advisor = HintAdvisor.builder().seed(3).planEveryArm(true).build();
        List<HintArm> arms = advisor.arms();
        List<HintAdvisor.Choice> pool = new ArrayList<>();
        for (int t = 0; t < 10; t++) {
            for (int b = 0; b < 20; b++) {
                pool.add(advisor.choose(c, "join" + t, sql, List.of(1 + b * 5)));
            }
        }
        SplittableRandom r = new SplittableRandom(11);
        long observed = 0;
        for (int target : new int[] {2_000, 20_000, 100_000, 300_000}) {
            long observeCpu = 0;
            long segment = target - observed;
            while (observed < target) {
                HintAdvisor.Choice ch = pool.get(r.nextInt(pool.size()));
                int a = r.nextInt(arms.size());
                int bind = (Integer) ch.binds().get(0);
                double ms = (1 + bind % 7) * (1 + a) * (0.8 + 0.4 * r.nextDouble());
                long o0 = THREADS.getCurrentThreadCpuTime();
                advisor.observe(
                        new HintAdvisor.Choice(
                                ch.templateId(),
                                arms.get(a),
                                Double.NaN,
                                ch.candidates(),
                                ch.planningNanos(),
                                ch.guarded(),
                                ch.binds()),
                        ms,
                        false);
                observeCpu += THREADS.getCurrentThreadCpuTime() - o0;
                observed++;
                if (observed % 5_000 == 0) {
                    advisor.retrain();
                }
            }
            double[] cpu = retrainCpu(advisor, 5);
            // choose() (every arm planned) with the instance memory as it is now
            int calls = 200;
            long cpu0 = THREADS.getCurrentThreadCpuTime();
            long wall0 = System.nanoTime();
            for (int i = 0; i < calls; i++) {
                HintAdvisor.Choice ch = pool.get(i % pool.size());
                advisor.choose(c, ch.templateId(), sql, ch.binds());
            }
            double chooseCpu = (THREADS.getCurrentThreadCpuTime() - cpu0) / (double) calls;
            double chooseWall = (System.nanoTime() - wall0) / (double) calls;
            System.gc();
            Runtime rt = Runtime.getRuntime();
            double heapMiB = (rt.totalMemory() - rt.freeMemory()) / (1024.0 * 1024.0);
            System.out.printf(
                    Locale.ROOT,
                    "long-lived, %d observations (%d kept): retrain() median CPU %s, heap after GC %.1f MiB,"
                            + " choose() client CPU %s/call, wall %s/call, observe() CPU %s/call%n",
                    observed,
                    advisor.observations(),
                    format(cpu[cpu.length / 2]),
                    heapMiB,
                    format(chooseCpu),
                    format(chooseWall),
                    format(observeCpu / (double) segment));
        }
    }

    /* The thread CPU time of each of `times` retrains, sorted. */
    private static double[] retrainCpu(HintAdvisor advisor, int times) {
        double[] cpu = new double[times];
        for (int k = 0; k < times; k++) {
            long t0 = THREADS.getCurrentThreadCpuTime();
            advisor.retrain();
            cpu[k] = THREADS.getCurrentThreadCpuTime() - t0;
        }
        Arrays.sort(cpu);
        return cpu;
    }

    /** utime + stime of a local process, from /proc/PID/stat (clock ticks of 10 ms). */
    private static long backendCpuNanos(long pid) throws IOException {
        Path stat = Path.of("/proc", Long.toString(pid), "stat");
        if (!Files.exists(stat)) {
            return 0;
        }
        String s = Files.readString(stat);
        String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ", -1);
        long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
        return ticks * 10_000_000L;
    }

    private static String format(double ns) {
        if (ns >= 1e6) {
            return String.format(Locale.ROOT, "%.2f ms", ns / 1e6);
        }
        return String.format(Locale.ROOT, "%.1f µs", ns / 1e3);
    }
}
