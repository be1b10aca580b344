package io.neuraldag.bench;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/*
 * Bao's protocol on corr-bench.
 *
 * 1. Build the data set unless this scale and seed are already present; drop extended statistics.
 * 2. Warm up: read every table and run one instance of each template under default settings.
 * 3. Oracle: each distinct instance runs under default settings (warm-up and reference result), then
 *    under every other arm, then under default settings again; the oracle's latency is the smallest
 *    of these runs (the instance's pages are hot by then: an optimistic bound). A non-default arm
 *    runs under a timeout of 1.5 x the first default latency + 50 ms (slower, it could not be the
 *    oracle's pick), so slow arms do not dominate the run.
 * 4. Learned and vanilla: for each order a fresh chooser; the first bootstrapQueries queries run on
 *    the default arm, every query is observed, the chooser retrains every retrainEvery queries.
 *    Planning all arms is part of the learned time; retraining is reported separately. Each query
 *    also runs under default settings right before or right after the learned run (a seeded coin per
 *    query): that is the vanilla latency, measured under the same order, cache state and machine
 *    drift as the learned one.
 * 5. PG + statistics: CREATE STATISTICS (dependencies, mcv) on the correlated columns, ANALYZE, the
 *    first order's queries under default settings; then the statistics are dropped again.
 *
 * Every learned and statistics result is compared with the default-settings result (row hash).
 */
final class CorrRun {
    static final double QERROR_FLOOR_MILLIS = 0.1;
    private static final int MAX_LISTED_MISMATCHES = 10;

    private final Connection c;
    private final CorrBenchOptions o;
    private final List<Template> templates;
    private final Chooser.Factory factory;
    private final Progress progress;
    private final List<String> mismatches = new ArrayList<>();
    private long checks;
    private long mismatchCount;

    CorrRun(Connection c, CorrBenchOptions o, List<Template> templates, Chooser.Factory factory, Progress progress) {
        this.c = c;
        this.o = o;
        this.templates = List.copyOf(templates);
        this.factory = factory;
        this.progress = progress;
    }

    /* Per distinct instance: default result, per-arm latency (charged), and the statistics latency. */
    private static final class Measured {
        final Instance q;
        double vanillaCharged;
        double oracleCharged;
        /* charged latency under each arm, in Arm.plannerArms() order; a capped arm is NaN */
        double[] armMillis = new double[0];
        String oracleArm = "default";
        long refHash;
        boolean haveRef;

        Measured(Instance q) {
            this.q = q;
        }
    }

    CorrBenchReport run() throws SQLException {
        Exec.prepareSession(c);
        double genSeconds = 0;
        progress.update("generate", 0, 1);
        if (!CorrData.present(c, o.scale(), o.seed())) {
            genSeconds = CorrData.generate(c, o.scale(), o.seed()) / 1e9;
        } else if (hasExtendedStatistics()) {
            CorrData.dropStatistics(c);
        }
        progress.update("generate", 1, 1);
        Exec.prepareSession(c);

        List<Instance> queries = CorrTemplates.draw(templates, o.queries(), new SplittableRandom(o.seed()), o.scale());
        Map<String, Measured> distinct = new LinkedHashMap<>();
        for (Instance q : queries) {
            distinct.computeIfAbsent(q.key(), k -> new Measured(q));
        }
        int traps = (int) queries.stream().filter(Instance::trap).count();

        warm(queries);
        List<Arm> arms = Arm.plannerArms();
        measureArms(distinct, arms);

        List<CorrBenchReport.OrderTotals> totals = new ArrayList<>();
        List<List<Double>> learnedCum = new ArrayList<>();
        Map<String, List<Double>> learnedByTemplate = new HashMap<>();
        List<Double> qerrors = new ArrayList<>();
        List<CorrBenchReport.QueryTrace> trace = new ArrayList<>();
        List<Double> vanillaFirst = new ArrayList<>();
        List<Double> oracleFirst = new ArrayList<>();
        List<List<Instance>> orders = new ArrayList<>();
        for (int k = 0; k < o.orders(); k++) {
            List<Instance> perm = new ArrayList<>(queries);
            Collections.shuffle(perm, new java.util.Random(o.seed() * 1_000_003L + k));
            orders.add(perm);
        }
        double[] learnedTotal = new double[o.orders()];
        double[] planning = new double[o.orders()];
        double[] retrain = new double[o.orders()];
        int[] timeouts = new int[o.orders()];
        double[] vanillaTotals = new double[o.orders()];
        Map<String, List<Double>> vanillaByTemplate = new HashMap<>();
        Arm defaultArm = arms.get(0);
        for (int k = 0; k < o.orders(); k++) {
            List<Instance> perm = orders.get(k);
            Chooser chooser = factory.create(o.seed() + k, o.statementTimeoutMillis());
            List<Double> per = new ArrayList<>(perm.size());
            // vanilla runs interleaved with the learned ones, in the same order, the one or the other
            // first by a coin per query: both see the same cache state and the same machine drift
            SplittableRandom coin = new SplittableRandom(o.seed() * 1_000_033L + k);
            for (int i = 0; i < perm.size(); i++) {
                Instance q = perm.get(i);
                Measured m = measured(distinct, q);
                boolean vanillaBefore = coin.nextBoolean();
                double vanillaCharged = vanillaBefore ? runVanilla(m, defaultArm, k) : Double.NaN;
                long t0 = System.nanoTime();
                Chooser.Pick pick = chooser.choose(c, q, i < o.bootstrapQueries());
                double planMs = (System.nanoTime() - t0) / 1e6;
                Exec.Result r = Exec.run(c, q, pick.arm(), o.statementTimeoutMillis());
                chooser.observe(pick, r);
                double charged = charge(r);
                if (r.timedOut()) {
                    timeouts[k]++;
                }
                check(m, r, "learned order " + (k + 1) + " arm " + pick.arm().name());
                if (!vanillaBefore) {
                    vanillaCharged = runVanilla(m, defaultArm, k);
                }
                vanillaTotals[k] += vanillaCharged;
                vanillaByTemplate
                        .computeIfAbsent(q.templateId(), x -> new ArrayList<>())
                        .add(vanillaCharged);
                if (k == 0) {
                    vanillaFirst.add(vanillaCharged);
                }
                per.add(charged + planMs);
                trace.add(new CorrBenchReport.QueryTrace(
                        k + 1,
                        i + 1,
                        q.templateId(),
                        q.binds().toString(),
                        q.trap(),
                        pick.arm().name(),
                        planMs,
                        r.millis(),
                        r.timedOut(),
                        pick.predictedMillis(),
                        vanillaCharged,
                        m.oracleCharged,
                        m.oracleArm,
                        pick.guarded(),
                        vanillaBefore,
                        toList(m.armMillis),
                        predictions(arms, pick)));
                planning[k] += planMs;
                learnedTotal[k] += charged + planMs;
                learnedByTemplate
                        .computeIfAbsent(q.templateId(), x -> new ArrayList<>())
                        .add(charged + planMs);
                if (i >= o.bootstrapQueries() && !r.timedOut() && Double.isFinite(pick.predictedMillis())) {
                    qerrors.add(Stats.qError(pick.predictedMillis(), r.millis(), QERROR_FLOOR_MILLIS));
                }
                if ((i + 1) % o.retrainEvery() == 0) {
                    retrain[k] += chooser.retrain() / 1e6;
                }
                progress.update("learned " + (k + 1) + "/" + o.orders(), i + 1, perm.size());
            }
            learnedCum.add(Stats.cumulative(per));
        }

        List<Double> statsFirst = measureStatistics(distinct, orders.get(0));
        Map<String, List<Double>> statsByTemplate = new HashMap<>();
        for (int i = 0; i < orders.get(0).size(); i++) {
            Instance q = orders.get(0).get(i);
            oracleFirst.add(measured(distinct, q).oracleCharged);
            statsByTemplate
                    .computeIfAbsent(q.templateId(), x -> new ArrayList<>())
                    .add(statsFirst.get(i));
        }
        double oracleTotal = Stats.sum(oracleFirst);
        double statsTotal = Stats.sum(statsFirst);
        for (int k = 0; k < o.orders(); k++) {
            double vanillaTotal = vanillaTotals[k];
            totals.add(new CorrBenchReport.OrderTotals(
                    k + 1,
                    vanillaTotal,
                    statsTotal,
                    oracleTotal,
                    learnedTotal[k],
                    planning[k],
                    retrain[k],
                    timeouts[k],
                    learnedTotal[k] / vanillaTotal,
                    learnedTotal[k] / statsTotal,
                    learnedTotal[k] - oracleTotal,
                    learnedTotal[k] / oracleTotal));
        }

        List<CorrBenchReport.TemplateRow> rows = new ArrayList<>();
        for (Template t : templates) {
            List<Double> v = vanillaByTemplate.getOrDefault(t.id(), List.of());
            List<Double> s = statsByTemplate.getOrDefault(t.id(), List.of());
            List<Double> or = new ArrayList<>();
            for (Instance q : queries) {
                if (q.templateId().equals(t.id())) {
                    or.add(measured(distinct, q).oracleCharged);
                }
            }
            List<Double> l = learnedByTemplate.getOrDefault(t.id(), List.of());
            rows.add(new CorrBenchReport.TemplateRow(
                    t.id(),
                    t.isTrap(),
                    or.size(),
                    Stats.median(v),
                    Stats.median(s),
                    Stats.median(or),
                    Stats.median(l),
                    Stats.median(l) / Stats.median(v),
                    Stats.quantile(l, 0.95) / Stats.quantile(v, 0.95),
                    Stats.quantile(l, 0.99) / Stats.quantile(v, 0.99),
                    Stats.median(s) / Stats.median(v)));
        }
        CorrBenchReport.QError qe = new CorrBenchReport.QError(
                qerrors.size(), Stats.median(qerrors), Stats.quantile(qerrors, 0.9), Stats.quantile(qerrors, 0.99));
        return new CorrBenchReport(
                o,
                templates.size(),
                distinct.size(),
                traps,
                genSeconds,
                totals,
                rows,
                qe,
                checks,
                mismatchCount,
                mismatches,
                Stats.cumulative(vanillaFirst),
                Stats.cumulative(statsFirst),
                Stats.cumulative(oracleFirst),
                learnedCum,
                arms.stream().map(Arm::name).toList(),
                trace);
    }

    /* The pick's predicted latency of each arm, in the arms' order; NaN where it has none. */
    private static List<Double> predictions(List<Arm> arms, Chooser.Pick pick) {
        List<Double> out = new ArrayList<>(arms.size());
        for (Arm a : arms) {
            out.add(pick.predictions().getOrDefault(a.name(), Double.NaN));
        }
        return out;
    }

    private static List<Double> toList(double[] v) {
        List<Double> out = new ArrayList<>(v.length);
        for (double x : v) {
            out.add(x);
        }
        return out;
    }

    private static Measured measured(Map<String, Measured> distinct, Instance q) {
        Measured m = distinct.get(q.key());
        if (m == null) {
            throw new BenchException("instance not measured: " + q.key());
        }
        return m;
    }

    private double charge(Exec.Result r) {
        return r.timedOut() ? 2.0 * o.statementTimeoutMillis() : r.millis();
    }

    private void warm(List<Instance> queries) throws SQLException {
        CorrData.warm(c);
        Map<String, Instance> first = new LinkedHashMap<>();
        for (Instance q : queries) {
            first.putIfAbsent(q.templateId(), q);
        }
        int i = 0;
        for (Instance q : first.values()) {
            Exec.run(c, q, Arm.plannerArms().get(0), o.statementTimeoutMillis());
            progress.update("warm-up", ++i, first.size());
        }
    }

    private void measureArms(Map<String, Measured> distinct, List<Arm> arms) throws SQLException {
        int i = 0;
        for (Measured m : distinct.values()) {
            // first default run: warms the instance's pages and gives the reference result
            Exec.Result first = Exec.run(c, m.q, arms.get(0), o.statementTimeoutMillis());
            if (!first.timedOut()) {
                m.refHash = first.hash();
                m.haveRef = true;
            }
            long cap = first.timedOut()
                    ? o.statementTimeoutMillis()
                    : Math.min(o.statementTimeoutMillis(), (long) Math.ceil(first.millis() * 1.5) + 50);
            double best = Double.POSITIVE_INFINITY;
            String bestArm = arms.get(0).name();
            m.armMillis = new double[arms.size()];
            for (int a = 1; a < arms.size(); a++) {
                Exec.Result r = Exec.run(c, m.q, arms.get(a), cap);
                m.armMillis[a] = Double.NaN;
                if (!r.timedOut()) {
                    if (!m.haveRef) {
                        m.refHash = r.hash();
                        m.haveRef = true;
                    }
                    check(m, r, "oracle arm " + arms.get(a).name());
                    m.armMillis[a] = r.millis();
                    if (r.millis() < best) {
                        best = r.millis();
                        bestArm = arms.get(a).name();
                    }
                }
            }
            // the measured vanilla run
            Exec.Result vanilla = Exec.run(c, m.q, arms.get(0), o.statementTimeoutMillis());
            check(m, vanilla, "default settings, second run");
            m.vanillaCharged = charge(vanilla);
            m.armMillis[0] = m.vanillaCharged;
            m.oracleCharged = Math.min(best, m.vanillaCharged);
            m.oracleArm = best < m.vanillaCharged ? bestArm : arms.get(0).name();
            progress.update("vanilla + oracle", ++i, distinct.size());
        }
    }

    /* PG + statistics: the statistics created, the given order's queries run under default settings. */
    private List<Double> measureStatistics(Map<String, Measured> distinct, List<Instance> order) throws SQLException {
        progress.update("PG + statistics", 0, order.size());
        List<Double> out = new ArrayList<>(order.size());
        CorrData.createStatistics(c);
        try {
            Exec.prepareSession(c);
            int i = 0;
            Arm def = Arm.plannerArms().get(0);
            for (Instance q : order) {
                Measured m = measured(distinct, q);
                Exec.Result r = Exec.run(c, q, def, o.statementTimeoutMillis());
                out.add(charge(r));
                check(m, r, "PG + statistics");
                progress.update("PG + statistics", ++i, order.size());
            }
        } finally {
            CorrData.dropStatistics(c);
        }
        return out;
    }

    /* One vanilla run of a learned order: the default arm, checked against the reference result. */
    private double runVanilla(Measured m, Arm defaultArm, int order) throws SQLException {
        Exec.Result r = Exec.run(c, m.q, defaultArm, o.statementTimeoutMillis());
        check(m, r, "default settings, order " + (order + 1));
        return charge(r);
    }

    private void check(Measured m, Exec.Result r, String who) {
        if (r.timedOut() || !m.haveRef) {
            return;
        }
        checks++;
        if (r.hash() != m.refHash) {
            mismatchCount++;
            if (mismatches.size() < MAX_LISTED_MISMATCHES) {
                mismatches.add(String.format(Locale.ROOT, "%s %s under %s", m.q.templateId(), m.q.binds(), who));
            }
        }
    }

    private boolean hasExtendedStatistics() throws SQLException {
        try (java.sql.Statement st = c.createStatement();
                java.sql.ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_statistic_ext e JOIN pg_namespace n"
                        + " ON n.oid = e.stxnamespace WHERE n.nspname = '" + CorrData.SCHEMA + "'")) {
            rs.next();
            return rs.getLong(1) > 0;
        }
    }

    /* Which arm the oracle picked for an instance, for the evidence table. */
    static String describe(Template t) {
        return t.id() + (t.isTrap() ? " (trap): " : " (control): ") + t.why();
    }
}
