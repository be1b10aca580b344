import java.io.File;
import java.lang.management.ManagementFactory;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * Same-process old-vs-new thread CPU time: args = loopDir oldClassPath newClassPath rounds op...
 * (class paths separated by ':'); each round runs one batch of each op for old and new,
 * alternating which goes first. Prints median (min) per-call CPU µs and allocated bytes per call.
 */
public class BinHarness {
    @SuppressWarnings("unchecked")
    static ToLongFunction<String> load(String loopDir, String cp) throws Exception {
        List<URL> urls = new ArrayList<>();
        urls.add(new File(loopDir).toURI().toURL());
        for (String p : cp.split(":")) urls.add(new File(p).toURI().toURL());
        URLClassLoader l = new URLClassLoader(urls.toArray(new URL[0]), ClassLoader.getPlatformClassLoader());
        return (ToLongFunction<String>) l.loadClass("BinLoop").getConstructor().newInstance();
    }

    public static void main(String[] a) throws Exception {
        ToLongFunction<String> oldL = load(a[0], a[1]);
        ToLongFunction<String> newL = load(a[0], a[2]);
        int rounds = Integer.parseInt(a[3]);
        String[] ops = Arrays.copyOfRange(a, 4, a.length);
        int reps = Integer.getInteger("reps", 2000);
        int warm = Integer.getInteger("warm", 5);
        var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().threadId();
        double[][][] t = new double[ops.length][2][rounds];
        double[][] alloc = new double[ops.length][2];
        long sink = 0;
        for (int r = -warm; r < rounds; r++) {
            for (int o = 0; o < ops.length; o++) {
                int per = ops[o].endsWith("Json") ? reps / 10 : reps;
                for (int s = 0; s < 2; s++) {
                    int which = ((r & 1) == 0) ? s : 1 - s;
                    ToLongFunction<String> f = which == 0 ? oldL : newL;
                    long b0 = mx.getThreadAllocatedBytes(tid);
                    long c0 = mx.getCurrentThreadCpuTime();
                    sink += f.applyAsLong(ops[o]);
                    long c1 = mx.getCurrentThreadCpuTime();
                    long b1 = mx.getThreadAllocatedBytes(tid);
                    if (r >= 0) {
                        t[o][which][r] = (c1 - c0) / 1e3 / per;
                        alloc[o][which] = (double) (b1 - b0) / per;
                    }
                }
            }
        }
        System.out.println("sink " + sink);
        System.out.printf("%-10s %22s %22s %8s %14s %14s%n", "op", "old med (min) us", "new med (min) us", "ratio", "old B/call", "new B/call");
        for (int o = 0; o < ops.length; o++) {
            double[] od = t[o][0].clone(), nd = t[o][1].clone();
            Arrays.sort(od); Arrays.sort(nd);
            double om = med(od), nm = med(nd);
            System.out.printf("%-10s %14.2f (%5.2f) %14.2f (%5.2f) %8.2f %14.0f %14.0f%n", ops[o], om, od[0], nm, nd[0], om / nm, alloc[o][0], alloc[o][1]);
        }
    }

    static double med(double[] s) {
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }
}
