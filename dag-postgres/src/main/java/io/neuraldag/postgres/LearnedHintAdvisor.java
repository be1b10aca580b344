package io.neuraldag.postgres;

import io.neuraldag.core.DagException;
import io.neuraldag.core.QueryDag;
import io.neuraldag.core.plan.AccessMethodResolver;
import io.neuraldag.core.plan.ImportedPlan;
import io.neuraldag.core.plan.PostgresPlans;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/*
 * The HintAdvisor behind HintAdvisor.builder(). See the interface for the contract.
 *
 * choose() = plan(connection) without the lock, then decide() under it. decide() is the whole
 * policy and needs no database, so the unit tests drive it with synthetic plans.
 *
 * State under `lock`: the observations (features, charged ln-latency), the per-(template, arm)
 * charged latencies of the guard, the templates chosen for, the q-errors and the Thompson random
 * stream. The fitted model is an immutable Fitted (the LatencyEnsemble and the per-template
 * intercepts) in a volatile field: retrain() copies the data under the lock, fits outside it, and
 * publishes the new model under it.
 *
 * Per-template intercepts: after the ensemble is fitted, b_t = Σ residuals of template t / (n_t +
 * INTERCEPT_PRIOR), the shrunk mean of ln(charged) − ensemble mean over t's observations, is added to
 * every prediction for t (a random-intercept term: templates whose plans look alike but run at other
 * speeds). The same b_t is added to every arm of a query, so it changes predictions, not choices.
 */
final class LearnedHintAdvisor implements HintAdvisor {
    static final String SAVEPOINT = "neural_dag_hint";
    static final int MAX_TEMPLATE_LENGTH = 200;
    static final double PLANNING_EWMA_ALPHA = 0.1;
    /* Pseudo-observations of residual 0 that shrink each template's intercept toward 0. */
    static final double INTERCEPT_PRIOR = 3.0;
    /* The guard's counterfactual default latency trusts a close default neighbour almost fully. */
    static final double GUARD_PRIOR_WEIGHT = 0.25;
    /* Total kernel weight from which the instance memory's default latency counts for planningPays
     * and replaces the template's median, and from which the default counts as measured near an
     * instance (baselineKnown). */
    static final double NEAR_WEIGHT = 0.05;
    static final double TRUST_WEIGHT = 1.0;
    /* The default's residual (ln) on an instance from which the model counts as wrong there (2 ×). */
    static final double UNDERESTIMATE = Math.log(2);
    /* An arm on trial whose charged latencies exceed the default's estimated latencies on the same
     * instances by more than this times the template's mean default latency is blocked before its
     * guardMinSamples trials are done. */
    static final double TRIAL_LOSS_BUDGET = 1.0;
    /* The expected relative gain of a win before any was seen (one pseudo-observation). */
    static final double PRIOR_GAIN = 0.5;
    /* planningPays plans the default arm alone (for the model's features) only while its EXPLAIN
     * costs at most this share of the instance's default latency. */
    static final double FEATURE_PLANNING_SHARE = 0.05;
    /* Instance-memory cells: residuals per plan shape, latencies per arm. */
    static final String PLAN_KEY = "plan:";
    static final String ARM_KEY = "arm:";
    /* checkText's memory of valid query texts: how many, and up to what length. */
    static final int CHECKED_TEXTS = 256;
    static final int CHECKED_TEXT_LIMIT = 8192;
    /* What a long-lived advisor keeps, beyond historyLimit's training window (the most recent of
     * each): latencies per (template, arm) for the guard, paired observations per (template,
     * non-default arm), and q-errors. */
    static final int GUARD_WINDOW = 1024;
    static final int PAIRED_WINDOW = 256;
    static final int Q_ERROR_WINDOW = 10_000;

    private final List<HintArm> arms;
    private final HintArm defaultArm;
    private final int ensembleSize;
    private final int guardMinSamples;
    private final boolean planEveryArm;
    private final double planningCostFactor;
    private final double timeoutChargeFactor;
    private final long statementTimeoutMillis;
    private final PlanFeaturizer featurizer = new PlanFeaturizer();
    private final Set<String> checkedTexts = ConcurrentHashMap.newKeySet();
    private final AccessMethodCache accessMethods = new AccessMethodCache();

    private final Object lock = new Object();
    private final SplittableRandom random;
    /* The training window: the historyLimit most recent observations with plan features. */
    private final TrainingWindow window;
    private final Map<String, Map<String, Samples>> guard = new HashMap<>();
    /* The templates chosen for, least recently used first: at templateLimit the eldest is evicted
     * with everything kept about it (touch). */
    private final LinkedHashMap<String, Boolean> templates = new LinkedHashMap<>(16, 0.75f, true);
    private final int templateLimit;
    private final Samples qErrors = new Samples(Q_ERROR_WINDOW);
    /* Wall time of planning one arm (EXPLAIN, import, features): a moving average over the choose()
     * calls that planned, so the JIT's warm-up fades out. */
    private double planningNanosPerArm;
    private long planningArms;
    private final InstanceMemory memory;
    /* Per (template, non-default arm): charged latency and the estimated default latency of the same
     * instance, summed over the arm's observations: the guard's paired comparison. */
    private final Map<String, Map<String, double[]>> paired = new HashMap<>();
    /* The observations behind those sums (the PAIRED_WINDOW most recent), per (template,
     * non-default arm), from which each retrain forms them again (reestimatePaired). */
    private final Map<String, Map<String, List<PairedObservation>>> pairedObservations = new HashMap<>();
    /* Per template: {times every arm was planned, times that led to a non-default arm beating the
     * default's estimated latency, sum of the relative gains of those wins}. */
    private final Map<String, double[]> planningUse = new HashMap<>();
    /* The record of a template not planned yet (read only). */
    private static final double[] NO_PLANNING_USE = new double[3];
    private volatile @Nullable Fitted model;

    /** The ensemble and the per-template intercepts of one fit. */
    record Fitted(LatencyEnsemble ensemble, Map<String, Double> intercepts) {
        double intercept(String templateId) {
            Double b = intercepts.get(templateId);
            return b == null ? 0.0 : b;
        }
    }

    /* One paired observation of a non-default arm: the instance, the arm's charged latency, the
     * default's latency as estimated when the arm ran, and the default's latency the sums count now
     * (that estimate, or the default's own runs there since: reestimatePaired). */
    private static final class PairedObservation {
        final InstanceMemory.Point point;
        final double charged;
        final double estimated;
        double counted;

        PairedObservation(InstanceMemory.Point point, double charged, double estimated) {
            this.point = point;
            this.charged = charged;
            this.estimated = estimated;
            this.counted = estimated;
        }
    }

    /** One arm's plan, ready for the model. */
    static final class Planned {
        private final HintArm arm;
        private final String json;
        private final ImportedPlan plan;
        private final double[] features;
        private final String shape;

        Planned(HintArm arm, String json, ImportedPlan plan, double[] features) {
            this.arm = arm;
            this.json = json;
            this.plan = plan;
            this.features = features;
            this.shape = LearnedHintAdvisor.shape(plan);
        }

        String shape() {
            return shape;
        }

        HintArm arm() {
            return arm;
        }

        String json() {
            return json;
        }

        ImportedPlan plan() {
            return plan;
        }

        double[] features() {
            return features;
        }
    }

    LearnedHintAdvisor(HintAdvisor.Builder b) {
        this.arms = b.arms;
        this.defaultArm = arms.stream().filter(HintArm::isDefault).findFirst().orElseThrow();
        this.ensembleSize = b.ensembleSize;
        this.guardMinSamples = b.guardMinSamples;
        this.timeoutChargeFactor = b.timeoutChargeFactor;
        this.statementTimeoutMillis = b.statementTimeoutMillis;
        this.planEveryArm = b.planEveryArm;
        this.planningCostFactor = b.planningCostFactor;
        this.window = new TrainingWindow(b.historyLimit);
        this.templateLimit = b.templateLimit;
        this.memory = new InstanceMemory(ARM_KEY, Math.min(InstanceMemory.CELL_LIMIT, b.historyLimit));
        this.random = new SplittableRandom(b.seed);
    }

    @Override
    public List<HintArm> arms() {
        return arms;
    }

    // ------------------------------------------------------------------ choose

    @Override
    public Choice choose(Connection c, String templateId, String sql, List<?> binds) throws SQLException {
        Objects.requireNonNull(c, "connection");
        checkTemplate(templateId);
        Objects.requireNonNull(sql, "sql");
        Objects.requireNonNull(binds, "binds");
        checkText(sql);
        long start = System.nanoTime();
        boolean trained = model != null;
        boolean all = planEveryArm || othersEligible(templateId);
        if (!planEveryArm && (all ? !planningPays(templateId, binds) : trained && !featuresPay(templateId, binds))) {
            synchronized (lock) {
                touch(templateId);
            }
            return new Choice(templateId, defaultArm, Double.NaN, List.of(), System.nanoTime() - start, !all, binds);
        }
        List<Planned> planned = plan(c, sql, binds, all ? arms : List.of(defaultArm));
        notePlanning(System.nanoTime() - start, planned.size());
        Choice choice = decide(templateId, binds, planned, start);
        if (!all && trained && !choice.guarded()) {
            // the guard held every other arm back before planning: report it as it would with every arm planned
            return new Choice(
                    choice.templateId(),
                    choice.chosen(),
                    choice.predictedMillis(),
                    choice.candidates(),
                    choice.planningNanos(),
                    true,
                    binds);
        }
        return choice;
    }

    /* PlanExplainer.check(sql, false), scanned once per text: a template's text is the same on every
     * call, and the scan (a few µs) is a large part of a choose() that plans nothing. Texts up to
     * CHECKED_TEXT_LIMIT characters are remembered, at most CHECKED_TEXTS of them (the set is
     * emptied when full). */
    void checkText(String sql) {
        if (checkedTexts.contains(sql)) {
            return;
        }
        PlanExplainer.check(sql, false);
        if (sql.length() <= CHECKED_TEXT_LIMIT) {
            if (checkedTexts.size() >= CHECKED_TEXTS) {
                checkedTexts.clear();
            }
            checkedTexts.add(sql);
        }
    }

    /* How many texts checkText remembers now (for tests). */
    int checkedTextCount() {
        return checkedTexts.size();
    }

    /* Records that planning `count` arms took `nanos` (the moving average per arm). */
    void notePlanning(long nanos, int count) {
        synchronized (lock) {
            double perArm = nanos / (double) count;
            planningNanosPerArm = planningArms == 0
                    ? perArm
                    : planningNanosPerArm + PLANNING_EWMA_ALPHA * (perArm - planningNanosPerArm);
            planningArms += count;
        }
    }

    /* Whether an arm other than the default could be picked for the template now: a trained model and
     * at least one such arm that the guard does not hold back. */
    boolean othersEligible(String templateId) {
        if (model == null) {
            return false;
        }
        synchronized (lock) {
            for (HintArm arm : arms) {
                if (!arm.isDefault() && guardState(templateId, arm) != GuardState.HELD) {
                    return true;
                }
            }
        }
        return false;
    }

    /*
     * Whether planning the other arms can pay for this instance (true while anything it needs is
     * unknown). Two conditions, both required:
     * - the instance's default latency is at least planningCostFactor × the cost of planning the
     *   other arms. The instance's default latency is the kernel mean of the default's latencies on
     *   instances with nearby binds where their weight reaches TRUST_WEIGHT (the fast instances of a
     *   template with slow ones skip planning, the slow ones plan); with only far neighbours (weight
     *   >= NEAR_WEIGHT) the larger of that and the template's median (a template whose instances are
     *   mostly fast keeps planning for the slow ones); else the median;
     * - the expected saving covers the planning: rate × gain × default latency >= the cost of
     *   planning the others, with rate = (wins + 1) / (plannings + 2) the template's share of
     *   plannings that led to an arm beating the default (Laplace) and gain the mean relative saving
     *   of those wins (PRIOR_GAIN as one pseudo-win). A template where planning never helps (a
     *   control the planner gets right) plans less and less often; one with traps keeps planning.
     */
    boolean planningPays(String templateId, List<?> binds) {
        if (planningCostFactor == 0) {
            return true;
        }
        InstanceMemory.Point point = InstanceMemory.encode(binds);
        synchronized (lock) {
            double defaultMillis = defaultMillis(templateId, point);
            if (!Double.isFinite(defaultMillis) || planningArms == 0) {
                return true;
            }
            double othersMillis = planningNanosPerArm * (arms.size() - 1) / 1e6;
            if (defaultMillis < planningCostFactor * othersMillis) {
                return false;
            }
            double[] use = planningUse.getOrDefault(templateId, NO_PLANNING_USE);
            double rate = (use[1] + 1) / (use[0] + 2);
            double gain = (use[2] + PRIOR_GAIN) / (use[1] + 1);
            return rate * gain * defaultMillis >= othersMillis;
        }
    }

    /* Whether planning the default arm alone, for the model's features, costs little against the
     * instance's default latency (FEATURE_PLANNING_SHARE); true while either is unknown (no default
     * latency on the template yet, or nothing planned yet). choose() asks only once a model is
     * trained: before that every query reads the default's plan, which also settles the planning
     * cost's moving average (its first sample includes the JIT's warm-up). */
    boolean featuresPay(String templateId, List<?> binds) {
        if (planningCostFactor == 0) {
            return true;
        }
        InstanceMemory.Point point = InstanceMemory.encode(binds);
        synchronized (lock) {
            Samples d = guard.getOrDefault(templateId, Map.of()).get(defaultArm.name());
            if (d == null || d.size() == 0 || planningArms == 0) {
                return true;
            }
            return planningNanosPerArm / 1e6 <= FEATURE_PLANNING_SHARE * defaultMillis(templateId, point);
        }
    }

    /* Must hold the lock: the instance's default latency as planningPays defines it; NaN when the
     * template has no default latency yet. */
    private double defaultMillis(String templateId, InstanceMemory.Point point) {
        Samples d = guard.getOrDefault(templateId, Map.of()).get(defaultArm.name());
        if (d == null || d.size() == 0) {
            return Double.NaN;
        }
        InstanceMemory.Estimate near = memory.latency(templateId, ARM_KEY + defaultArm.name(), point);
        return near.weight() >= TRUST_WEIGHT
                ? Math.exp(near.correction())
                : near.weight() >= NEAR_WEIGHT ? Math.max(d.median(), Math.exp(near.correction())) : d.median();
    }

    static void checkTemplate(@Nullable String templateId) {
        Objects.requireNonNull(templateId, "templateId");
        if (templateId.isBlank() || templateId.length() > MAX_TEMPLATE_LENGTH) {
            throw DagArgumentException.invalid("template id must be 1-" + MAX_TEMPLATE_LENGTH
                    + " characters and not blank, got '" + Texts.clip(templateId) + "'");
        }
    }

    /*
     * EXPLAIN under each of the given arms, each in a savepoint rolled back afterwards. Two round trips
     * per arm: the previous arm's rollback, the savepoint and this arm's settings go together in one,
     * the EXPLAIN in the other; one more rolls the last arm back.
     */
    List<Planned> plan(Connection c, String sql, List<?> binds, List<HintArm> which) throws SQLException {
        boolean auto = c.getAutoCommit();
        List<Planned> out = new ArrayList<>(which.size());
        if (auto) {
            c.setAutoCommit(false);
        }
        String undo = "ROLLBACK TO SAVEPOINT " + SAVEPOINT + "; RELEASE SAVEPOINT " + SAVEPOINT;
        try {
            try (Statement st = c.createStatement()) {
                boolean open = false;
                try {
                    for (HintArm arm : which) {
                        String setup = (open ? undo + "; " : auto ? "SET TRANSACTION READ ONLY; " : "") + "SAVEPOINT "
                                + SAVEPOINT + "; " + arm.preamble(statementTimeoutMillis);
                        open = true;
                        st.execute(setup);
                        String json;
                        try (PreparedStatement ps = c.prepareStatement("EXPLAIN (FORMAT JSON, SETTINGS) " + sql)) {
                            HintArm.bind(ps, binds);
                            try (ResultSet rs = ps.executeQuery()) {
                                StringBuilder sb = new StringBuilder();
                                while (rs.next()) {
                                    sb.append(rs.getString(1));
                                }
                                json = sb.toString();
                            }
                        }
                        ImportedPlan plan = read(json, accessMethods.on(c));
                        out.add(new Planned(arm, json, plan, featurizer.features(plan, arm)));
                    }
                } catch (SQLException | RuntimeException e) {
                    if (open) {
                        try {
                            st.execute(undo);
                        } catch (SQLException r) {
                            e.addSuppressed(r);
                        }
                    }
                    throw e;
                }
                if (open) {
                    st.execute(undo);
                }
            }
        } finally {
            if (auto) {
                try {
                    c.rollback();
                } finally {
                    c.setAutoCommit(true);
                }
            }
        }
        return out;
    }

    /* Attributes that make a plan's shape: what runs, on what, in which direction; not the estimates,
     * the filters or their constants, which differ between instances of one shape. */
    private static final List<String> SHAPE_KEYS = List.of(
            "Node Type",
            "Relation Name",
            "Index Name",
            "Join Type",
            "Scan Direction",
            "Strategy",
            "Parent Relationship",
            "bitmapTree");

    /*
     * The plan's shape: node types, relations, indexes, join types and directions in pre-order with the
     * parent of each node. Two arms that produce plans of one shape run the same plan: they share their
     * prediction and their instance memory.
     */
    static String shape(ImportedPlan plan) {
        StringBuilder sb = new StringBuilder();
        QueryDag dag = plan.dag();
        for (int id : dag.nodeIds()) {
            Map<String, Object> a = plan.attributes().getOrDefault(id, Map.of());
            sb.append(id).append('<');
            for (int child : dag.parents(id)) {
                sb.append(child).append(',');
            }
            for (String k : SHAPE_KEYS) {
                Object v = a.get(k);
                if (v != null) {
                    sb.append('|').append(v);
                }
            }
            sb.append(';');
        }
        return sb.toString();
    }

    static String planKey(Planned p) {
        return PLAN_KEY + p.shape();
    }

    static ImportedPlan read(String json, AccessMethodResolver resolver) {
        try {
            return PostgresPlans.fromExplainJson(json, resolver);
        } catch (DagException e) {
            throw PlanExplainer.planError(
                    "the plan could not be read: " + Texts.clip(String.valueOf(e.getMessage())), e);
        }
    }

    /** Plans from JSON text without a database (the unit tests' entry). */
    List<Planned> planOffline(List<String> jsonPerArm) {
        if (jsonPerArm.size() != arms.size()) {
            throw new IllegalArgumentException("one plan per arm expected");
        }
        List<Planned> out = new ArrayList<>();
        for (int i = 0; i < arms.size(); i++) {
            HintArm arm = arms.get(i);
            ImportedPlan plan = read(jsonPerArm.get(i), accessMethods.on(null));
            out.add(new Planned(arm, jsonPerArm.get(i), plan, featurizer.features(plan, arm)));
        }
        return out;
    }

    /** The policy without bind values (the unit tests' entry). */
    Choice decide(String templateId, List<Planned> planned, long startNanos) {
        return decide(templateId, List.of(), planned, startNanos);
    }

    /** The policy: untrained → default; else Thompson draw, then the guard. */
    Choice decide(String templateId, List<?> binds, List<Planned> planned, long startNanos) {
        checkTemplate(templateId);
        InstanceMemory.Point point = InstanceMemory.encode(binds);
        Fitted f = model;
        LatencyEnsemble m = f == null ? null : f.ensemble();
        double offset = f == null ? 0.0 : f.intercept(templateId);
        int n = planned.size();
        double[] sampled = new double[n];
        double[] meanLog = new double[n];
        double[] correction = new double[n];
        double[] noise = new double[n];
        double[] trustModel = new double[n];
        double[] weight = new double[n];
        boolean[] untried = new boolean[n];
        int member = -1;
        synchronized (lock) {
            touch(templateId);
            if (n == arms.size() && n > 1) {
                planningUse.computeIfAbsent(templateId, k -> new double[3])[0]++;
            }
            if (m != null) {
                member = random.nextInt(m.members());
                for (int i = 0; i < n; i++) {
                    InstanceMemory.Estimate e = memory.estimate(templateId, planKey(planned.get(i)), point);
                    correction[i] = e.correction();
                    noise[i] = e.sd() * random.nextGaussian();
                    trustModel[i] = InstanceMemory.PRIOR_WEIGHT / (e.weight() + InstanceMemory.PRIOR_WEIGHT);
                    weight[i] = e.weight();
                    untried[i] = memory.count(templateId, planKey(planned.get(i))) == 0;
                }
            }
        }
        // one prediction per plan shape: arms whose plans are alike take the first such arm's values
        int[] rep = new int[n];
        for (int i = 0; i < n; i++) {
            rep[i] = i;
            for (int j = 0; j < i; j++) {
                if (rep[j] == j && planned.get(j).shape().equals(planned.get(i).shape())) {
                    rep[i] = j;
                    break;
                }
            }
        }
        for (int i = 0; i < n; i++) {
            double[] x = planned.get(rep[i]).features();
            if (m != null) {
                // the member's deviation from the ensemble mean is the model's uncertainty; where the
                // instance memory has close observations of this plan shape it counts for less
                double mean = m.meanLog(x);
                int k = rep[i];
                sampled[i] =
                        mean + (m.predictLog(member, x) - mean) * trustModel[k] + offset + correction[k] + noise[k];
                meanLog[i] = mean + offset + correction[k];
            } else {
                sampled[i] = Double.NaN;
                meanLog[i] = Double.NaN;
            }
        }
        List<Candidate> candidates = new ArrayList<>(n);
        int defaultIndex = -1;
        for (int i = 0; i < n; i++) {
            Planned p = planned.get(i);
            Map<String, Object> root = p.plan().attributes().getOrDefault(0, Map.of());
            candidates.add(new Candidate(
                    p.arm(),
                    p.json(),
                    PlanFeaturizer.number(root.get("Total Cost")),
                    PlanFeaturizer.number(root.get("Plan Rows")),
                    Math.exp(meanLog[i])));
            if (p.arm().isDefault()) {
                defaultIndex = i;
            }
        }
        if (defaultIndex < 0) {
            throw new IllegalArgumentException("the plans do not include the default arm");
        }
        if (m != null) {
            exploreUntriedShape(rep, rep[defaultIndex], sampled, correction, weight, untried);
        }
        int pick = defaultIndex;
        boolean guarded = false;
        if (m != null) {
            Integer[] order = new Integer[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            // ties (arms with one plan shape) go to the default, then to the earlier arm
            final int def = defaultIndex;
            Arrays.sort(order, (a, b) -> {
                int c = Double.compare(sampled[a], sampled[b]);
                if (c != 0) {
                    return c;
                }
                return a == def ? -1 : b == def ? 1 : Integer.compare(a, b);
            });
            synchronized (lock) {
                for (Integer i : order) {
                    HintArm arm = planned.get(i).arm();
                    GuardState g = guardState(templateId, arm);
                    if (g == GuardState.BLOCKED) {
                        guarded = true;
                        continue;
                    }
                    if (g == GuardState.HELD) {
                        guarded = true;
                        pick = defaultIndex;
                    } else {
                        pick = i;
                    }
                    break;
                }
                if (pick != defaultIndex && !baselineKnown(templateId, point)) {
                    guarded = true;
                    pick = defaultIndex;
                }
            }
        }
        return new Choice(
                templateId,
                planned.get(pick).arm(),
                Math.exp(meanLog[pick]),
                candidates,
                System.nanoTime() - startNanos,
                guarded,
                binds);
    }

    /*
     * Where the model is known to be wrong about the default on this instance (the instance memory's
     * close neighbours, total weight >= TRUST_WEIGHT, put its latency at least UNDERESTIMATE above
     * the model's), its ranking of plan shapes the template has never run is no evidence either: the
     * untried shape with the lowest draw goes first (once; after that it has observations and the
     * memory corrects the model for it). The guard still decides whether it may run. d: the index of
     * the default's plan shape (rep of the default arm).
     */
    private static void exploreUntriedShape(
            int[] rep, int d, double[] sampled, double[] correction, double[] weight, boolean[] untried) {
        if (weight[d] < TRUST_WEIGHT || correction[d] < UNDERESTIMATE) {
            return;
        }
        int explore = -1;
        for (int i = 0; i < rep.length; i++) {
            if (rep[i] == i && i != d && untried[i] && (explore < 0 || sampled[i] < sampled[explore])) {
                explore = i;
            }
        }
        if (explore >= 0) {
            sampled[explore] = Double.NEGATIVE_INFINITY;
        }
    }

    /*
     * Must hold the lock: whether the default arm has run near this instance under the instance
     * memory's strictest distance (every bind position and every candidate relation), total weight
     * >= NEAR_WEIGHT. Where it has not, the default runs first: the other arms' paired comparison
     * would otherwise rest on the model's estimate of the default there, which on a trap the planner
     * cannot see is the estimate for the template's traps; an arm that wins on the traps would then
     * seem to win on the harmless instances too and run there for good, the default never measured
     * against it. Running the default costs nothing against PostgreSQL's own plan.
     */
    private boolean baselineKnown(String templateId, InstanceMemory.Point point) {
        return memory.strictWeight(templateId, ARM_KEY + defaultArm.name(), point) >= NEAR_WEIGHT;
    }

    enum GuardState {
        DEFAULT,
        HELD,
        TRIAL,
        RELEASED,
        BLOCKED
    }

    /** Must hold the lock. */
    GuardState guardState(String templateId, HintArm arm) {
        if (arm.isDefault()) {
            return GuardState.DEFAULT;
        }
        if (guardMinSamples == 0) {
            return GuardState.RELEASED;
        }
        Map<String, Samples> perArm = guard.getOrDefault(templateId, Map.of());
        Samples d = perArm.get(defaultArm.name());
        if (d == null || d.size() < guardMinSamples) {
            return GuardState.HELD;
        }
        double[] p = paired.getOrDefault(templateId, Map.of()).get(arm.name());
        if (p == null) {
            return GuardState.TRIAL;
        }
        if (p[2] < guardMinSamples) {
            // a loss larger than the template's mean default latency ends the trial early: no need
            // to pay for the remaining trials (a loss relative to the instance would block an arm
            // that loses on a harmless instance and wins on the traps)
            return p[0] - p[1] > TRIAL_LOSS_BUDGET * d.mean() ? GuardState.BLOCKED : GuardState.TRIAL;
        }
        return p[0] <= p[1] ? GuardState.RELEASED : GuardState.BLOCKED;
    }

    /** How many observations the instance memory keeps in a cell of a template (for tests). */
    int memoryCount(String templateId, String cell) {
        synchronized (lock) {
            return memory.count(templateId, cell);
        }
    }

    /** The guard's view of an arm on a template (for tests and reports). */
    GuardState guardStateOf(String templateId, HintArm arm) {
        synchronized (lock) {
            return guardState(templateId, arm);
        }
    }

    // ------------------------------------------------------------------ observe / retrain

    @Override
    public void observe(Choice choice, double latencyMillis, boolean timedOut) {
        Objects.requireNonNull(choice, "choice");
        if (!Double.isFinite(latencyMillis) || latencyMillis < 0) {
            throw DagArgumentException.invalid("latency must be finite and >= 0 ms, got " + latencyMillis);
        }
        if (!arms.contains(choice.chosen())) {
            throw DagArgumentException.invalid("arm " + choice.chosen().name() + " is not one of this advisor's arms");
        }
        Candidate chosen = null;
        for (Candidate cand : choice.candidates()) {
            if (cand.arm().equals(choice.chosen())) {
                chosen = cand;
                break;
            }
        }
        if (chosen == null && !(choice.candidates().isEmpty() && choice.chosen().isDefault())) {
            throw DagArgumentException.invalid("the choice has no candidate for its chosen arm "
                    + choice.chosen().name());
        }
        synchronized (lock) {
            if (!templates.containsKey(choice.templateId())) {
                throw DagArgumentException.invalid("unknown template '" + Texts.clip(choice.templateId())
                        + "': choose() never ran for it, or it was evicted as the least recently used of "
                        + templateLimit + " templates");
            }
        }
        double charged = timedOut ? latencyMillis * timeoutChargeFactor : latencyMillis;
        if (chosen == null) {
            // nothing was planned (planning could not pay): the guard's default latency and the
            // instance's latency only
            double yy = Math.log(Math.max(charged, 1e-3));
            InstanceMemory.Point p = InstanceMemory.encode(choice.binds());
            synchronized (lock) {
                touch(choice.templateId());
                guardSample(choice, charged);
                memory.add(choice.templateId(), ARM_KEY + choice.chosen().name(), p, yy, Double.NaN, -1);
            }
            return;
        }
        ImportedPlan chosenPlan = read(chosen.planJson(), accessMethods.on(null));
        double[] x = featurizer.features(chosenPlan, choice.chosen());
        String chosenKey = PLAN_KEY + shape(chosenPlan);
        double y = Math.log(Math.max(charged, 1e-3));
        double[] xDefault = null;
        String defaultKey = chosenKey;
        if (!choice.chosen().isDefault()) {
            for (Candidate cand : choice.candidates()) {
                if (cand.arm().isDefault()) {
                    ImportedPlan dp = read(cand.planJson(), accessMethods.on(null));
                    xDefault = featurizer.features(dp, cand.arm());
                    defaultKey = PLAN_KEY + shape(dp);
                }
            }
        }
        InstanceMemory.Point point = InstanceMemory.encode(choice.binds());
        Fitted f = model;
        double base = f == null ? Double.NaN : f.ensemble().meanLog(x) + f.intercept(choice.templateId());
        synchronized (lock) {
            touch(choice.templateId());
            long i = window.add(x, y, choice.templateId());
            guardSample(choice, charged);
            if (xDefault != null) {
                pairedSample(choice, charged, point, f, xDefault, defaultKey);
            }
            memory.add(choice.templateId(), chosenKey, point, y, y - base, i);
            memory.add(choice.templateId(), ARM_KEY + choice.chosen().name(), point, y, Double.NaN, -1);
            double p = choice.predictedMillis();
            if (!timedOut && Double.isFinite(p)) {
                double pp = Math.max(p, 1e-3);
                double aa = Math.max(latencyMillis, 1e-3);
                qErrors.add(Math.max(pp / aa, aa / pp));
            }
        }
    }

    /*
     * Must hold the lock: the guard's paired record of a non-default arm. The counterfactual is the
     * default arm's latency on the same instance as the model and the instance memory estimate it
     * (with a light prior, so a close default neighbour counts almost fully); without a model, the
     * template's median default latency.
     */
    private void pairedSample(
            Choice choice,
            double charged,
            InstanceMemory.Point point,
            @Nullable Fitted f,
            double[] xDefault,
            String defaultKey) {
        double def = defaultEstimate(f, choice.templateId(), xDefault, defaultKey, point);
        if (!Double.isFinite(def)) {
            return;
        }
        double[] p = paired.computeIfAbsent(choice.templateId(), k -> new HashMap<>())
                .computeIfAbsent(choice.chosen().name(), k -> new double[3]);
        p[0] += charged;
        p[1] += def;
        p[2]++;
        List<PairedObservation> seen = pairedObservations
                .computeIfAbsent(choice.templateId(), k -> new HashMap<>())
                .computeIfAbsent(choice.chosen().name(), k -> new ArrayList<>());
        seen.add(new PairedObservation(point, charged, def));
        if (seen.size() > PAIRED_WINDOW) {
            seen.remove(0);
            p[0] = 0;
            p[1] = 0;
            p[2] = 0;
            for (PairedObservation o : seen) {
                p[0] += o.charged;
                p[1] += o.counted;
                p[2]++;
            }
        }
        if (charged < def) {
            double[] use = planningUse.computeIfAbsent(choice.templateId(), k -> new double[3]);
            use[1]++;
            use[2] += (def - charged) / def;
        }
    }

    /*
     * Must hold the lock: the default arm's estimated latency at an instance, from its plan features
     * and shape there: the model plus the instance memory's correction (light prior); without a
     * model, the template's median default latency (NaN without one).
     */
    private double defaultEstimate(
            @Nullable Fitted f, String templateId, double[] xDefault, String defaultKey, InstanceMemory.Point point) {
        if (f == null) {
            Samples d = guard.getOrDefault(templateId, Map.of()).get(defaultArm.name());
            return d == null ? Double.NaN : d.median();
        }
        double lnDef = f.ensemble().meanLog(xDefault)
                + f.intercept(templateId)
                + memory.estimate(templateId, defaultKey, point, GUARD_PRIOR_WEIGHT)
                        .correction();
        return Math.exp(lnDef);
    }

    /*
     * Must hold the lock: every paired sum again, after a retrain. Where the default itself has run
     * close to an observation's instance since (total weight >= TRUST_WEIGHT under the instance
     * memory's strictest distance), its counterfactual is the kernel mean of those runs; elsewhere
     * it stays what was estimated when the arm ran. An arm tried on a trap before the default had run
     * near it is compared with the harmless instances' estimate at first (the planner's estimates
     * are the same), and would otherwise stay blocked for good once the trial's loss budget was
     * spent against that estimate; an estimate from the model alone is not revised, since the model
     * and the memory's relevant positions move with every retrain.
     */
    private void reestimatePaired() {
        String defaultCell = ARM_KEY + defaultArm.name();
        for (Map.Entry<String, Map<String, List<PairedObservation>>> t : pairedObservations.entrySet()) {
            Map<String, double[]> sums = paired.computeIfAbsent(t.getKey(), k -> new HashMap<>());
            for (Map.Entry<String, List<PairedObservation>> a : t.getValue().entrySet()) {
                double[] p = new double[3];
                for (PairedObservation o : a.getValue()) {
                    InstanceMemory.Estimate seen = memory.strictLatency(t.getKey(), defaultCell, o.point);
                    o.counted = seen.weight() >= TRUST_WEIGHT ? Math.exp(seen.correction()) : o.estimated;
                    p[0] += o.charged;
                    p[1] += o.counted;
                    p[2]++;
                }
                sums.put(a.getKey(), p);
            }
        }
    }

    /*
     * Must hold the lock: marks the template as used now (it becomes the most recently used); a new
     * one beyond templateLimit evicts the least recently used template with its guard, paired
     * observations, planning record and instance memory (its rows in the training window age out
     * with the window). Also called by observe(), so that a template evicted between its choose()
     * and a concurrent observe() is admitted again instead of leaving state no eviction would find.
     */
    private void touch(String templateId) {
        if (templates.put(templateId, Boolean.TRUE) == null && templates.size() > templateLimit) {
            Iterator<String> eldest = templates.keySet().iterator();
            String evicted = eldest.next();
            eldest.remove();
            guard.remove(evicted);
            paired.remove(evicted);
            pairedObservations.remove(evicted);
            planningUse.remove(evicted);
            memory.remove(evicted);
        }
    }

    /** How many templates the advisor keeps state for (for tests). */
    int templateCount() {
        synchronized (lock) {
            return templates.size();
        }
    }

    /** Must hold the lock: the guard's record of the chosen arm's charged latency on the template. */
    private void guardSample(Choice choice, double charged) {
        guard.computeIfAbsent(choice.templateId(), k -> new HashMap<>())
                .computeIfAbsent(choice.chosen().name(), k -> new Samples(GUARD_WINDOW))
                .add(charged);
    }

    @Override
    public RetrainStats retrain() {
        long start = System.nanoTime();
        double[][] x;
        double[] y;
        String[] t;
        long seed;
        long first;
        synchronized (lock) {
            first = window.first();
            x = window.features();
            y = window.targets();
            t = window.templates();
            seed = random.nextLong();
        }
        if (x.length == 0) {
            // no plan features to fit, but the instance memory's latencies still choose their positions
            synchronized (lock) {
                memory.refresh(new double[0]);
            }
            return new RetrainStats(0, System.nanoTime() - start);
        }
        LatencyEnsemble ensemble = LatencyEnsemble.fit(x, y, ensembleSize, seed);
        Map<String, double[]> residuals = new HashMap<>();
        for (int i = 0; i < x.length; i++) {
            double[] sumCount = residuals.computeIfAbsent(t[i], k -> new double[2]);
            sumCount[0] += y[i] - ensemble.meanLog(x[i]);
            sumCount[1]++;
        }
        Map<String, Double> intercepts = new HashMap<>();
        for (Map.Entry<String, double[]> e : residuals.entrySet()) {
            intercepts.put(e.getKey(), e.getValue()[0] / (e.getValue()[1] + INTERCEPT_PRIOR));
        }
        Fitted fitted = new Fitted(ensemble, Map.copyOf(intercepts));
        double[] fresh = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            fresh[i] = y[i] - ensemble.meanLog(x[i]) - fitted.intercept(t[i]);
        }
        synchronized (lock) {
            Fitted current = model;
            if (current == null || current.ensemble().samples() <= ensemble.samples()) {
                model = fitted;
                memory.refresh(fresh, first);
                reestimatePaired();
            }
        }
        return new RetrainStats(x.length, System.nanoTime() - start);
    }

    @Override
    public int observations() {
        synchronized (lock) {
            return window.size();
        }
    }

    @Override
    public double[] qErrors() {
        synchronized (lock) {
            return qErrors.toArray();
        }
    }

    @Override
    public PredictionStats predictionStats() {
        double[] q = qErrors();
        Arrays.sort(q);
        return new PredictionStats(q.length, rank(q, 0.5), rank(q, 0.9), rank(q, 0.99));
    }

    /** Nearest-rank percentile of a sorted array; NaN when empty. */
    static double rank(double[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int k = (int) Math.ceil(p * sorted.length);
        return sorted[Math.min(sorted.length, Math.max(1, k)) - 1];
    }

    /*
     * The training rows (plan features, ln charged ms, template) of the limit most recent
     * observations, in a ring: adding to a full window overwrites the oldest row. A row's id is the
     * number of rows added before it; the rows kept have the ids first() … first() + size() − 1, in
     * that order in the arrays returned. Not thread-safe.
     */
    static final class TrainingWindow {
        private final int limit;
        private double[][] x = new double[64][];
        private double[] y = new double[64];
        private String[] t = new String[64];
        /* where the oldest row is once the ring is full (0 before) */
        private int head;
        private int size;
        private long dropped;

        TrainingWindow(int limit) {
            if (limit < 1) {
                throw new IllegalArgumentException("limit must be >= 1, got " + limit);
            }
            this.limit = limit;
        }

        /** Adds a row, dropping the oldest when full; returns its id. */
        long add(double[] features, double target, String template) {
            if (size == limit) {
                x[head] = features;
                y[head] = target;
                t[head] = template;
                head = head + 1 == limit ? 0 : head + 1;
                dropped++;
            } else {
                if (size == x.length) {
                    int grown = (int) Math.min((long) size * 2, limit);
                    x = Arrays.copyOf(x, grown);
                    y = Arrays.copyOf(y, grown);
                    t = Arrays.copyOf(t, grown);
                }
                x[size] = features;
                y[size] = target;
                t[size] = template;
                size++;
            }
            return dropped + size - 1;
        }

        int size() {
            return size;
        }

        /** The id of the oldest row kept. */
        long first() {
            return dropped;
        }

        double[][] features() {
            return unroll(x, head, size, new double[size][]);
        }

        double[] targets() {
            return unroll(y, head, size, new double[size]);
        }

        String[] templates() {
            return unroll(t, head, size, new String[size]);
        }
    }

    /* The size elements of a ring whose oldest is at head (0 while not full), oldest first, into out. */
    static <A> A unroll(A ring, int head, int size, A out) {
        System.arraycopy(ring, head, out, 0, size - head);
        System.arraycopy(ring, 0, out, size - head, head);
        return out;
    }

    /**
     * The most recent values of a stream, up to a limit (older ones are dropped first), with their
     * mean and median. Not thread-safe.
     */
    static final class Samples {
        private final int limit;
        private double[] v = new double[8];
        /* how many values are kept, and where the oldest is once the ring is full */
        private int n;
        private int head;
        /* median() until the next add (NaN: not computed); choose() reads it on every call */
        private double median = Double.NaN;

        /** Samples keeping the limit (>= 1) most recent values. */
        Samples(int limit) {
            if (limit < 1) {
                throw new IllegalArgumentException("limit must be >= 1, got " + limit);
            }
            this.limit = limit;
        }

        void add(double x) {
            if (n == limit) {
                v[head] = x;
                head = head + 1 == limit ? 0 : head + 1;
            } else {
                if (n == v.length) {
                    v = Arrays.copyOf(v, (int) Math.min((long) n * 2, limit));
                }
                v[n++] = x;
            }
            median = Double.NaN;
        }

        int size() {
            return n;
        }

        /** The kept values, oldest first. */
        double[] toArray() {
            return unroll(v, head, n, new double[n]);
        }

        /** The arithmetic mean; NaN when empty. */
        double mean() {
            double sum = 0;
            for (int i = 0; i < n; i++) {
                sum += v[i];
            }
            return n == 0 ? Double.NaN : sum / n;
        }

        /** The median (mean of the two middle values for an even count); NaN when empty. */
        double median() {
            if (n == 0 || !Double.isNaN(median)) {
                return median;
            }
            double[] s = toArray();
            Arrays.sort(s);
            median = n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
            return median;
        }
    }
}
