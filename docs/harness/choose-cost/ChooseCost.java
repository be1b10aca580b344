import io.neuraldag.postgres.HintAdvisor;
import io.neuraldag.postgres.HintArm;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

/*
 * Wall time of a HintAdvisor.choose() that plans nothing (no EXPLAIN: the instance's default latency
 * is far below the planning cost), on corr-bench's skewed_fk text and its fast instances. Six rounds
 * of a fresh advisor and 300 calls each (observe after each, retrain every 25); the first 60 calls
 * of a round run the query and plan, the rest are timed. With "between", each call also runs the
 * query on the database before the next choose(), as corr-bench does. Prints the median of the
 * round medians (rounds 2-6).
 *
 * Needs corr-bench's schema (run `bin/neural-dag bench corr --scale full ...` once) and the CLI jar:
 *   javac -cp dag-cli/target/neural-dag.jar -d /tmp/cc docs/harness/choose-cost/ChooseCost.java
 *   java -cp dag-cli/target/neural-dag.jar:/tmp/cc ChooseCost between [jdbc-url]
 */
public class ChooseCost {
    public static void main(String[] args) throws Exception {
        boolean between = args.length > 0 && args[0].equals("between");
        String url = args.length > 1 ? args[1] : "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";
        String sql = "SELECT s.s_carrier, count(*), sum(o.o_total) FROM corrbench.customers c JOIN corrbench.orders o"
                + " ON o.o_cust = c.c_id JOIN corrbench.shipments s ON s.s_order = o.o_id"
                + " WHERE c.c_id BETWEEN ? AND ? GROUP BY s.s_carrier ORDER BY 1";
        List<Double> medians = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url)) {
            for (int round = 0; round < 6; round++) {
                HintAdvisor advisor = HintAdvisor.builder()
                        .arms(HintArm.plannerArms())
                        .seed(round)
                        .build();
                SplittableRandom r = new SplittableRandom(3 + round);
                List<Long> times = new ArrayList<>();
                for (int i = 0; i < 300; i++) {
                    int lo = 20000 + r.nextInt(40000);
                    List<Object> binds = List.of(lo, lo + 4);
                    long t0 = System.nanoTime();
                    HintAdvisor.Choice choice = advisor.choose(c, "skewed", sql, binds);
                    long dt = System.nanoTime() - t0;
                    if (i > 60 && choice.candidates().isEmpty()) {
                        times.add(dt);
                    }
                    double ms = 1.0;
                    if (between || i < 60) {
                        long e0 = System.nanoTime();
                        try (PreparedStatement ps = c.prepareStatement(sql)) {
                            ps.setObject(1, lo);
                            ps.setObject(2, lo + 4);
                            try (ResultSet rs = ps.executeQuery()) {
                                while (rs.next()) {
                                    // drain
                                }
                            }
                        }
                        ms = (System.nanoTime() - e0) / 1e6;
                    }
                    advisor.observe(choice, ms, false);
                    if ((i + 1) % 25 == 0) {
                        advisor.retrain();
                    }
                }
                Collections.sort(times);
                if (round > 0 && !times.isEmpty()) {
                    medians.add(times.get(times.size() / 2) / 1e3);
                }
            }
        }
        Collections.sort(medians);
        System.out.println((between ? "query between calls" : "no query between calls")
                + ": median of round medians " + medians.get(medians.size() / 2) + " us, rounds " + medians);
    }
}
