package io.neuraldag.bench;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/*
 * The TPC-H control: a sequence of rounds x 22 queries in a seeded random order; at each position the
 * query runs under default settings (PostgreSQL) and then under the learned chooser's arm, so load
 * drift on the machine affects both alike. Bootstrap and retraining as in corr-bench; one warm-up
 * run of every query first.
 */
final class TpchRun {
    private final Connection c;
    private final double sf;
    private final int rounds;
    private final long seed;
    private final long timeoutMillis;
    private final Chooser.Factory factory;
    private final Progress progress;

    TpchRun(
            Connection c,
            double sf,
            int rounds,
            long seed,
            long timeoutMillis,
            Chooser.Factory factory,
            Progress progress) {
        this.c = c;
        this.sf = sf;
        this.rounds = rounds;
        this.seed = seed;
        this.timeoutMillis = timeoutMillis;
        this.factory = factory;
        this.progress = progress;
    }

    TpchReport run(int bootstrap, int retrainEvery) throws SQLException {
        Exec.prepareSession(c);
        double load = 0;
        if (!Tpch.present(c, sf)) {
            load = Tpch.load(c, sf, progress) / 1e9;
        }
        Tpch.session(c);
        List<Tpch.Query> qs = Tpch.queries();
        Arm def = Arm.plannerArms().get(0);
        Map<String, Long> ref = new HashMap<>();
        int w = 0;
        for (Tpch.Query q : qs) {
            Exec.Result r = Exec.run(c, q.sql(), List.of(), def, timeoutMillis);
            if (!r.timedOut()) {
                ref.put(q.id(), r.hash());
            }
            progress.update("warm-up", ++w, qs.size());
        }
        List<Tpch.Query> seq = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            seq.addAll(qs);
        }
        Collections.shuffle(seq, new java.util.Random(seed));
        Chooser chooser = factory.create(seed, timeoutMillis);
        Map<String, List<Double>> v = new HashMap<>();
        Map<String, List<Double>> l = new HashMap<>();
        Map<String, Integer> nonDefault = new HashMap<>();
        double vt = 0;
        double lt = 0;
        double pt = 0;
        long checks = 0;
        long mismatches = 0;
        for (int i = 0; i < seq.size(); i++) {
            Tpch.Query q = seq.get(i);
            Instance inst = new Instance(q.id(), q.sql(), List.of(), false);
            Exec.Result rv = Exec.run(c, inst, def, timeoutMillis);
            double cv = rv.timedOut() ? 2.0 * timeoutMillis : rv.millis();
            long t0 = System.nanoTime();
            Chooser.Pick p = chooser.choose(c, inst, i < bootstrap);
            double plan = (System.nanoTime() - t0) / 1e6;
            Exec.Result rl = Exec.run(c, inst, p.arm(), timeoutMillis);
            chooser.observe(p, rl);
            double cl = (rl.timedOut() ? 2.0 * timeoutMillis : rl.millis()) + plan;
            Long h = ref.get(q.id());
            if (h != null && !rl.timedOut()) {
                checks++;
                if (rl.hash() != h) {
                    mismatches++;
                }
            }
            if (!p.arm().isDefault()) {
                nonDefault.merge(q.id(), 1, Integer::sum);
            }
            vt += cv;
            lt += cl;
            pt += plan;
            v.computeIfAbsent(q.id(), k -> new ArrayList<>()).add(cv);
            l.computeIfAbsent(q.id(), k -> new ArrayList<>()).add(cl);
            if ((i + 1) % retrainEvery == 0) {
                chooser.retrain();
            }
            progress.update("TPC-H", i + 1, seq.size());
        }
        List<TpchReport.QueryRow> rows = new ArrayList<>();
        for (Tpch.Query q : qs) {
            rows.add(new TpchReport.QueryRow(
                    q.id(),
                    Stats.median(v.getOrDefault(q.id(), List.of())),
                    Stats.median(l.getOrDefault(q.id(), List.of())),
                    nonDefault.getOrDefault(q.id(), 0)));
        }
        return new TpchReport(sf, rounds, seed, load, vt, lt, pt, lt / vt, checks, mismatches, rows);
    }
}
