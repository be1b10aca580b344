package io.neuraldag.attention;

import io.neuraldag.core.DagSnapshot;
import io.neuraldag.core.Fingerprint;
import io.neuraldag.core.QueryDag;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/*
 * TemporalBTSP attention, spec 01 §3.7: behavioral-timescale synaptic plasticity as one-shot
 * credit assignment from execution feedback.
 *
 * Each node of each plan has an eligibility trace e_v ∈ [0, 1] and possibly an open plateau.
 *
 * Scores. Base b_v = 0.5·min(cost/costScale, 1) + 0.5·min(rows/rowsScale, 1), or 0.5 when both
 * estimates are 0. Then
 *     s_v = b_v · (1 + e_v) · (plateau open ? plateauBoost : 1) · (coincident ? coincidenceBoost : 1),
 * where coincident means |t_v - t_ref| < coincidenceMs (both times present; t_ref is the latest
 * sink start time in structural mode and t_q in content mode), and w = softmax(s/T). Content mode
 * adds c(q, v) to s_v/T over M(q).
 *
 * Learning, update(dag, a) per reported node:
 *     ρ = a_v / max(cost_v·costToMs, 0.001);   r = 1 - ρ if ρ < 1 else -min(ρ - 1, 1);
 *     e ← clamp(δ·e + rate·r, 0, 1);   r > plateauThreshold opens a plateau until now + plateauMs.
 * Unreported nodes of that plan decay, e ← δ·e. A faster-than-estimated operator (positive
 * surprise) is thus credited at once, and the credit fades over about 1/(1-δ) ≈ 20 feedbacks.
 *
 * State is keyed by (structural fingerprint, node index); the index is the rank of the id, which
 * the structural fingerprint fixes, so equal fingerprints mean equal index layouts. Plans are kept
 * in an access-ordered map bounded by btspMaxPlans (least recently used plan dropped). The clock is
 * injected (plateau times are clock milliseconds; a plateau is open while now < until). All state
 * access holds the instance lock; forward copies what it needs and computes outside it.
 *
 * One-shot memory (config btspMemory, off by default; BtspMemory holds the details): after the
 * structural softmax, a result with normalized entropy H(w)/ln n < btspMemoryEntropy (n >= 2) is
 * stored under (structural fingerprint, plan vector) and returned; a result at or above the
 * threshold is replaced by the stored weights of the most similar pattern of the same structure
 * (equal node count, plan-vector cosine >= btspMemoryCosine), if any. The live result comes first
 * so that feedback keeps working: recalling before computing would freeze a plan's attention at
 * its first confident pattern and make update() useless for it. The memory thus answers for
 * plans whose traces have faded or that have not run yet, with the confident attention a similar
 * plan of the same shape once had. The plan vector and the entropy are computed outside the lock;
 * the memory is read and written under it. Content mode neither reads nor writes the memory: its
 * weights depend on the query and the embeddings, which the plan vector does not capture.
 * Metadata "memory" is "stored", "recalled" or "miss" (and "entropy" the normalized entropy of
 * the live result) when the memory is on; nothing changes when it is off.
 *
 * stateful() is true: scores depend on traces that configHash() does not capture, so the cache
 * bypasses this mechanism.
 */
final class TemporalBtspAttention extends AbstractAttention {
    private static final long NO_PLATEAU = Long.MIN_VALUE;

    /** Traces of one plan, by snapshot index. */
    private static final class PlanTraces {
        final double[] trace;
        final long[] plateauUntil;

        PlanTraces(int n) {
            trace = new double[n];
            plateauUntil = new long[n];
            Arrays.fill(plateauUntil, NO_PLATEAU);
        }
    }

    private final InstantSource clock;
    private final long hash;
    private final LinkedHashMap<Fingerprint, PlanTraces> plans;
    private final @Nullable BtspMemory memory;

    TemporalBtspAttention(AttentionConfig config, InstantSource clock) {
        super(config);
        this.clock = clock;
        long h = seed();
        h = Hashing.mixDouble(h, config.btspDecay());
        h = Hashing.mixDouble(h, config.btspLearningRate());
        h = Hashing.mixDouble(h, config.btspPlateauThreshold());
        h = Hashing.mix(h, config.btspPlateauMs());
        h = Hashing.mixDouble(h, config.btspPlateauBoost());
        h = Hashing.mixDouble(h, config.btspCoincidenceMs());
        h = Hashing.mixDouble(h, config.btspCoincidenceBoost());
        h = Hashing.mixDouble(h, config.btspTemperature());
        h = Hashing.mixDouble(h, config.btspCostScale());
        h = Hashing.mixDouble(h, config.btspRowsScale());
        h = Hashing.mixDouble(h, config.btspCostToMs());
        if (config.btspMemory()) {
            h = Hashing.mix(h, config.btspMemoryCapacity());
            h = Hashing.mixDouble(h, config.btspMemoryEntropy());
            h = Hashing.mixDouble(h, config.btspMemoryCosine());
        }
        this.hash = mixContent(h);
        this.memory =
                config.btspMemory() ? new BtspMemory(config.btspMemoryCapacity(), config.btspMemoryCosine()) : null;
        int max = config.btspMaxPlans();
        this.plans = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Fingerprint, PlanTraces> eldest) {
                return size() > max;
            }
        };
    }

    @Override
    public AttentionKind kind() {
        return AttentionKind.TEMPORAL_BTSP;
    }

    @Override
    public long configHash() {
        return hash;
    }

    @Override
    public boolean stateful() {
        return true;
    }

    /**
     * Per-node multiplier (1 + e)·(plateau ? boost : 1) and the traces, read under the lock.
     * Returns {factor, trace}.
     */
    private double[][] learned(QueryDag dag, int n) {
        double[] factor = new double[n];
        double[] trace = new double[n];
        Arrays.fill(factor, 1.0);
        synchronized (this) {
            if (plans.isEmpty()) {
                // no feedback yet: no plan has traces, so the key (the structural fingerprint,
                // a SHA-256 over the whole plan) is not needed to know that this one has none
                return new double[][] {factor, trace};
            }
        }
        Fingerprint fp = dag.structuralFingerprint();
        long now = clock.millis();
        double boost = config.btspPlateauBoost();
        synchronized (this) {
            PlanTraces t = plans.get(fp);
            if (t != null) {
                for (int v = 0; v < n; v++) {
                    double e = t.trace[v];
                    trace[v] = e;
                    factor[v] = (1 + e) * (now < t.plateauUntil[v] ? boost : 1.0);
                }
            }
        }
        return new double[][] {factor, trace};
    }

    private double base(DagSnapshot s, int v) {
        double cost = s.estimatedCost(v);
        double rows = s.estimatedRows(v);
        if (cost == 0.0 && rows == 0.0) {
            return 0.5;
        }
        return 0.5 * Math.min(cost / config.btspCostScale(), 1.0) + 0.5 * Math.min(rows / config.btspRowsScale(), 1.0);
    }

    /** s_v / T for every node (coincidence against tRef, NaN = none). */
    private double[] logits(DagSnapshot s, double[] factor, double tRef) {
        int n = s.size();
        double invT = 1.0 / config.btspTemperature();
        double window = config.btspCoincidenceMs();
        double coincidence = config.btspCoincidenceBoost();
        boolean timed = !Double.isNaN(tRef);
        double[] z = new double[n];
        for (int v = 0; v < n; v++) {
            double x = base(s, v) * factor[v];
            if (timed) {
                double t = Support.startTime(s, v);
                if (Math.abs(t - tRef) < window) {
                    x *= coincidence;
                }
            }
            z[v] = x * invT;
        }
        return z;
    }

    @Override
    AttentionScores structural(QueryDag dag, DagSnapshot s) {
        double[][] l = learned(dag, s.size());
        double[] z = logits(s, l[0], Support.latestSinkStart(s));
        Support.softmax(z);
        Map<String, String> meta = new HashMap<>();
        meta.put("mode", "structural");
        meta.put("temperature", Support.num(config.btspTemperature()));
        BtspMemory m = memory;
        double[] w = m == null ? z : remember(m, dag, s, z, meta);
        return Support.scores(kind(), s, w, meta, Map.of("trace", l[1]), null);
    }

    /** Stores a confident result or recalls a similar plan's weights for an unconfident one. */
    private double[] remember(BtspMemory m, QueryDag dag, DagSnapshot s, double[] w, Map<String, String> meta) {
        double h = BtspMemory.normalizedEntropy(w);
        if (Double.isNaN(h)) {
            meta.put("memory", "miss");
            return w;
        }
        meta.put("entropy", Support.num(h));
        Fingerprint fp = dag.structuralFingerprint();
        double[] v = s.planVector();
        if (h < config.btspMemoryEntropy()) {
            synchronized (this) {
                m.store(fp, v, w);
            }
            meta.put("memory", "stored");
            return w;
        }
        double[] recalled;
        synchronized (this) {
            recalled = m.recall(fp, w.length, v);
        }
        meta.put("memory", recalled == null ? "miss" : "recalled");
        return recalled == null ? w : recalled;
    }

    @Override
    AttentionScores content(QueryDag dag, DagSnapshot s, ContentInput in) {
        int n = s.size();
        double[][] l = learned(dag, n);
        double[] z = logits(s, l[0], Support.startTime(s, in.query));
        int[] dist = Support.hopsTo(s, in.query, Integer.MAX_VALUE);
        for (int v = 0; v < n; v++) {
            z[v] = dist[v] >= 0 ? z[v] + in.score(v) : Support.NEG_INF;
        }
        Support.softmax(z);
        Map<String, String> meta = new HashMap<>();
        in.describe(meta);
        meta.put("temperature", Support.num(config.btspTemperature()));
        return Support.scores(kind(), s, z, meta, Map.of("trace", l[1]), in.aggregate(z));
    }

    @Override
    public void update(QueryDag dag, Map<Integer, Double> actualTimeMs) {
        DagSnapshot s = dag.snapshot();
        double[] a = Support.reportedTimes(s, actualTimeMs);
        int n = s.size();
        if (n == 0) {
            return;
        }
        Fingerprint fp = dag.structuralFingerprint();
        long now = clock.millis();
        double decay = config.btspDecay();
        double rate = config.btspLearningRate();
        double threshold = config.btspPlateauThreshold();
        long until = saturatedAdd(now, config.btspPlateauMs());
        double costToMs = config.btspCostToMs();
        synchronized (this) {
            PlanTraces t = plans.computeIfAbsent(fp, k -> new PlanTraces(n));
            for (int v = 0; v < n; v++) {
                if (Double.isNaN(a[v])) {
                    t.trace[v] = decay * t.trace[v];
                    continue;
                }
                double rho = a[v] / Math.max(s.estimatedCost(v) * costToMs, 0.001);
                double r = rho < 1 ? 1 - rho : -Math.min(rho - 1, 1);
                t.trace[v] = Math.max(0.0, Math.min(1.0, decay * t.trace[v] + rate * r));
                if (r > threshold) {
                    t.plateauUntil[v] = until;
                }
            }
        }
    }

    private static long saturatedAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
    }

    /** The largest trace of a plan (0 when it has none); for the policy's temporal rule. */
    double maxTrace(QueryDag dag) {
        if (dag.isEmpty()) {
            return 0.0;
        }
        Fingerprint fp = dag.structuralFingerprint();
        synchronized (this) {
            PlanTraces t = plans.get(fp);
            if (t == null) {
                return 0.0;
            }
            double m = 0;
            for (double e : t.trace) {
                m = Math.max(m, e);
            }
            return m;
        }
    }

    /** Number of plans with traces. */
    synchronized int trackedPlans() {
        return plans.size();
    }

    /** Number of patterns in the one-shot memory (0 when it is off). */
    synchronized int memorySize() {
        BtspMemory m = memory;
        return m == null ? 0 : m.size();
    }

    @Override
    public synchronized void reset() {
        plans.clear();
        BtspMemory m = memory;
        if (m != null) {
            m.clear();
        }
    }
}
