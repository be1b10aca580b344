package io.neuraldag.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * CPU time of the dag-qudag benchmarks' operations, a companion to their JMH wall-clock figures
 * on a shared machine: wall time per call grows with the run queue, the CPU time the call consumes
 * does not. It drives the same JMH state classes (same data, same seeds) in plain loops after a
 * warm-up and prints, per operation, the median and minimum over 9 rounds of the CPU time per call.
 *
 * <p>The crypto, envelope and in-memory finality operations run on the calling thread, so their
 * figure is that thread's CPU time ({@link ThreadMXBean#getCurrentThreadCpuTime()}). The loopback
 * round trip spreads its work over the client's and the server's I/O threads, so its figure is the
 * whole process's CPU time per call ({@code com.sun.management.OperatingSystemMXBean}); that also
 * counts the JIT and GC threads, an upper bound on the request's own work.
 *
 * <p>Run (from the repository root, after {@code ./mvnw -B -pl benchmarks -am package -DskipTests}):
 *
 * <pre>{@code
 * java -cp benchmarks/target/benchmarks.jar io.neuraldag.benchmarks.QudagCpuTimes
 * }</pre>
 */
public final class QudagCpuTimes {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final int ROUNDS = 9;

    private QudagCpuTimes() {}

    /**
     * Runs every measurement and prints one line each.
     *
     * @param args ignored
     * @throws Exception if a provider is missing (JDK 23 or older) or an operation fails
     */
    public static void main(String[] args) throws Exception {
        System.out.println("operation | median CPU per call | min CPU per call | clock");
        QudagPqcBenchmark pqc = new QudagPqcBenchmark();
        pqc.setUp();
        try {
            thread("ML-KEM-768 keygen, BC", 40, pqc::bcKemKeygen);
            thread("ML-KEM-768 keygen, JDK", 40, pqc::jdkKemKeygen);
            thread("ML-KEM-768 encaps, BC", 40, pqc::bcKemEncaps);
            thread("ML-KEM-768 encaps, JDK", 40, pqc::jdkKemEncaps);
            thread("ML-KEM-768 decaps, BC", 40, pqc::bcKemDecaps);
            thread("ML-KEM-768 decaps, JDK", 40, pqc::jdkKemDecaps);
            thread("ML-DSA-65 keygen, BC", 20, pqc::bcDsaKeygen);
            thread("ML-DSA-65 keygen, JDK", 20, pqc::jdkDsaKeygen);
            thread("ML-DSA-65 sign 1 KiB, BC", 20, pqc::bcDsaSign);
            thread("ML-DSA-65 sign 1 KiB, JDK", 20, pqc::jdkDsaSign);
            thread("ML-DSA-65 verify 1 KiB, BC", 40, pqc::bcDsaVerify);
            thread("ML-DSA-65 verify 1 KiB, JDK", 40, pqc::jdkDsaVerify);
        } finally {
            pqc.tearDown();
        }
        QudagEnvelopeBenchmark envelope = new QudagEnvelopeBenchmark();
        envelope.setUp();
        try {
            thread("envelope seal, 256 floats", 40, envelope::seal);
            thread("envelope open", 40, envelope::open);
        } finally {
            envelope.tearDown();
        }
        for (String faults : new String[] {"none", "byzantine2"}) {
            QudagFinalityBenchmark finality = new QudagFinalityBenchmark();
            finality.faults = faults;
            finality.setUp();
            QudagFinalityBenchmark.Rounds counters = new QudagFinalityBenchmark.Rounds();
            thread("7-node finality (" + faults + "), per proposal", 2, () -> finality.proposalToFinality(counters));
        }
        QudagSocketRoundTripBenchmark socket = new QudagSocketRoundTripBenchmark();
        socket.setUp();
        try {
            process("loopback node.status round trip", 50, socket::status);
            process("loopback node.peers round trip", 50, socket::peers);
        } finally {
            socket.tearDown();
        }
    }

    private static void thread(String name, int callsPerRound, Callable<?> op) throws Exception {
        measure(name, callsPerRound, op, THREADS::getCurrentThreadCpuTime, "thread");
    }

    private static void process(String name, int callsPerRound, Callable<?> op) throws Exception {
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        measure(name, callsPerRound, op, os::getProcessCpuTime, "process");
    }

    private interface NanoClock {
        long now();
    }

    private static void measure(String name, int callsPerRound, Callable<?> op, NanoClock clock, String kind)
            throws Exception {
        long sink = 0;
        for (int i = 0; i < 3 * callsPerRound; i++) {
            sink += op.call().hashCode();
        }
        double[] perCall = new double[ROUNDS];
        for (int r = 0; r < ROUNDS; r++) {
            long t0 = clock.now();
            for (int i = 0; i < callsPerRound; i++) {
                sink += op.call().hashCode();
            }
            perCall[r] = (clock.now() - t0) / (double) callsPerRound;
        }
        double[] sorted = perCall.clone();
        Arrays.sort(sorted);
        System.out.printf(
                Locale.ROOT,
                "%s | %s | %s | %s%s%n",
                name,
                format(sorted[sorted.length / 2]),
                format(sorted[0]),
                kind,
                sink == 42 ? " " : "");
    }

    private static String format(double ns) {
        if (ns >= 1e6) {
            return String.format(Locale.ROOT, "%.2f ms", ns / 1e6);
        }
        return String.format(Locale.ROOT, "%.1f µs", ns / 1e3);
    }
}
