package io.neuraldag.postgres;

import io.neuraldag.sona.SonaConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
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
 *   <tr><td>{@link #qudag()}</td><td>QuDAG (5)</td><td>connect, status, proposePattern,
 *       proposalStatus, syncPatterns (SQL {@code qudag_*})</td></tr>
 *   <tr><td>{@link #tokens()}</td><td>Tokens (4)</td><td>balance, stake, claimRewards,
 *       stakingInfo</td></tr>
 *   <tr><td>{@link #crypto()}</td><td>Crypto (5)</td><td>generateKemKeypair, encrypt, decrypt, sign,
 *       verify</td></tr>
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
     * The QuDAG group: connection to a pattern-sharing network, proposals and sync.
     *
     * @return the group
     */
    QuDag qudag();

    /**
     * The Tokens group: the rUv ledger of the connected network.
     *
     * @return the group
     */
    Tokens tokens();

    /**
     * The Crypto group: ML-KEM-768 and ML-DSA-65 with secret keys held by UUID handle.
     *
     * @return the group
     */
    Crypto crypto();

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
         * shared; it opens no connection ({@code qudag_connect} does, see {@link #qudag()}).
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
     * @param qudagConnected whether the facade's own QuDAG session is connected, or the builder's
     *     {@link QudagLinkStatus} answers true
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

    // ------------------------------------------------------------------ QuDAG, Tokens, Crypto

    /**
     * QuDAG (5): a dag-qudag {@link io.neuraldag.qudag.QuDagClient} of the facade's node identity on
     * a network registered with {@link Builder#qudagNetwork}. Synced patterns are imported into the
     * global scope's reasoning bank (through {@link ReasoningBankSink} behind one {@link
     * io.neuraldag.qudag.PatternImporter}, so a re-sync is idempotent) and persisted with it; every
     * proposal is a row of {@code dag_qudag_proposals}, updated by {@link #proposalStatus}.
     *
     * <p>While not connected, {@link #proposePattern}, {@link #proposalStatus} and {@link
     * #syncPatterns} throw RV005; {@link #status} answers {@code connected = false}.
     */
    interface QuDag {
        /**
         * {@code qudag_connect(endpoint, identity_key=NULL)}: closes any earlier connection and
         * connects to the network registered under {@code endpoint}.
         *
         * @param endpoint a name given to {@link Builder#qudagNetwork}
         * @param identityKey {@code null} for the facade's identity, else a handle from {@link
         *     #registerIdentity}
         * @return whether the node answered, the node id, the wire version
         * @throws DagStateException RV005 for an endpoint nobody registered; RV006 for an unknown
         *     identity handle (in both cases the old connection is kept). A node that does not
         *     answer, or refuses the identity, gives {@code connected = false}.
         */
        ConnectRow connect(String endpoint, @Nullable UUID identityKey);

        /**
         * {@code qudag_status()}.
         *
         * @return the node's status, or {@code connected = false} with sync {@code disconnected}
         */
        QudagStatusRow status();

        /**
         * {@code qudag_propose_pattern(pattern_vector, metadata, stake_amount=0)}: proposes a
         * centroid with the conservative defaults of {@link io.neuraldag.qudag.PatternProposal#of(float[],
         * Map, io.neuraldag.qudag.PrivacyParams)} (10 members, quality 1.0, Gaussian ε 1, δ 1e-5)
         * and records it in {@code dag_qudag_proposals}.
         *
         * @param vector 256 finite values
         * @param metadataJson a flat JSON object; numbers and booleans are sent as their JSON text
         * @param stakeAmount rUv attached to the proposal, ≥ 0 (micro-rUv precision)
         * @return the proposal id, when it was submitted, its status at this node
         * @throws DagArgumentException RV011 for a bad vector, metadata or stake, or when the
         *     privacy budget (ε ≤ 10 per 24 h) would be exceeded
         * @throws DagStateException RV005 disconnected
         */
        ProposalRow proposePattern(float[] vector, String metadataJson, double stakeAmount);

        /**
         * {@code qudag_propose_pattern(pattern_vector, metadata, stake_amount=0, member_count=10,
         * quality=1.0)}: proposes a centroid computed from {@code memberCount} patterns of mean quality
         * {@code quality}, with Gaussian ε 1, δ 1e-5. The released quality carries Laplace noise of
         * scale 1 / (0.1 · memberCount); validators reject a released quality below 0.3, so with
         * the minimum of 10 members a proposal of quality 1.0 is rejected about one time in four,
         * and with 100 members about one time in 2 000.
         *
         * @param vector 256 finite values
         * @param metadataJson a flat JSON object; numbers and booleans are sent as their JSON text
         * @param stakeAmount rUv attached to the proposal, ≥ 0 (micro-rUv precision)
         * @param memberCount the number of patterns behind the centroid, ≥ 10
         * @param quality their mean quality, in [0, 1]
         * @return the proposal id, when it was submitted, its status at this node
         * @throws DagArgumentException RV011 for a bad vector, metadata, stake, member count or
         *     quality, or when the privacy budget (ε ≤ 10 per 24 h) would be exceeded
         * @throws DagStateException RV005 disconnected
         */
        ProposalRow proposePattern(
                float[] vector, String metadataJson, double stakeAmount, int memberCount, double quality);

        /**
         * {@code qudag_proposal_status(id)}; updates the proposal's row.
         *
         * @param proposalId a proposal id (64 hex digits)
         * @return the status, the votes of the last counted round, whether it is final and when this
         *     facade first saw it final
         * @throws DagArgumentException RV011 for an id the node does not know
         */
        ProposalStatusRow proposalStatus(String proposalId);

        /**
         * {@code qudag_sync_patterns(since_round=0)}: fetches the finalized patterns of round ≥
         * {@code sinceRound} and imports them into the reasoning bank (RV001 while the scope is
         * disabled). Patterns of a dimension other than 256 are received but not applied.
         *
         * @param sinceRound the first round, ≥ 0
         * @return received, applied (new ids and conflict winners), conflicts resolved
         */
        SyncRow syncPatterns(long sinceRound);

        /**
         * Makes a node identity usable as {@code identity_key} of {@link #connect}; Java only, so
         * that secret keys never pass through SQL. The facade does not close it.
         *
         * @param identity the identity
         * @return its handle
         */
        UUID registerIdentity(io.neuraldag.qudag.NodeIdentity identity);
    }

    /** Tokens (4): amounts in rUv as float8 (the ledger counts micro-rUv). RV005 while disconnected. */
    interface Tokens {
        /**
         * {@code qudag_balance()}.
         *
         * @return the spendable balance in rUv
         */
        double balance();

        /**
         * {@code qudag_stake(amount)} with the default 30-day lock.
         *
         * @param amount whole rUv in [10, 1000]
         * @return the new stake and the transaction hash
         * @throws DagArgumentException RV011 for a non-integral or out-of-range amount, or when
         *     the node already has a stake
         * @throws DagStateException RV007 when the balance does not cover it
         */
        StakeRow stake(double amount);

        /**
         * {@code qudag_claim_rewards()}: pays everything pending.
         *
         * @return the amount, the transaction hash and the reward source
         */
        ClaimRow claimRewards();

        /**
         * {@code qudag_staking_info()}.
         *
         * @return stake, pending rewards, lock end, APR estimate
         */
        StakingInfoRow stakingInfo();
    }

    /**
     * Crypto (5): FIPS 203 ML-KEM-768 and FIPS 204 ML-DSA-65 (Bouncy Castle). A generated KEM
     * secret key stays in this JVM; SQL and Java see only its random UUID handle, valid until
     * {@link #destroyKey} or {@link NeuralDag#close()} (which zero it). Malformed keys, ciphertexts
     * and signatures, tampering, and unknown handles are RV008.
     *
     * <p><b>Encryption</b> to a recipient's public key: encapsulate, derive the key with BLAKE3
     * derive-key ("neural-dag 2026-12 qudag_encrypt v1"), ChaCha20-Poly1305 with a random nonce and the
     * encapsulated key as AAD; {@code ciphertext} = nonce(12) ‖ AEAD output.
     *
     * <p><b>Signatures</b> are by the facade's node identity over "neural-dag/sql/sign/v1" ‖ 0x00 ‖ data:
     * the tag keeps a signature made for SQL from ever verifying as a proposal, vote or request
     * signature of the same node.
     */
    interface Crypto {
        /**
         * {@code qudag_generate_kem_keypair()}.
         *
         * @return the 1184-byte public key and the secret key's handle
         * @throws DagArgumentException RV011 when 1024 handles are live
         */
        KemKeypairRow generateKemKeypair();

        /**
         * {@code qudag_encrypt(plaintext, recipient_pubkey)}.
         *
         * @param plaintext at most 1 MiB
         * @param recipientPubkey an ML-KEM-768 public key (1184 bytes)
         * @return the ciphertext and the 1088-byte encapsulated key
         */
        EncryptRow encrypt(byte[] plaintext, byte[] recipientPubkey);

        /**
         * {@code qudag_decrypt(ciphertext, encapsulated_key, secret_key_id)}.
         *
         * @param ciphertext nonce ‖ AEAD output
         * @param encapsulatedKey 1088 bytes
         * @param secretKeyId a live handle of {@link #generateKemKeypair}
         * @return the plaintext
         * @throws DagStateException RV008 for an unknown handle, a wrong key, a malformed or
         *     tampered input; no plaintext is returned
         */
        byte[] decrypt(byte[] ciphertext, byte[] encapsulatedKey, UUID secretKeyId);

        /**
         * {@code qudag_sign(data)}.
         *
         * @param data at most 1 MiB
         * @return a 3309-byte ML-DSA-65 signature
         */
        byte[] sign(byte[] data);

        /**
         * {@code qudag_verify(data, signature, pubkey)}.
         *
         * @param data the data
         * @param signature 3309 bytes
         * @param pubkey an ML-DSA-65 public key (1952 bytes)
         * @return whether the signature is valid for this data and key
         * @throws DagStateException RV008 for a signature or key of the wrong length
         */
        boolean verify(byte[] data, byte[] signature, byte[] pubkey);

        /**
         * The facade's ML-DSA-65 public key, what {@link #sign} signatures verify under.
         *
         * @return 1952 bytes
         */
        byte[] signingPublicKey();

        /**
         * Zeroes and forgets a KEM secret key.
         *
         * @param secretKeyId the handle
         * @return whether the handle was live
         */
        boolean destroyKey(UUID secretKeyId);
    }

    /**
     * A row of {@code qudag_connect}.
     *
     * @param connected whether the node answered
     * @param nodeId the facade's node id ({@code qudag_} + 32 hex digits)
     * @param networkVersion the network's wire version, 0 when not connected
     */
    record ConnectRow(boolean connected, String nodeId, int networkVersion) {}

    /**
     * A row of {@code qudag_status}.
     *
     * @param connected whether a network is behind the client
     * @param nodeId the facade's node id
     * @param peers peers the node knows
     * @param latestRound its latest round (−1 when not connected)
     * @param syncStatus synced, syncing, behind or disconnected
     */
    record QudagStatusRow(boolean connected, String nodeId, int peers, long latestRound, String syncStatus) {}

    /**
     * A row of {@code qudag_propose_pattern}.
     *
     * @param proposalId hex BLAKE3-256 of the signed proposal bytes
     * @param submittedAt when it was submitted
     * @param status its status at the node (lower case)
     */
    record ProposalRow(String proposalId, Instant submittedAt, String status) {}

    /**
     * A row of {@code qudag_proposal_status}.
     *
     * @param status pending, voting, accepted, rejected or finalized
     * @param votesFor accepting answers of the last counted round
     * @param votesAgainst rejecting answers of the last counted round
     * @param finalized whether the decision is final
     * @param finalizedAt when this facade first saw it final, or null
     */
    record ProposalStatusRow(
            String status,
            int votesFor,
            int votesAgainst,
            boolean finalized,
            @Nullable Instant finalizedAt) {}

    /**
     * A row of {@code qudag_sync_patterns}.
     *
     * @param patternsReceived finalized patterns fetched
     * @param patternsApplied passed to the reasoning bank
     * @param conflictsResolved ids seen again with other content, decided by the conflict rule
     */
    record SyncRow(int patternsReceived, int patternsApplied, int conflictsResolved) {}

    /**
     * A row of {@code qudag_stake}.
     *
     * @param newStake the stake in rUv
     * @param txHash the ledger's transaction hash
     */
    record StakeRow(double newStake, String txHash) {}

    /**
     * A row of {@code qudag_claim_rewards}.
     *
     * @param amount rUv paid
     * @param txHash the ledger's transaction hash
     * @param source the reward source
     */
    record ClaimRow(double amount, String txHash, String source) {}

    /**
     * A row of {@code qudag_staking_info}.
     *
     * @param stakedAmount rUv staked
     * @param pendingRewards rUv claimable
     * @param lockUntil end of the lock
     * @param aprEstimate the ledger's annual rate estimate
     */
    record StakingInfoRow(double stakedAmount, double pendingRewards, Instant lockUntil, double aprEstimate) {}

    /**
     * A row of {@code qudag_generate_kem_keypair}.
     *
     * @param publicKey the ML-KEM-768 public key (copied in and out)
     * @param secretKeyId the handle of the secret key, which stays in the JVM
     */
    @SuppressWarnings("ArrayRecordComponent") // copied in and out
    record KemKeypairRow(byte[] publicKey, UUID secretKeyId) {
        /** Copies the key. */
        public KemKeypairRow {
            publicKey = publicKey.clone();
        }

        @Override
        public byte[] publicKey() {
            return publicKey.clone();
        }
    }

    /**
     * A row of {@code qudag_encrypt}.
     *
     * @param ciphertext nonce ‖ AEAD output (copied in and out)
     * @param encapsulatedKey the ML-KEM-768 ciphertext (copied in and out)
     */
    @SuppressWarnings("ArrayRecordComponent") // copied in and out
    record EncryptRow(byte[] ciphertext, byte[] encapsulatedKey) {
        /** Copies both arrays. */
        public EncryptRow {
            ciphertext = ciphertext.clone();
            encapsulatedKey = encapsulatedKey.clone();
        }

        @Override
        public byte[] ciphertext() {
            return ciphertext.clone();
        }

        @Override
        public byte[] encapsulatedKey() {
            return encapsulatedKey.clone();
        }
    }

    /** Builder of a {@link NeuralDag}; not thread-safe. */
    final class Builder {
        private final DataSource dataSource;
        private DagConfig config = DagConfig.defaults();
        private DagSchema schema = DagSchema.defaultSchema();
        private SonaConfig engineBase = SonaConfig.defaults();
        private QudagLinkStatus qudagStatus = QudagLinkStatus.none();
        private final Map<String, QuDagNetwork> qudagNetworks = new java.util.LinkedHashMap<>();
        private io.neuraldag.qudag.@Nullable NodeIdentity qudagIdentity;

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
         * A QuDAG link this facade does not run itself (for example a node the application operates):
         * {@code status().qudagConnected()} is true while the facade's own {@code qudag_connect}
         * session is connected or this source answers true. Default {@link QudagLinkStatus#none()}.
         *
         * @param value the live link state
         * @return this builder
         */
        public Builder qudagStatus(QudagLinkStatus value) {
            this.qudagStatus = Objects.requireNonNull(value, "qudagStatus");
            return this;
        }

        /**
         * Registers a QuDAG network under a name that {@code qudag_connect(endpoint)} accepts.
         * Registering a name again replaces it.
         *
         * @param endpoint the name, 1…200 characters
         * @param network opens a transport for the connecting identity
         * @return this builder
         * @throws IllegalArgumentException for an empty or longer name
         */
        public Builder qudagNetwork(String endpoint, QuDagNetwork network) {
            Objects.requireNonNull(endpoint, "endpoint");
            Objects.requireNonNull(network, "network");
            if (endpoint.isEmpty() || endpoint.length() > 200) {
                throw new IllegalArgumentException("endpoint must have 1…200 characters, got " + endpoint.length());
            }
            qudagNetworks.put(endpoint, network);
            return this;
        }

        /**
         * The node identity the facade connects, proposes and signs with. Default: a fresh
         * identity made by {@link io.neuraldag.qudag.NodeIdentity#generate()}, zeroed by {@link
         * NeuralDag#close()}; an identity given here is not closed by the facade.
         *
         * @param identity the identity
         * @return this builder
         */
        public Builder qudagIdentity(io.neuraldag.qudag.NodeIdentity identity) {
            this.qudagIdentity = Objects.requireNonNull(identity, "identity");
            return this;
        }

        /**
         * Installs the schema and the SQL functions, reloads the stored state, and makes the facade.
         *
         * @return the facade
         * @throws DagStateException RV004 if installing or loading fails
         */
        public NeuralDag build() {
            return PgNeuralDag.open(
                    dataSource,
                    config,
                    schema,
                    engineBase,
                    qudagStatus,
                    new PgQuDag.Setup(qudagNetworks, qudagIdentity));
        }
    }
}
