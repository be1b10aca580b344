package io.neuraldag.postgres;

import io.neuraldag.attention.AttentionConfig;
import io.neuraldag.attention.AttentionException;
import io.neuraldag.attention.AttentionKind;
import io.neuraldag.attention.AttentionScores;
import io.neuraldag.attention.DagAttention;
import io.neuraldag.core.DagFormats;
import io.neuraldag.core.QueryDag;
import io.neuraldag.core.plan.PostgresPlans;
import io.neuraldag.sona.CycleResult;
import io.neuraldag.sona.DagSonaEngine;
import io.neuraldag.sona.ExecutionMetrics;
import io.neuraldag.sona.Pattern;
import io.neuraldag.sona.PatternCandidate;
import io.neuraldag.sona.PreQueryResult;
import io.neuraldag.sona.SonaConfig;
import io.neuraldag.sona.SonaMetrics;
import io.neuraldag.sona.SonaStateException;
import io.neuraldag.sona.StoreResult;
import io.neuraldag.sona.Trajectory;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/*
 * The facade behind NeuralDag: one global DagScope of a DagRegistry backed by a PatternStore, the
 * installed schema, the EXPLAIN runner, per-mechanism attention settings and counters.
 *
 * Invariants and locking: every change of learned state (store, consolidate, learn, reset, import)
 * runs under the scope's lock and ends with one transaction that persists the bank (PatternStore,
 * which keeps dag_patterns equal to the stored engine state) and rewrites dag_clusters, so readers
 * of the tables see the old set or the new one. Settings changes are serialised by settingsLock and
 * written to dag_config. Attention instances are immutable per AttentionConfig and are replaced as
 * a whole (volatile EnumMap copy) by attentionConfigure.
 */
final class PgNeuralDag
        implements NeuralDag,
                NeuralDag.Settings,
                NeuralDag.State,
                NeuralDag.Analysis,
                NeuralDag.Attention,
                NeuralDag.Patterns,
                NeuralDag.Trajectories,
                NeuralDag.Learning {

    static final int DIM = DagSchema.DIMENSION;
    static final double EWMA_ALPHA = 0.2;
    static final int MAX_BASELINES = 10_000;

    private final DataSource dataSource;
    private final DagSchema.Installed installed;
    private final DagRegistry registry;
    private final DagScope scope;
    private final PatternStore patternStore;
    private final VectorCodec vectors;
    private final PlanExplainer plans = new PlanExplainer(PlanExplainer.QUERY_TIMEOUT_MS);
    private final Object settingsLock = new Object();
    private final ConcurrentHashMap<String, Double> baselines = new ConcurrentHashMap<>();
    private final EnumMap<AttentionKind, LongAdder> invocations = new EnumMap<>(AttentionKind.class);
    private final EnumMap<AttentionKind, LongAdder> nanos = new EnumMap<>(AttentionKind.class);
    private volatile Map<AttentionKind, AttentionConfig> attentionConfigs;
    private volatile Map<AttentionKind, DagAttention> mechanisms;
    private volatile Instant lastLearned = Instant.now();
    private volatile QudagLinkStatus qudagStatus = QudagLinkStatus.none();
    private final PgQuDag qudag;

    private final String traj;
    private final String patternsTable;
    private final String clusters;

    private PgNeuralDag(
            DataSource dataSource,
            DagSchema.Installed installed,
            DagRegistry registry,
            PatternStore store,
            PgQuDag.Setup qudagSetup) {
        this.dataSource = dataSource;
        this.installed = installed;
        this.registry = registry;
        this.scope = registry.global();
        this.patternStore = store;
        this.vectors = new VectorCodec(installed);
        DagSchema s = installed.schema();
        this.traj = s.table("dag_trajectories");
        this.patternsTable = s.table("dag_patterns");
        this.clusters = s.table("dag_clusters");
        Map<AttentionKind, AttentionConfig> configs = new EnumMap<>(AttentionKind.class);
        for (AttentionKind k : AttentionKind.values()) {
            configs.put(k, AttentionConfig.defaults());
            invocations.put(k, new LongAdder());
            nanos.put(k, new LongAdder());
        }
        this.attentionConfigs = configs;
        this.mechanisms = build(configs);
        this.qudag = new PgQuDag(qudagSetup, dataSource, installed, scope.key(), this::importSynced);
    }

    static PgNeuralDag open(DataSource dataSource, DagConfig config, DagSchema schema, SonaConfig engineBase) {
        return open(dataSource, config, schema, engineBase, QudagLinkStatus.none(), PgQuDag.Setup.none());
    }

    static PgNeuralDag open(
            DataSource dataSource,
            DagConfig config,
            DagSchema schema,
            SonaConfig engineBase,
            QudagLinkStatus qudagStatus,
            PgQuDag.Setup qudagSetup) {
        DagSchema.Installed installed = schema.install(dataSource);
        SqlApiSchema.of(installed).install(dataSource);
        PatternStore store = PatternStore.create(dataSource, installed);
        DagRegistry registry = DagRegistry.builder()
                .defaults(config)
                .engineBase(engineBase)
                .store(store)
                .build();
        PgNeuralDag dag = new PgNeuralDag(dataSource, installed, registry, store, qudagSetup);
        dag.qudagStatus = qudagStatus;
        dag.writeConfig(config);
        return dag;
    }

    private static Map<AttentionKind, DagAttention> build(Map<AttentionKind, AttentionConfig> configs) {
        Map<AttentionKind, DagAttention> m = new EnumMap<>(AttentionKind.class);
        for (AttentionKind k : AttentionKind.values()) {
            m.put(k, DagAttention.create(k, Objects.requireNonNull(configs.get(k))));
        }
        return m;
    }

    // ------------------------------------------------------------------ groups

    @Override
    public Settings settings() {
        return this;
    }

    @Override
    public State state() {
        return this;
    }

    @Override
    public Analysis analysis() {
        return this;
    }

    @Override
    public Attention attention() {
        return this;
    }

    @Override
    public Patterns patterns() {
        return this;
    }

    @Override
    public Trajectories trajectories() {
        return this;
    }

    @Override
    public Learning learning() {
        return this;
    }

    @Override
    public DagSchema.Installed schema() {
        return installed;
    }

    @Override
    public void close() {
        qudag.close();
        registry.close();
    }

    // ------------------------------------------------------------------ QuDAG, Tokens, Crypto (PgQuDag)

    @Override
    public QuDag qudag() {
        return qudag;
    }

    @Override
    public Tokens tokens() {
        return qudag;
    }

    @Override
    public Crypto crypto() {
        return qudag;
    }

    /* Synced patterns go into the global bank under the scope's lock and are persisted with it. */
    private io.neuraldag.qudag.PatternImporter.ImportStats importSynced(
            java.util.function.Function<
                            io.neuraldag.sona.DagReasoningBank, io.neuraldag.qudag.PatternImporter.ImportStats>
                    work) {
        DagScope s = enabled();
        s.lock().lock();
        try {
            io.neuraldag.qudag.PatternImporter.ImportStats stats =
                    work.apply(s.engine().reasoningBank());
            if (stats.applied() > 0) {
                persist(s, c -> {});
            }
            return stats;
        } finally {
            s.lock().unlock();
        }
    }

    /** The scope, which must be enabled (RV001 otherwise). */
    private DagScope enabled() {
        return registry.require(DagRegistry.GLOBAL);
    }

    // ------------------------------------------------------------------ Config

    @Override
    public void setEnabled(boolean enabled) {
        change(b -> b.enabled(enabled));
    }

    @Override
    public void setLearningRate(double rate) {
        change(b -> b.learningRate(rate));
    }

    @Override
    public void setAttention(String mechanism) {
        AttentionMechanism m = AttentionMechanism.parse(Objects.requireNonNull(mechanism, "mechanism"));
        change(b -> b.attention(m));
    }

    @Override
    public void configureSona(int microLoraRank, int baseLoraRank, double ewcLambda, int patternClusters) {
        change(b -> b.microLoraRank(microLoraRank)
                .baseLoraRank(baseLoraRank)
                .ewcLambda(ewcLambda)
                .patternClusters(patternClusters));
    }

    @Override
    public void setQudagEndpoint(String endpoint, double stakeAmount) {
        Objects.requireNonNull(endpoint, "endpoint");
        if (!Double.isFinite(stakeAmount) || stakeAmount < 0) {
            throw DagArgumentException.invalid("stake_amount must be 0 or in [10, 1000]: " + stakeAmount);
        }
        change(b -> {
            b.qudagNodeUrl(endpoint);
            if (stakeAmount != 0) {
                b.qudagMinStake(stakeAmount);
            }
            return b;
        });
    }

    private interface Edit {
        DagConfig.Builder apply(DagConfig.Builder b);
    }

    private void change(Edit edit) {
        synchronized (settingsLock) {
            DagConfig next = edit.apply(scope.config().toBuilder()).build();
            DagConfig before = scope.config();
            scope.reconfigure(next);
            try {
                writeConfig(next);
            } catch (RuntimeException e) {
                scope.reconfigure(before);
                throw e;
            }
        }
    }

    private void writeConfig(DagConfig c) {
        Map<String, Object> m = configMap(c);
        try {
            Jdbc.inTransaction(dataSource, conn -> {
                try (PreparedStatement ps = conn.prepareStatement("INSERT INTO "
                        + installed.schema().table("dag_config")
                        + " (scope, settings, updated_at) VALUES (?, CAST(? AS jsonb), now())"
                        + " ON CONFLICT (scope) DO UPDATE SET settings = EXCLUDED.settings, updated_at = now()")) {
                    ps.setString(1, scope.key());
                    ps.setString(2, Json.write(m));
                    return ps.executeUpdate();
                }
            });
        } catch (SQLException e) {
            throw Jdbc.failure("writing the settings", e);
        }
    }

    private Map<String, Object> configMap(DagConfig c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("enabled", c.enabled());
        m.put("learning_rate", c.learningRate());
        m.put("attention_mechanism", c.attention().sqlName());
        m.put("micro_lora_rank", c.microLoraRank());
        m.put("base_lora_rank", c.baseLoraRank());
        m.put("ewc_lambda", c.ewcLambda());
        m.put("qudag_endpoint", c.qudagNodeUrl());
        m.put("pattern_clusters", c.patternClusters());
        m.put("qudag_min_stake", c.qudagMinStake());
        m.put("attention_hits", scope.engine().metrics().hits());
        m.put("qudag_connected", qudagConnected());
        return m;
    }

    // ------------------------------------------------------------------ Status

    @Override
    public ConfigRow config() {
        DagConfig c = scope.config();
        return new ConfigRow(
                c.enabled(),
                c.learningRate(),
                c.attention().sqlName(),
                c.microLoraRank(),
                c.baseLoraRank(),
                c.ewcLambda(),
                c.qudagNodeUrl());
    }

    @Override
    public StatusRow status() {
        DagSonaEngine engine = scope.engine();
        long total;
        double avg;
        try {
            long[] count = new long[1];
            double[] mean = new double[1];
            Jdbc.withConnection(dataSource, c -> {
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT count(*), coalesce(avg(improvement_ratio), 0) FROM " + traj + " WHERE scope = ?")) {
                    ps.setString(1, scope.key());
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        count[0] = rs.getLong(1);
                        mean[0] = rs.getDouble(2);
                    }
                }
                return Boolean.TRUE;
            });
            total = count[0];
            avg = mean[0];
        } catch (SQLException e) {
            throw Jdbc.failure("reading the status", e);
        }
        return new StatusRow(
                engine.reasoningBank().size(),
                total,
                avg,
                engine.metrics().hits(),
                scope.config().learningRate(),
                qudag.isConnected() || qudagConnected());
    }

    /* The external link source's answer (a network not run by this facade); a failing source counts as not connected. */
    private boolean qudagConnected() {
        try {
            return qudagStatus.connected();
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public List<HealthRow> healthCheck() {
        List<HealthRow> out = new ArrayList<>();
        Instant now = Instant.now();
        long t0 = System.nanoTime();
        try {
            Jdbc.withConnection(dataSource, c -> {
                try (PreparedStatement ps = c.prepareStatement("SELECT 1");
                        ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            });
            out.add(new HealthRow(
                    "database", "ok", now, String.format("SELECT 1 in %.2f ms", (System.nanoTime() - t0) / 1e6)));
        } catch (SQLException | RuntimeException e) {
            out.add(new HealthRow("database", "error", now, Texts.clip(String.valueOf(e.getMessage()))));
        }
        try {
            var inspected = installed.schema().inspect(dataSource);
            out.add(inspected
                    .map(i -> new HealthRow(
                            "schema",
                            "ok",
                            now,
                            "schema " + i.schema().name() + " version " + i.version() + ", "
                                    + i.vectorType().name().toLowerCase(java.util.Locale.ROOT)))
                    .orElseGet(() -> new HealthRow("schema", "error", now, "schema is not installed")));
        } catch (RuntimeException e) {
            out.add(new HealthRow("schema", "error", now, Texts.clip(String.valueOf(e.getMessage()))));
        }
        SonaMetrics m = scope.engine().metrics();
        out.add(new HealthRow(
                "engine",
                !scope.enabled() ? "warning" : m.cycleFailures() > 0 ? "warning" : "ok",
                now,
                (scope.enabled() ? "enabled" : "disabled") + ", " + m.cycles() + " cycles, " + m.cycleFailures()
                        + " failed, " + m.patterns() + " patterns"));
        long seen = scope.engine().trajectoryBuffer().totalSeen();
        long dropped = scope.engine().trajectoryBuffer().dropped();
        double dropRate = seen == 0 ? 0 : (double) dropped / seen;
        out.add(new HealthRow(
                "trajectory_buffer",
                dropRate > 0.1 ? "warning" : "ok",
                now,
                String.format("%d seen, %d dropped (%.1f %%)", seen, dropped, 100 * dropRate)));
        out.add(new HealthRow(
                "attention",
                m.queries() >= 1000 && m.hitRate() < 0.1 ? "warning" : "ok",
                now,
                String.format("%d lookups, hit rate %.3f", m.queries(), m.hitRate())));
        return List.copyOf(out);
    }

    // ------------------------------------------------------------------ Analysis

    private PlanFacts facts(String queryText) {
        Objects.requireNonNull(queryText, "queryText");
        enabled();
        return new PlanFacts(plans.explainQuery(dataSource, queryText, false).plan());
    }

    @Override
    public List<PlanNodeRow> analyzePlan(String queryText) {
        return facts(queryText).nodeRows();
    }

    @Override
    public List<CriticalPathRow> criticalPath(String queryText) {
        PlanFacts f = facts(queryText);
        if (f.n == 0) {
            return List.of();
        }
        AttentionScores w = structural(AttentionKind.CRITICAL_PATH, f);
        int[] path = f.dag.criticalPath().path();
        List<CriticalPathRow> out = new ArrayList<>(path.length);
        double acc = 0;
        for (int i = 0; i < path.length; i++) {
            int id = path[i];
            acc += f.dag.node(id).estimatedCost();
            out.add(new CriticalPathRow(i + 1, id, f.operatorType(id), acc, w.weight(id)));
        }
        return List.copyOf(out);
    }

    @Override
    public List<BottleneckRow> bottlenecks(String queryText, double threshold) {
        if (!(threshold >= 0 && threshold <= 1)) {
            throw DagArgumentException.invalid("threshold must be in [0, 1]: " + threshold);
        }
        PlanFacts f = facts(queryText);
        List<BottleneckRow> out = new ArrayList<>();
        for (int id = 0; id < f.n; id++) {
            if (f.score[id] >= threshold) {
                out.add(new BottleneckRow(
                        id,
                        f.operatorType(id),
                        f.score[id],
                        f.dag.node(id).estimatedCost() * f.criticality[id],
                        f.suggestedAction(id)));
            }
        }
        out.sort(Comparator.comparingDouble(BottleneckRow::bottleneckScore)
                .reversed()
                .thenComparingInt(BottleneckRow::nodeId));
        return List.copyOf(out);
    }

    @Override
    public List<MinCutRow> mincutAnalysis(String queryText) {
        PlanFacts f = facts(queryText);
        var result = f.mincut.result();
        if (f.n == 0 || result.unbounded()) {
            return List.of();
        }
        var network = f.mincut.network();
        List<MinCutRow> out = new ArrayList<>(2);
        MinCutRow min = cutRow(1, f, network, result.minSourceSide());
        out.add(min);
        MinCutRow max = cutRow(2, f, network, result.maxSourceSide());
        if (!max.sourceNodes().equals(min.sourceNodes())) {
            out.add(max);
        }
        return List.copyOf(out);
    }

    private static MinCutRow cutRow(int id, PlanFacts f, io.neuraldag.mincut.PlanNetwork network, int[] side) {
        java.util.BitSet s = new java.util.BitSet();
        for (int v : side) {
            s.set(v);
        }
        List<Integer> source = new ArrayList<>();
        List<Integer> sink = new ArrayList<>();
        for (int i = 0; i < network.operatorCount(); i++) {
            int op = network.operatorId(i);
            (s.get(network.inNode(i)) ? source : sink).add(op);
        }
        source.sort(null);
        sink.sort(null);
        return new MinCutRow(id, source, sink, f.mincut.lambda(), f.analysis.parallelisation());
    }

    // ------------------------------------------------------------------ Attention

    private AttentionKind resolve(String mechanism, PlanFacts f) {
        AttentionMechanism m = AttentionMechanism.parse(Objects.requireNonNull(mechanism, "mechanism"));
        if (m == AttentionMechanism.AUTO) {
            m = scope.config().attention();
        }
        return m.kind().orElseGet(() -> scope.engine().preQuery(f.dag).mechanism());
    }

    private AttentionScores structural(AttentionKind k, PlanFacts f) {
        long t0 = System.nanoTime();
        try {
            return Objects.requireNonNull(mechanisms.get(k)).forward(f.dag);
        } catch (AttentionException e) {
            throw new DagStateException(
                    RvCode.PLAN_PARSE_ERROR, k.wireName() + " attention failed: " + e.getMessage(), e);
        } finally {
            count(k, t0);
        }
    }

    private void count(AttentionKind k, long t0) {
        Objects.requireNonNull(invocations.get(k)).increment();
        Objects.requireNonNull(nanos.get(k)).add(System.nanoTime() - t0);
    }

    private double[][] matrix(AttentionKind k, PlanFacts f) {
        long t0 = System.nanoTime();
        DagAttention att = Objects.requireNonNull(mechanisms.get(k));
        Map<Integer, float[]> emb = f.embeddings();
        double[][] m = new double[f.n][f.n];
        try {
            for (int q = 0; q < f.n; q++) {
                AttentionScores s = att.forward(f.dag, q, emb);
                for (int j = 0; j < f.n; j++) {
                    m[q][j] = s.weight(j);
                }
            }
        } catch (AttentionException e) {
            throw new DagStateException(
                    RvCode.PLAN_PARSE_ERROR, k.wireName() + " attention failed: " + e.getMessage(), e);
        } finally {
            count(k, t0);
        }
        return m;
    }

    @Override
    public List<AttentionScoreRow> attentionScores(String queryText, String mechanism) {
        AttentionMechanism.parse(Objects.requireNonNull(mechanism, "mechanism"));
        PlanFacts f = facts(queryText);
        AttentionKind k = resolve(mechanism, f);
        AttentionScores s = structural(k, f);
        double[][] m = matrix(k, f);
        List<AttentionScoreRow> out = new ArrayList<>(f.n);
        for (int id = 0; id < f.n; id++) {
            double[] col = new double[f.n];
            for (int q = 0; q < f.n; q++) {
                col[q] = m[q][id];
            }
            out.add(new AttentionScoreRow(id, s.weight(id), m[id], col));
        }
        return List.copyOf(out);
    }

    @Override
    public double[][] attentionMatrix(String queryText, String mechanism) {
        AttentionMechanism.parse(Objects.requireNonNull(mechanism, "mechanism"));
        PlanFacts f = facts(queryText);
        return matrix(resolve(mechanism, f), f);
    }

    @Override
    public String attentionVisualize(String queryText, String mechanism, String format) {
        AttentionMechanism.parse(Objects.requireNonNull(mechanism, "mechanism"));
        AttentionViews.Format fmt = AttentionViews.Format.parse(Objects.requireNonNull(format, "format"));
        PlanFacts f = facts(queryText);
        AttentionKind k = resolve(mechanism, f);
        return AttentionViews.render(fmt, f, k, structural(k, f));
    }

    @Override
    public void attentionConfigure(String mechanism, Map<String, Double> params) {
        AttentionMechanism m = AttentionMechanism.parse(Objects.requireNonNull(mechanism, "mechanism"));
        Objects.requireNonNull(params, "params");
        synchronized (settingsLock) {
            if (m == AttentionMechanism.AUTO) {
                for (String key : params.keySet()) {
                    if (!"exploration".equals(key)) {
                        throw DagArgumentException.invalid(
                                "auto has only the parameter exploration, not '" + Texts.clip(key) + "'");
                    }
                }
                Double e = params.get("exploration");
                if (e != null) {
                    change(b -> b.attentionExploration(e));
                }
                return;
            }
            AttentionKind k = m.kind().orElseThrow();
            AttentionConfig next = AttentionParams.apply(k, Objects.requireNonNull(attentionConfigs.get(k)), params);
            Map<AttentionKind, AttentionConfig> configs = new EnumMap<>(attentionConfigs);
            configs.put(k, next);
            Map<AttentionKind, DagAttention> built = new EnumMap<>(mechanisms);
            built.put(k, DagAttention.create(k, next));
            attentionConfigs = configs;
            mechanisms = built;
        }
    }

    @Override
    public List<AttentionStatRow> attentionStats() {
        Map<String, double[]> byMechanism = new HashMap<>();
        long total;
        try {
            total = Jdbc.withConnection(dataSource, c -> {
                long all = 0;
                try (PreparedStatement ps = c.prepareStatement("SELECT attention_mechanism, count(*),"
                        + " coalesce(avg(improvement_ratio), 0) FROM " + traj + " WHERE scope = ? GROUP BY 1")) {
                    ps.setString(1, scope.key());
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            byMechanism.put(rs.getString(1), new double[] {rs.getLong(2), rs.getDouble(3)});
                            all += rs.getLong(2);
                        }
                    }
                }
                return all;
            });
        } catch (SQLException e) {
            throw Jdbc.failure("reading attention statistics", e);
        }
        List<AttentionStatRow> out = new ArrayList<>();
        for (AttentionKind k : AttentionKind.values()) {
            long n = Objects.requireNonNull(invocations.get(k)).sum();
            long ns = Objects.requireNonNull(nanos.get(k)).sum();
            double[] t = byMechanism.getOrDefault(k.wireName(), new double[] {0, 0});
            out.add(new AttentionStatRow(
                    k.wireName(), n, n == 0 ? 0 : ns / 1e3 / n, total == 0 ? 0 : t[0] / total, t[1]));
        }
        return List.copyOf(out);
    }

    // ------------------------------------------------------------------ Patterns

    private static float[] checkVector(float[] v, String name) {
        Objects.requireNonNull(v, name);
        if (v.length != DIM) {
            throw DagArgumentException.invalid(name + " must have " + DIM + " values, not " + v.length);
        }
        double norm = 0;
        for (int i = 0; i < v.length; i++) {
            if (!Float.isFinite(v[i])) {
                throw DagArgumentException.invalid(name + "[" + i + "] is not finite: " + v[i]);
            }
            norm += (double) v[i] * v[i];
        }
        if (norm == 0) {
            throw DagArgumentException.invalid(name + " must not be the zero vector");
        }
        return v.clone();
    }

    @Override
    public long storePattern(float[] vector, String metadataJson, double quality) {
        float[] v = checkVector(vector, "pattern_vector");
        Objects.requireNonNull(metadataJson, "metadataJson");
        Json.parseObject(metadataJson);
        if (!(quality >= 0 && quality <= 1)) {
            throw DagArgumentException.invalid("quality_score must be in [0, 1]: " + quality);
        }
        DagScope s = enabled();
        s.lock().lock();
        try {
            StoreResult r = s.engine().reasoningBank().store(PatternCandidate.of(v, quality, 1.0, 1));
            if (r.ids().isEmpty()) {
                throw DagArgumentException.invalid("the pattern was rejected by the bank (quality " + quality + ")");
            }
            long id = r.ids().get(0);
            persist(s, c -> {
                try (PreparedStatement ps = c.prepareStatement("UPDATE " + patternsTable
                        + " SET metadata = metadata || CAST(? AS jsonb) WHERE scope = ? AND pattern_id = ?")) {
                    ps.setString(1, metadataJson);
                    ps.setString(2, s.key());
                    ps.setLong(3, id);
                    ps.executeUpdate();
                }
            });
            return id;
        } finally {
            s.lock().unlock();
        }
    }

    @Override
    public List<PatternMatch> queryPatterns(float[] vector, int k, double similarityThreshold) {
        float[] q = checkVector(vector, "query_vector");
        if (k < 1 || k > 1000) {
            throw DagArgumentException.invalid("k must be in [1, 1000]: " + k);
        }
        if (!(similarityThreshold >= -1 && similarityThreshold <= 1)) {
            throw DagArgumentException.invalid("similarity_threshold must be in [-1, 1]: " + similarityThreshold);
        }
        DagScope s = enabled();
        double[] qd = new double[DIM];
        for (int i = 0; i < DIM; i++) {
            qd[i] = q[i];
        }
        List<Pattern> found = s.engine().reasoningBank().querySimilarExact(qd, k);
        List<Pattern> kept = new ArrayList<>();
        List<Double> sims = new ArrayList<>();
        for (Pattern p : found) {
            double sim = cosine(q, p.centroid());
            if (sim >= similarityThreshold) {
                kept.add(p);
                sims.add(sim);
            }
        }
        Map<Long, String> metadata = metadata(s, kept);
        List<PatternMatch> out = new ArrayList<>();
        for (int i = 0; i < kept.size(); i++) {
            Pattern p = kept.get(i);
            out.add(new PatternMatch(
                    p.id(),
                    sims.get(i),
                    p.quality(),
                    metadata.getOrDefault(p.id(), "{}"),
                    p.usageCount(),
                    p.lastUsedAt()));
        }
        out.sort(Comparator.comparingDouble(PatternMatch::similarity).reversed());
        return List.copyOf(out);
    }

    private Map<Long, String> metadata(DagScope s, List<Pattern> ps) {
        Map<Long, String> out = new HashMap<>();
        if (ps.isEmpty()) {
            return out;
        }
        try {
            Jdbc.withConnection(dataSource, c -> {
                Long[] ids = ps.stream().map(Pattern::id).toArray(Long[]::new);
                Array arr = c.createArrayOf("bigint", ids);
                try (PreparedStatement st = c.prepareStatement("SELECT pattern_id, metadata::text FROM " + patternsTable
                        + " WHERE scope = ? AND pattern_id = ANY (?)")) {
                    st.setString(1, s.key());
                    st.setArray(2, arr);
                    try (ResultSet rs = st.executeQuery()) {
                        while (rs.next()) {
                            out.put(rs.getLong(1), rs.getString(2));
                        }
                    }
                } finally {
                    arr.free();
                }
                return Boolean.TRUE;
            });
        } catch (SQLException e) {
            throw Jdbc.failure("reading pattern metadata", e);
        }
        return out;
    }

    static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            dot += (double) a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
        }
        return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
    }

    @Override
    public List<ClusterRow> patternClusters() {
        DagScope s = enabled();
        try {
            return Jdbc.withConnection(dataSource, c -> {
                List<ClusterRow> out = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement("SELECT cluster_id, " + VectorCodec.readSql("centroid")
                        + ", member_count, avg_quality, representative_query FROM " + clusters
                        + " WHERE scope = ? ORDER BY cluster_id")) {
                    ps.setString(1, s.key());
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            out.add(new ClusterRow(
                                    rs.getLong(1),
                                    VectorCodec.read(rs, 2),
                                    rs.getInt(3),
                                    rs.getDouble(4),
                                    rs.getString(5)));
                        }
                    }
                }
                return List.copyOf(out);
            });
        } catch (SQLException e) {
            throw Jdbc.failure("reading clusters", e);
        }
    }

    @Override
    public ConsolidationRow consolidatePatterns(int targetClusters) {
        if (targetClusters < 1 || targetClusters > 100_000) {
            throw DagArgumentException.invalid("target_clusters must be in [1, 100000]: " + targetClusters);
        }
        DagScope s = enabled();
        long t0 = System.nanoTime();
        s.lock().lock();
        try {
            List<Pattern> before = s.engine().reasoningBank().patterns();
            if (before.size() <= targetClusters) {
                return new ConsolidationRow(before.size(), before.size(), 0, (System.nanoTime() - t0) / 1e6);
            }
            List<PatternCandidate> merged = Consolidation.merge(before, targetClusters);
            s.engine().reasoningBank().clear();
            s.engine().reasoningBank().storeAll(merged);
            persist(s, c -> {});
            int after = s.engine().reasoningBank().size();
            return new ConsolidationRow(
                    before.size(), after, before.size() - merged.size(), (System.nanoTime() - t0) / 1e6);
        } finally {
            s.lock().unlock();
        }
    }

    @FunctionalInterface
    private interface Extra {
        void run(Connection c) throws SQLException;
    }

    /** Persists the bank, runs extra work and rewrites the clusters, in one transaction. */
    private int persist(DagScope s, Extra extra) {
        try {
            return Jdbc.inTransaction(dataSource, c -> {
                patternStore.persistIn(c, s.key(), s.engine());
                extra.run(c);
                return rewriteClusters(c, s);
            });
        } catch (SQLException e) {
            throw Jdbc.failure("persisting the patterns", e);
        }
    }

    private int rewriteClusters(Connection c, DagScope s) throws SQLException {
        List<Pattern> ps = s.engine().reasoningBank().patterns();
        List<float[]> embeddings = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        try (PreparedStatement st =
                c.prepareStatement("SELECT " + VectorCodec.readSql("embedding") + ", query_text FROM "
                        + traj + " WHERE scope = ? AND query_text IS NOT NULL AND embedding IS NOT NULL"
                        + " ORDER BY recorded_at DESC LIMIT 2000")) {
            st.setString(1, s.key());
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    embeddings.add(VectorCodec.read(rs, 1));
                    texts.add(rs.getString(2));
                }
            }
        }
        try (PreparedStatement del = c.prepareStatement("DELETE FROM " + clusters + " WHERE scope = ?")) {
            del.setString(1, s.key());
            del.executeUpdate();
        }
        if (ps.isEmpty()) {
            return 0;
        }
        try (PreparedStatement ins = c.prepareStatement("INSERT INTO " + clusters
                + " (scope, cluster_id, centroid, member_count, avg_quality, representative_query, updated_at)"
                + " VALUES (?, ?, " + vectors.bindMarker() + ", ?, ?, ?, now())")) {
            for (Pattern p : ps) {
                String best = null;
                double bestSim = -2;
                for (int i = 0; i < embeddings.size(); i++) {
                    double sim = cosine(p.centroid(), embeddings.get(i));
                    if (sim > bestSim) {
                        bestSim = sim;
                        best = texts.get(i);
                    }
                }
                ins.setString(1, s.key());
                ins.setLong(2, p.id());
                ins.setString(3, vectors.literal(p.centroid()));
                ins.setInt(4, p.sampleCount());
                ins.setDouble(5, p.quality());
                if (best == null) {
                    ins.setNull(6, Types.VARCHAR);
                } else {
                    ins.setString(6, best);
                }
                ins.addBatch();
            }
            ins.executeBatch();
        }
        return ps.size();
    }

    // ------------------------------------------------------------------ Trajectories

    @Override
    public long recordTrajectory(
            long queryHash,
            String dagStructureJson,
            double executionTimeMs,
            double improvementRatio,
            String attentionMechanism) {
        Objects.requireNonNull(dagStructureJson, "dagStructureJson");
        AttentionMechanism m =
                AttentionMechanism.parse(Objects.requireNonNull(attentionMechanism, "attentionMechanism"));
        AttentionKind kind = m.kind()
                .orElseThrow(() ->
                        DagArgumentException.invalid("attention_mechanism must be the mechanism that ran, not auto"));
        if (!(executionTimeMs >= 0 && executionTimeMs <= 8.64e7)) {
            throw DagArgumentException.invalid("execution_time_ms must be in [0, 8.64e7]: " + executionTimeMs);
        }
        if (!(improvementRatio >= -1e6 && improvementRatio < 1)) {
            throw DagArgumentException.invalid("improvement_ratio must be in [-1e6, 1): " + improvementRatio);
        }
        Json.parse(dagStructureJson);
        QueryDag dag = readDag(dagStructureJson);
        if (dag.isEmpty()) {
            throw DagArgumentException.invalid("dag_structure has no nodes");
        }
        DagScope s = enabled();
        double baseline = executionTimeMs / (1 - improvementRatio);
        Trajectory t = s.engine().postQuery(dag, executionTimeMs, baseline, kind);
        return insertTrajectory(
                        s, t, queryHash, SqlTexts.sha256("query_hash:" + queryHash), null, "SQL_API", dagStructureJson)
                .trajectoryId();
    }

    private static QueryDag readDag(String json) {
        try {
            return DagFormats.read(json);
        } catch (IllegalArgumentException first) {
            try {
                return PostgresPlans.fromExplainJson(json).dag();
            } catch (IllegalArgumentException second) {
                DagArgumentException e = new DagArgumentException(
                        RvCode.INVALID_ARGUMENT,
                        "dag_structure is neither a DAG in a dag-core JSON format nor an EXPLAIN plan: "
                                + Texts.clip(String.valueOf(first.getMessage())),
                        first);
                e.addSuppressed(second);
                throw e;
            }
        }
    }

    private TrajectoryRow insertTrajectory(
            DagScope s,
            Trajectory t,
            long queryHash,
            String sqlHash,
            @Nullable String text,
            String mode,
            @Nullable String dagJson) {
        try {
            return Jdbc.inTransaction(dataSource, c -> {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + traj
                        + " (scope, engine_trajectory_id, query_hash, sql_hash, query_text, recorded_at,"
                        + " execution_time_ms, baseline_ms, improvement_ratio, quality, attention_mechanism,"
                        + " capture_mode, embedding, dag_structure) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                        + vectors.bindMarker() + ", CAST(? AS jsonb)) RETURNING trajectory_id, recorded_at")) {
                    ps.setString(1, s.key());
                    ps.setLong(2, t.id());
                    ps.setLong(3, queryHash);
                    ps.setString(4, sqlHash);
                    ps.setString(5, text == null ? null : clipText(text));
                    ps.setTimestamp(6, Timestamp.from(t.timestamp()));
                    ps.setDouble(7, t.metrics().executionMs());
                    ps.setDouble(8, t.metrics().baselineMs());
                    ps.setDouble(9, t.metrics().improvement());
                    ps.setDouble(10, t.quality());
                    ps.setString(11, t.mechanism().wireName());
                    ps.setString(12, mode);
                    ps.setString(13, vectors.literal(t.embedding()));
                    ps.setString(14, dagJson);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        return new TrajectoryRow(
                                rs.getLong(1),
                                queryHash,
                                rs.getTimestamp(2).toInstant(),
                                t.metrics().executionMs(),
                                t.metrics().improvement(),
                                t.mechanism().wireName());
                    }
                }
            });
        } catch (SQLException e) {
            throw Jdbc.failure("storing a trajectory", e);
        }
    }

    @Override
    public List<TrajectoryRow> trajectoryHistory(@Nullable Duration timeRange, double minImprovement, int limit) {
        if (timeRange != null && (timeRange.isNegative() || timeRange.isZero())) {
            throw DagArgumentException.invalid("time_range must be positive: " + timeRange);
        }
        if (!Double.isFinite(minImprovement)) {
            throw DagArgumentException.invalid("min_improvement must be finite: " + minImprovement);
        }
        if (limit < 1 || limit > 100_000) {
            throw DagArgumentException.invalid("limit_count must be in [1, 100000]: " + limit);
        }
        DagScope s = enabled();
        try {
            return Jdbc.withConnection(dataSource, c -> {
                List<TrajectoryRow> out = new ArrayList<>();
                try (PreparedStatement ps =
                        c.prepareStatement("SELECT * FROM " + SqlApiSchema.fn(installed, "dag_trajectory_history")
                                + "(CAST(? AS double precision) * interval '1 second', ?, ?, ?)")) {
                    if (timeRange == null) {
                        ps.setNull(1, Types.DOUBLE);
                    } else {
                        ps.setDouble(1, timeRange.toNanos() / 1e9);
                    }
                    ps.setDouble(2, minImprovement);
                    ps.setInt(3, limit);
                    ps.setString(4, s.key());
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            out.add(new TrajectoryRow(
                                    rs.getLong(1),
                                    rs.getLong(2),
                                    rs.getTimestamp(3).toInstant(),
                                    rs.getDouble(4),
                                    rs.getDouble(5),
                                    rs.getString(6)));
                        }
                    }
                }
                return List.copyOf(out);
            });
        } catch (SQLException e) {
            throw Jdbc.failure("reading the trajectory history", e);
        }
    }

    @Override
    public List<TrendRow> trajectoryTrends(Duration window) {
        Objects.requireNonNull(window, "window");
        if (window.compareTo(Duration.ofSeconds(1)) < 0 || window.compareTo(Duration.ofDays(366)) > 0) {
            throw DagArgumentException.invalid("window_size must be in [1 s, 366 days]: " + window);
        }
        DagScope s = enabled();
        try {
            return Jdbc.withConnection(dataSource, c -> {
                List<TrendRow> out = new ArrayList<>();
                try (PreparedStatement ps =
                        c.prepareStatement("SELECT * FROM " + SqlApiSchema.fn(installed, "dag_trajectory_trends")
                                + "(CAST(? AS double precision) * interval '1 second', ?)")) {
                    ps.setDouble(1, window.toNanos() / 1e9);
                    ps.setString(2, s.key());
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            out.add(new TrendRow(
                                    rs.getTimestamp(1).toInstant(),
                                    rs.getLong(2),
                                    rs.getDouble(3),
                                    rs.getString(4),
                                    rs.getLong(5)));
                        }
                    }
                }
                return List.copyOf(out);
            });
        } catch (SQLException e) {
            throw Jdbc.failure("reading the trajectory trends", e);
        }
    }

    @Override
    public TrajectoryRow learnFromExecution(String queryText) {
        Objects.requireNonNull(queryText, "queryText");
        DagScope s = enabled();
        PlanExplainer.QueryPlan x = plans.explainQuery(dataSource, queryText, true);
        QueryDag dag = x.plan().dag();
        Double exec = x.plan().executionTimeMs();
        double ms = exec == null ? 0 : exec;
        double baseline = baselines.getOrDefault(x.sqlHash(), 0.0);
        PreQueryResult pre = s.engine().preQuery(dag);
        ExecutionMetrics metrics = ExecutionMetrics.of(ms, baseline);
        Double rows = dag.isEmpty() ? null : dag.node(0).actualRows();
        if (rows != null) {
            metrics = metrics.withRows(Math.round(rows));
        }
        Trajectory t = s.engine().postQuery(dag, metrics, pre);
        if (baselines.size() > MAX_BASELINES) {
            baselines.clear();
        }
        baselines.merge(x.sqlHash(), ms, (old, now) -> old + EWMA_ALPHA * (now - old));
        return insertTrajectory(
                s, t, t.queryHash(), x.sqlHash(), x.normalized(), CaptureMode.EXPLAIN_ANALYZE.name(), null);
    }

    // ------------------------------------------------------------------ Learning

    @Override
    public LearnRow learnNow() {
        DagScope s = enabled();
        long t0 = System.nanoTime();
        s.lock().lock();
        try {
            int tasksBefore = s.engine().ewc().taskCount();
            CycleResult r = s.engine().runBackgroundCycle();
            int tasksAfter = s.engine().ewc().taskCount();
            lastLearned = Instant.now();
            return switch (r) {
                case CycleResult.Skipped k -> new LearnRow(0, 0, 0, (System.nanoTime() - t0) / 1e6);
                case CycleResult.Completed done -> {
                    persist(s, c -> {});
                    writeConfig(s.config());
                    yield new LearnRow(
                            done.stored() + done.merged(),
                            done.clusters(),
                            Math.max(0, tasksAfter - tasksBefore),
                            (System.nanoTime() - t0) / 1e6);
                }
            };
        } catch (RuntimeException e) {
            if (e instanceof RvException) {
                throw e;
            }
            throw new DagStateException(RvCode.LEARNING_FAILED, "learning cycle failed: " + e.getMessage(), e);
        } finally {
            s.lock().unlock();
        }
    }

    @Override
    public void resetLearning(boolean preservePatterns, boolean preserveTrajectories) {
        DagScope s = enabled();
        s.lock().lock();
        try {
            DagSonaEngine engine = s.engine();
            byte[] before = engine.saveState();
            try (DagSonaEngine fresh = DagSonaEngine.create(engine.config())) {
                engine.microLora().setParameters(fresh.microLora().parameters());
            }
            engine.ewc().reset();
            if (!preservePatterns) {
                engine.reasoningBank().clear();
            }
            List<Trajectory> drained =
                    preserveTrajectories ? List.of() : engine.trajectoryBuffer().drain();
            try {
                persist(s, c -> {
                    if (!preserveTrajectories) {
                        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + traj + " WHERE scope = ?")) {
                            ps.setString(1, s.key());
                            ps.executeUpdate();
                        }
                    }
                });
            } catch (RuntimeException e) {
                engine.loadState(before);
                for (Trajectory t : drained) {
                    engine.trajectoryBuffer().record(t);
                }
                throw e;
            }
            if (!preserveTrajectories) {
                baselines.clear();
            }
            lastLearned = Instant.now();
        } finally {
            s.lock().unlock();
        }
    }

    @Override
    public byte[] exportState() {
        DagScope s = enabled();
        s.lock().lock();
        try {
            byte[] state = s.engine().saveState();
            List<StateArchive.Row> rows = new ArrayList<>();
            Jdbc.withConnection(dataSource, c -> {
                try (PreparedStatement ps = c.prepareStatement("SELECT query_hash, recorded_at, execution_time_ms,"
                        + " baseline_ms, improvement_ratio, quality, attention_mechanism, sql_hash, query_text, "
                        + VectorCodec.readSql("embedding") + " FROM " + traj
                        + " WHERE scope = ? ORDER BY trajectory_id LIMIT " + StateArchive.MAX_ROWS)) {
                    ps.setString(1, s.key());
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            rows.add(new StateArchive.Row(
                                    rs.getLong(1),
                                    rs.getTimestamp(2).toInstant(),
                                    rs.getDouble(3),
                                    rs.getDouble(4),
                                    rs.getDouble(5),
                                    rs.getDouble(6),
                                    rs.getString(7),
                                    rs.getString(8),
                                    rs.getString(9),
                                    VectorCodec.read(rs, 10)));
                        }
                    }
                }
                return Boolean.TRUE;
            });
            return StateArchive.write(s.key(), state, rows);
        } catch (SQLException e) {
            throw Jdbc.failure("exporting the state", e);
        } finally {
            s.lock().unlock();
        }
    }

    @Override
    public ImportRow importState(byte[] archive) {
        Objects.requireNonNull(archive, "archive");
        StateArchive.Read read = StateArchive.read(archive);
        DagScope s = enabled();
        s.lock().lock();
        try {
            DagSonaEngine engine = s.engine();
            byte[] before = engine.saveState();
            try {
                engine.loadState(read.state());
            } catch (SonaStateException e) {
                throw new DagArgumentException(
                        RvCode.INVALID_ARGUMENT, "the archive's engine state does not fit: " + e.getMessage(), e);
            }
            int[] inserted = new int[1];
            int clustersWritten;
            try {
                clustersWritten = persist(s, c -> inserted[0] = insertRows(c, s, read.rows()));
            } catch (RuntimeException e) {
                engine.loadState(before);
                throw e;
            }
            lastLearned = Instant.now();
            return new ImportRow(engine.reasoningBank().size(), inserted[0], clustersWritten);
        } finally {
            s.lock().unlock();
        }
    }

    private int insertRows(Connection c, DagScope s, List<StateArchive.Row> rows) throws SQLException {
        if (rows.isEmpty()) {
            return 0;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + traj
                + " (scope, query_hash, sql_hash, query_text, recorded_at, execution_time_ms, baseline_ms,"
                + " improvement_ratio, quality, attention_mechanism, capture_mode, embedding)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'IMPORT', " + vectors.bindMarker() + ")")) {
            for (StateArchive.Row r : rows) {
                ps.setString(1, s.key());
                ps.setLong(2, r.queryHash());
                ps.setString(3, r.sqlHash());
                ps.setString(4, r.queryText());
                ps.setTimestamp(5, Timestamp.from(r.recordedAt()));
                ps.setDouble(6, r.executionMs());
                ps.setDouble(7, r.baselineMs());
                ps.setDouble(8, r.improvement());
                ps.setDouble(9, r.quality());
                ps.setString(10, r.mechanism());
                ps.setString(11, r.embedding().length == 0 ? null : vectors.literal(r.embedding()));
                ps.addBatch();
            }
            ps.executeBatch();
        }
        return rows.size();
    }

    private static String clipText(String text) {
        return text.length() <= CapturedExecution.MAX_TEXT ? text : text.substring(0, CapturedExecution.MAX_TEXT);
    }

    @Override
    public List<EwcRow> ewcConstraints() {
        DagScope s = enabled();
        double[] fisher = s.engine().ewc().fisher();
        double[] anchor = s.engine().ewc().anchor();
        List<EwcRow> out = new ArrayList<>();
        Instant when = lastLearned;
        for (int i = 0; i < fisher.length; i++) {
            if (fisher[i] > 0) {
                out.add(new EwcRow("micro_lora.theta[" + i + "]", fisher[i], i < anchor.length ? anchor[i] : 0, when));
            }
        }
        out.sort(Comparator.comparingDouble(EwcRow::fisherImportance).reversed());
        return List.copyOf(out.size() > 256 ? out.subList(0, 256) : out);
    }
}
