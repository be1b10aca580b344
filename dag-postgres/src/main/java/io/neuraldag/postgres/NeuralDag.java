package io.neuraldag.postgres;

import io.neuraldag.sona.SonaConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * The M4 part of the SQL API of spec 03 §2 as a Java facade over one PostgreSQL database: 29
 * functions in seven groups, each answering from real state — the server's {@code EXPLAIN} of the
 * query, the min-cut, attention and SONA engines, and the rows stored in the {@code ruvector} schema.
 * The Java names are the SQL names in camelCase without {@code dag_}: SQL {@code
 * dag_analyze_plan(q)} is {@code analysis().analyzePlan(q)}.
 *
 * <table>
 *   <caption>Groups</caption>
 *   <tr><th>Accessor</th><th>Spec group</th><th>Functions</th></tr>
 *   <tr><td>{@link #settings()}</td><td>Config (5)</td><td>setEnabled, setLearningRate, setAttention,
 *       configureSona, setQudagEndpoint</td></tr>
 *   <tr><td>{@link #state()}</td><td>Status (3)</td><td>config, status, healthCheck</td></tr>
 *   <tr><td>{@link #analysis()}</td><td>Analysis (4)</td><td>analyzePlan, criticalPath, bottlenecks,
 *       mincutAnalysis</td></tr>
 *   <tr><td>{@link #attention()}</td><td>Attention (5)</td><td>attentionScores, attentionMatrix,
 *       attentionVisualize, attentionConfigure, attentionStats</td></tr>
 *   <tr><td>{@link #patterns()}</td><td>Patterns (4)</td><td>storePattern, queryPatterns,
 *       patternClusters, consolidatePatterns</td></tr>
 *   <tr><td>{@link #trajectories()}</td><td>Trajectories (3, plus learnFromExecution)</td>
 *       <td>recordTrajectory, trajectoryHistory, trajectoryTrends</td></tr>
 *   <tr><td>{@link #learning()}</td><td>Learning (5)</td><td>learnNow, resetLearning, exportState,
 *       importState, ewcConstraints</td></tr>
 * </table>
 *
 * <p><b>Errors.</b> Every function throws an {@link RvException}: {@link DagArgumentException} RV011
 * for an argument out of range (nothing changes), RV002 for an unknown attention mechanism, RV012
 * when the query text is not one explainable statement or the server rejects it, RV001 from the
 * Analysis, Attention, Patterns, Trajectories and Learning groups while the engine is disabled
 * ({@code setEnabled(false)}), RV004 when the database fails. Null arguments get an NPE.
 *
 * <p><b>Query texts</b> are never mixed with other SQL: a text must be exactly one statement
 * (strings, comments and dollar quotes are understood), is sent alone as the operand of {@code
 * EXPLAIN} in a {@code READ ONLY} transaction with a 5 s {@code statement_timeout}, and the
 * transaction is rolled back. Parameter markers {@code $1…} are planned generically (a prepared
 * statement under {@code plan_cache_mode = force_generic_plan}), so a pgvector {@code ORDER BY
 * embedding <-> $1} query needs no value. Every other text argument is a bound parameter.
 *
 * <p>Thread-safe: any number of threads may call any function.
 */
public interface NeuralDag extends AutoCloseable {

    /**
     * A facade on the default schema {@value DagSchema#DEFAULT_NAME}, installing it (and the SQL
     * functions of {@link SqlApiSchema}) when needed.
     *
     * @param dataSource the database; not closed by {@link #close()}
     * @param config the settings of the global scope
     * @return the facade
     * @throws DagStateException RV004 if the schema cannot be installed
     */
    static NeuralDag create(DataSource dataSource, DagConfig config) {
        return builder(dataSource).config(config).build();
    }

    /**
     * A builder.
     *
     * @param dataSource the database; not closed by {@link #close()}
     * @return a new builder
     */
    static Builder builder(DataSource dataSource) {
        return new Builder(dataSource);
    }

    /**
     * The Config group.
     *
     * @return the group
     */
    Settings settings();

    /**
     * The Status group.
     *
     * @return the group
     */
    State state();

    /**
     * The Analysis group.
     *
     * @return the group
     */
    Analysis analysis();

    /**
     * The Attention group.
     *
     * @return the group
     */
    Attention attention();

    /**
     * The Patterns group.
     *
     * @return the group
     */
    Patterns patterns();

    /**
     * The Trajectories group.
     *
     * @return the group
     */
    Trajectories trajectories();

    /**
     * The Learning group.
     *
     * @return the group
     */
    Learning learning();

    /**
     * The installed schema the facade reads and writes.
     *
     * @return the installation
     */
    DagSchema.Installed schema();

    /** Closes the engines; the data source stays open. Idempotent. */
    @Override
    void close();

    // ------------------------------------------------------------------ groups

    /** Config (5): settings of the global scope. Each change is also written to {@code dag_config}. */
    interface Settings {
        /**
         * {@code dag_set_enabled(enabled)}.
         *
         * @param enabled whether the engine captures, analyses and learns
         */
        void setEnabled(boolean enabled);

        /**
         * {@code dag_set_learning_rate(rate)}.
         *
         * @param rate in [1e-4, 1]
         * @throws DagArgumentException RV011 out of range or NaN
         */
        void setLearningRate(double rate);

        /**
         * {@code dag_set_attention(mechanism)}.
         *
         * @param mechanism topological, causal_cone, critical_path, mincut_gated, hierarchical_lorentz,
         *     parallel_branch, temporal_btsp or auto
         * @throws DagArgumentException RV002 for another name
         */
        void setAttention(String mechanism);

        /**
         * {@code dag_configure_sona(micro_lora_rank=2, base_lora_rank=8, ewc_lambda=5000,
         * pattern_clusters=100)}. Validates all four before changing any.
         *
         * @param microLoraRank in [1, 4]
         * @param baseLoraRank in [4, 16]
         * @param ewcLambda in [100, 50 000], at most the configured maximum λ
         * @param patternClusters in [10, 1000]
         * @throws DagArgumentException RV011 naming the first value out of range
         */
        void configureSona(int microLoraRank, int baseLoraRank, double ewcLambda, int patternClusters);

        /**
         * {@code dag_set_qudag_endpoint(endpoint, stake_amount=0)}. Records where patterns would be
         * shared; this module opens no connection ({@link StatusRow#qudagConnected()} answers from the
         * {@link QudagLinkStatus} given to the builder).
         *
         * @param endpoint an absolute URI of at most 2048 characters
         * @param stakeAmount 0 (keep the configured minimum stake) or in [10, 1000] rUv
         * @throws DagArgumentException RV011 for a bad URI or stake
         */
        void setQudagEndpoint(String endpoint, double stakeAmount);
    }

    /** Status (3). These work while the engine is disabled. */
    interface State {
        /**
         * {@code dag_config()}.
         *
         * @return the settings in effect
         */
        ConfigRow config();

        /**
         * {@code dag_status()}.
         *
         * @return counters from the engine and the stored rows
         */
        StatusRow status();

        /**
         * {@code dag_health_check()}: database, schema, engine, trajectory buffer and attention.
         *
         * @return one row per component
         */
        List<HealthRow> healthCheck();
    }

    /** Analysis (4): the server's plan of a query, with min-cut and attention on it. */
    interface Analysis {
        /**
         * {@code dag_analyze_plan(q)}: one row per plan node, ids in pre-order (0 = top node).
         *
         * @param queryText one statement
         * @return the nodes by id
         * @throws DagStateException RV012 if the text is not one statement or EXPLAIN fails, RV001
         *     when disabled
         */
        List<PlanNodeRow> analyzePlan(String queryText);

        /**
         * {@code dag_critical_path(q)}: the heaviest input-to-output path by self cost, from the
         * deepest input to the top node.
         *
         * @param queryText one statement
         * @return the path, position 1 first
         */
        List<CriticalPathRow> criticalPath(String queryText);

        /**
         * {@code dag_bottlenecks(q, threshold=0.7)}.
         *
         * @param queryText one statement
         * @param threshold the lowest bottleneck score reported, in [0, 1]
         * @return nodes at or above the threshold, by score descending
         * @throws DagArgumentException RV011 for a threshold outside [0, 1]
         */
        List<BottleneckRow> bottlenecks(String queryText, double threshold);

        /**
         * {@code dag_mincut_analysis(q)}: the inclusion-minimal minimum cut (cut 1) and, when it
         * differs, the inclusion-maximal one (cut 2) of the plan's flow network.
         *
         * @param queryText one statement
         * @return one or two cuts; none for a plan without a finite cut
         */
        List<MinCutRow> mincutAnalysis(String queryText);
    }

    /** Attention (5). Mechanism names as {@link Settings#setAttention}; {@code auto} asks SONA. */
    interface Attention {
        /**
         * {@code dag_attention_scores(q, mechanism='auto')}.
         *
         * @param queryText one statement
         * @param mechanism a mechanism or auto
         * @return one row per node
         * @throws DagArgumentException RV002 for an unknown mechanism
         */
        List<AttentionScoreRow> attentionScores(String queryText, String mechanism);

        /**
         * {@code dag_attention_matrix(q, mechanism)}: row {@code i} is the content-mode attention of
         * the node with id {@code i} over the plan (weight 0 outside its mask).
         *
         * @param queryText one statement
         * @param mechanism a mechanism or auto
         * @return an n × n matrix, rows summing to 1
         */
        double[][] attentionMatrix(String queryText, String mechanism);

        /**
         * {@code dag_attention_visualize(q, mechanism, format='dot')}.
         *
         * @param queryText one statement
         * @param mechanism a mechanism or auto
         * @param format dot, json, ascii or mermaid
         * @return the rendering
         * @throws DagArgumentException RV011 for another format
         */
        String attentionVisualize(String queryText, String mechanism, String format);

        /**
         * {@code dag_attention_configure(mechanism, params)}: sets parameters of one mechanism, e.g.
         * {@code topological {"decay": 0.8}}; {@code auto {"exploration": 0.2}} sets the exploration
         * rate. Unknown names or values out of range: RV011, nothing changes.
         *
         * @param mechanism a mechanism or auto
         * @param params parameter name (snake_case) to value
         */
        void attentionConfigure(String mechanism, Map<String, Double> params);

        /**
         * {@code dag_attention_stats()}: per mechanism.
         *
         * @return seven rows
         */
        List<AttentionStatRow> attentionStats();
    }

    /** Patterns (4): the ReasoningBank of the global scope, persisted in {@code dag_patterns}. */
    interface Patterns {
        /**
         * {@code dag_store_pattern(pattern_vector, pattern_metadata, quality_score)}.
         *
         * @param vector 256 finite floats
         * @param metadataJson a JSON object
         * @param quality in [0, 1]
         * @return the pattern id (an existing one when the bank merged the vector into it)
         * @throws DagArgumentException RV011 for a bad vector, metadata or quality
         */
        long storePattern(float[] vector, String metadataJson, double quality);

        /**
         * {@code dag_query_patterns(query_vector, k=5, similarity_threshold=0.7)}.
         *
         * @param vector 256 finite floats
         * @param k in [1, 1000]
         * @param similarityThreshold cosine in [-1, 1]
         * @return matches by similarity descending
         */
        List<PatternMatch> queryPatterns(float[] vector, int k, double similarityThreshold);

        /**
         * {@code dag_pattern_clusters()}: the bank's patterns as clusters, with the stored query
         * nearest each centroid.
         *
         * @return clusters by id
         */
        List<ClusterRow> patternClusters();

        /**
         * {@code dag_consolidate_patterns(target_clusters=100)}: merges the most similar patterns
         * (cosine, sample-weighted centroids) until at most {@code targetClusters} remain.
         *
         * @param targetClusters in [1, 100 000]
         * @return what changed
         */
        ConsolidationRow consolidatePatterns(int targetClusters);
    }

    /** Trajectories (3), plus {@code learn_from_execution}. */
    interface Trajectories {
        /**
         * {@code dag_record_trajectory(query_hash, dag_structure, execution_time_ms,
         * improvement_ratio, attention_mechanism)}: stores the row and feeds the engine.
         *
         * @param queryHash the caller's query hash
         * @param dagStructureJson a DAG in one of dag-core's JSON formats, or EXPLAIN (FORMAT JSON)
         * @param executionTimeMs finite, in [0, 8.64e7]
         * @param improvementRatio (baseline − time) / baseline, in [-1e6, 1)
         * @param attentionMechanism the mechanism that ran (not auto)
         * @return the trajectory id
         */
        long recordTrajectory(
                long queryHash,
                String dagStructureJson,
                double executionTimeMs,
                double improvementRatio,
                String attentionMechanism);

        /**
         * {@code dag_trajectory_history(time_range=NULL, min_improvement=0, limit_count=100)}.
         *
         * @param timeRange how far back, or null for all
         * @param minImprovement the lowest improvement ratio
         * @param limit in [1, 100 000]
         * @return newest first
         */
        List<TrajectoryRow> trajectoryHistory(@Nullable Duration timeRange, double minImprovement, int limit);

        /**
         * {@code dag_trajectory_trends(window_size='1 hour')}.
         *
         * @param window the bucket width, 1 s to 366 days
         * @return buckets with trajectories, newest first
         */
        List<TrendRow> trajectoryTrends(Duration window);

        /**
         * {@code learn_from_execution(q)} (kept from upstream): runs the query once under {@code
         * EXPLAIN (ANALYZE)} in a read-only transaction that is rolled back, and records the
         * measured time as a trajectory (baseline: the EWMA, α 0.2, of earlier times of the same
         * normalised text).
         *
         * @param queryText one SELECT, WITH, VALUES or TABLE statement
         * @return the stored row
         */
        TrajectoryRow learnFromExecution(String queryText);
    }

    /** Learning (5). */
    interface Learning {
        /**
         * {@code dag_learn_now()}: one SONA cycle, then the bank is persisted and the clusters
         * rewritten, in one transaction.
         *
         * @return what the cycle did
         */
        LearnRow learnNow();

        /**
         * {@code dag_reset_learning(preserve_patterns=true, preserve_trajectories=false)}.
         *
         * @param preservePatterns keep the bank (the adapter and EWC++ restart either way)
         * @param preserveTrajectories keep buffered and stored trajectories
         */
        void resetLearning(boolean preservePatterns, boolean preserveTrajectories);

        /**
         * {@code dag_export_state()}: the engine state and the stored trajectories, versioned and
         * checksummed.
         *
         * @return the archive
         */
        byte[] exportState();

        /**
         * {@code dag_import_state(bytea)}: replaces the learned state, adds the trajectories.
         *
         * @param archive what {@link #exportState()} returned
         * @return counts
         * @throws DagArgumentException RV011 for a bad version, truncation or checksum (nothing
         *     changes)
         */
        ImportRow importState(byte[] archive);

        /**
         * {@code dag_ewc_constraints()}: the adapter parameters EWC++ protects, most important first
         * (at most 256).
         *
         * @return rows with Fisher importance above 0
         */
        List<EwcRow> ewcConstraints();
    }

    // ------------------------------------------------------------------ rows

    /**
     * A row of {@code dag_config()}.
     *
     * @param enabled whether the engine is on
     * @param learningRate η
     * @param attentionMechanism the mechanism setting
     * @param microLoraRank micro adapter rank
     * @param baseLoraRank base adapter rank
     * @param ewcLambda EWC++ λ
     * @param qudagEndpoint the QuDAG node, or null
     */
    record ConfigRow(
            boolean enabled,
            double learningRate,
            String attentionMechanism,
            int microLoraRank,
            int baseLoraRank,
            double ewcLambda,
            @Nullable String qudagEndpoint) {}

    /**
     * A row of {@code dag_status()}.
     *
     * @param activePatterns patterns in the bank
     * @param totalTrajectories trajectories stored for the scope
     * @param avgImprovement mean improvement ratio of the stored trajectories (0 without any)
     * @param attentionHits pre-query lookups that applied a confident pattern
     * @param learningRateEffective the learning rate in effect
     * @param qudagConnected whether a QuDAG node is connected, from the builder's {@link
     *     QudagLinkStatus} (false without one)
     */
    record StatusRow(
            int activePatterns,
            long totalTrajectories,
            double avgImprovement,
            long attentionHits,
            double learningRateEffective,
            boolean qudagConnected) {}

    /**
     * A row of {@code dag_health_check()}.
     *
     * @param component the component
     * @param status ok, warning or error
     * @param lastCheck when it was checked
     * @param message what was found
     */
    record HealthRow(String component, String status, Instant lastCheck, String message) {}

    /**
     * A row of {@code dag_analyze_plan(q)}.
     *
     * @param nodeId pre-order id
     * @param operatorType the operator kind, e.g. {@code HnswScan}
     * @param criticality min-cut criticality {@code 1 − λ/λ_v^∞} in [0, 1]
     * @param bottleneckScore {@code 0.6·criticality + 0.4·cost share} in [0, 1]
     * @param embedding 256 floats of unit length: the operator kind (one-hot), log self cost, rows and
     *     total cost, depth, degrees, both criticalities, and hashed relation, index and metric names
     * @param parentIds consumers of the node (EXPLAIN's parent), ascending
     * @param childIds inputs of the node, ascending
     * @param estimatedCost self cost (Total Cost minus the inputs' Total Cost)
     * @param recommendations advice for the node
     */
    @SuppressWarnings("ArrayRecordComponent") // copied in and out
    record PlanNodeRow(
            int nodeId,
            String operatorType,
            double criticality,
            double bottleneckScore,
            float[] embedding,
            List<Integer> parentIds,
            List<Integer> childIds,
            double estimatedCost,
            List<String> recommendations) {
        /**
         * Copies.
         *
         * @throws NullPointerException for a null reference
         */
        public PlanNodeRow {
            Objects.requireNonNull(operatorType, "operatorType");
            embedding = embedding.clone();
            parentIds = List.copyOf(parentIds);
            childIds = List.copyOf(childIds);
            recommendations = List.copyOf(recommendations);
        }

        /**
         * The embedding.
         *
         * @return a copy
         */
        @Override
        public float[] embedding() {
            return embedding.clone();
        }
    }

    /**
     * A row of {@code dag_critical_path(q)}.
     *
     * @param pathPosition 1-based
     * @param nodeId the node
     * @param operatorType its kind
     * @param accumulatedCost self costs summed up to and including this node
     * @param attentionWeight the node's critical_path attention weight
     */
    record CriticalPathRow(
            int pathPosition, int nodeId, String operatorType, double accumulatedCost, double attentionWeight) {}

    /**
     * A row of {@code dag_bottlenecks(q, threshold)}.
     *
     * @param nodeId the node
     * @param operatorType its kind
     * @param bottleneckScore as in {@link PlanNodeRow}
     * @param impactEstimate self cost × criticality
     * @param suggestedAction what to do
     */
    record BottleneckRow(
            int nodeId, String operatorType, double bottleneckScore, double impactEstimate, String suggestedAction) {}

    /**
     * A row of {@code dag_mincut_analysis(q)}.
     *
     * @param cutId 1 (minimal source side) or 2 (maximal source side)
     * @param sourceNodes operators whose input side lies on the source side, ascending
     * @param sinkNodes the other operators, ascending
     * @param cutCapacity λ, the capacity of the cut
     * @param parallelizationOpportunity {@code 1 − critical path cost / total cost}
     */
    record MinCutRow(
            int cutId,
            List<Integer> sourceNodes,
            List<Integer> sinkNodes,
            double cutCapacity,
            double parallelizationOpportunity) {
        /**
         * Copies.
         *
         * @throws NullPointerException for a null list
         */
        public MinCutRow {
            sourceNodes = List.copyOf(sourceNodes);
            sinkNodes = List.copyOf(sinkNodes);
        }
    }

    /**
     * A row of {@code dag_attention_scores(q, mechanism)}.
     *
     * @param nodeId the node
     * @param attentionWeight structural weight in [0, 1]
     * @param queryContribution the node's attention row (weights it gives, by node id)
     * @param keyContribution the node's attention column (weights it receives, by node id)
     */
    @SuppressWarnings("ArrayRecordComponent") // copied in and out
    record AttentionScoreRow(int nodeId, double attentionWeight, double[] queryContribution, double[] keyContribution) {
        /** Copies. */
        public AttentionScoreRow {
            queryContribution = queryContribution.clone();
            keyContribution = keyContribution.clone();
        }

        /**
         * The row.
         *
         * @return a copy
         */
        @Override
        public double[] queryContribution() {
            return queryContribution.clone();
        }

        /**
         * The column.
         *
         * @return a copy
         */
        @Override
        public double[] keyContribution() {
            return keyContribution.clone();
        }
    }

    /**
     * A row of {@code dag_attention_stats()}.
     *
     * @param mechanism the mechanism
     * @param invocations how often this facade computed it
     * @param avgLatencyUs mean time of those computations, µs
     * @param hitRate share of stored trajectories that ran with it
     * @param improvementRatio mean improvement of those trajectories (0 without any)
     */
    record AttentionStatRow(
            String mechanism, long invocations, double avgLatencyUs, double hitRate, double improvementRatio) {}

    /**
     * A row of {@code dag_query_patterns}.
     *
     * @param patternId the id
     * @param similarity cosine to the query
     * @param qualityScore the pattern's quality
     * @param metadata its metadata (JSON object text)
     * @param usageCount how often it was used
     * @param lastUsed when it was last used
     */
    record PatternMatch(
            long patternId,
            double similarity,
            double qualityScore,
            String metadata,
            long usageCount,
            Instant lastUsed) {}

    /**
     * A row of {@code dag_pattern_clusters()}.
     *
     * @param clusterId the pattern id
     * @param centroid 256 floats
     * @param memberCount trajectories merged into it
     * @param avgQuality their mean quality
     * @param representativeQuery the stored query text nearest the centroid, or null
     */
    @SuppressWarnings("ArrayRecordComponent") // copied in and out
    record ClusterRow(
            long clusterId,
            float[] centroid,
            int memberCount,
            double avgQuality,
            @Nullable String representativeQuery) {
        /** Copies. */
        public ClusterRow {
            centroid = centroid.clone();
        }

        /**
         * The centroid.
         *
         * @return a copy
         */
        @Override
        public float[] centroid() {
            return centroid.clone();
        }
    }

    /**
     * What {@code dag_consolidate_patterns} did.
     *
     * @param clustersBefore patterns before
     * @param clustersAfter patterns after
     * @param patternsMerged merges made
     * @param consolidationTimeMs wall time
     */
    record ConsolidationRow(int clustersBefore, int clustersAfter, int patternsMerged, double consolidationTimeMs) {}

    /**
     * A stored trajectory.
     *
     * @param trajectoryId the row id
     * @param queryHash the query hash
     * @param recordedAt when
     * @param executionTimeMs measured time
     * @param improvementRatio (baseline − time) / baseline
     * @param attentionMechanism the mechanism that ran
     */
    record TrajectoryRow(
            long trajectoryId,
            long queryHash,
            Instant recordedAt,
            double executionTimeMs,
            double improvementRatio,
            String attentionMechanism) {}

    /**
     * A row of {@code dag_trajectory_trends}.
     *
     * @param windowStart bucket start
     * @param trajectoryCount trajectories in it
     * @param avgImprovement their mean improvement
     * @param bestMechanism the mechanism with the best mean improvement in it
     * @param patternDiscoveries patterns created in it
     */
    record TrendRow(
            Instant windowStart,
            long trajectoryCount,
            double avgImprovement,
            String bestMechanism,
            long patternDiscoveries) {}

    /**
     * What {@code dag_learn_now} did.
     *
     * @param patternsUpdated patterns stored or merged
     * @param newClusters clusters the cycle formed
     * @param ewcConstraintsUpdated whether EWC++ consolidated (1) or not (0)
     * @param cycleTimeMs wall time, persistence included
     */
    record LearnRow(int patternsUpdated, int newClusters, int ewcConstraintsUpdated, double cycleTimeMs) {}

    /**
     * What {@code dag_import_state} did.
     *
     * @param patternsImported patterns now in the bank
     * @param trajectoriesImported trajectory rows added
     * @param clustersRestored cluster rows written
     */
    record ImportRow(int patternsImported, int trajectoriesImported, int clustersRestored) {}

    /**
     * A row of {@code dag_ewc_constraints}.
     *
     * @param parameterName e.g. {@code micro_lora.theta[17]}
     * @param fisherImportance the Fisher diagonal
     * @param optimalValue the anchor θ*
     * @param lastUpdated when the facade last saw the engine learn
     */
    record EwcRow(String parameterName, double fisherImportance, double optimalValue, Instant lastUpdated) {}

    /** Builder of a {@link NeuralDag}; not thread-safe. */
    final class Builder {
        private final DataSource dataSource;
        private DagConfig config = DagConfig.defaults();
        private DagSchema schema = DagSchema.defaultSchema();
        private SonaConfig engineBase = SonaConfig.defaults();
        private QudagLinkStatus qudagStatus = QudagLinkStatus.none();

        private Builder(DataSource dataSource) {
            this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        }

        /**
         * The settings of the global scope. Default {@link DagConfig#defaults()}.
         *
         * @param value the settings
         * @return this builder
         */
        public Builder config(DagConfig value) {
            this.config = Objects.requireNonNull(value, "config");
            return this;
        }

        /**
         * The schema. Default {@value DagSchema#DEFAULT_NAME}.
         *
         * @param value the schema
         * @return this builder
         */
        public Builder schema(DagSchema value) {
            this.schema = Objects.requireNonNull(value, "schema");
            return this;
        }

        /**
         * The engine settings the config is applied to (seed, minimum trajectories per cycle, …).
         * Default {@link SonaConfig#defaults()}.
         *
         * @param value the engine settings, dimension 256
         * @return this builder
         */
        public Builder engineBase(SonaConfig value) {
            this.engineBase = Objects.requireNonNull(value, "engineBase");
            return this;
        }

        /**
         * Where {@code status().qudagConnected()} comes from. Default {@link QudagLinkStatus#none()}.
         *
         * @param value the live link state
         * @return this builder
         */
        public Builder qudagStatus(QudagLinkStatus value) {
            this.qudagStatus = Objects.requireNonNull(value, "qudagStatus");
            return this;
        }

        /**
         * Installs the schema and the SQL functions, reloads the stored state, and makes the facade.
         *
         * @return the facade
         * @throws DagStateException RV004 if installing or loading fails
         */
        public NeuralDag build() {
            return PgNeuralDag.open(dataSource, config, schema, engineBase, qudagStatus);
        }
    }
}
