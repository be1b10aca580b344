package io.neuraldag.postgres;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/*
 * Maps a queued request (fn, args jsonb) onto the NeuralDag API and its result onto jsonb.
 *
 * Arguments are named as in spec 03 §2 (query_text, mechanism, threshold, k, …) and have the same
 * defaults; an unknown argument name, a missing required one or a value of the wrong JSON type is
 * RV011. Results: table functions give {"rows": [...]}, with each row's columns as snake_case keys;
 * scalar functions give {"value": ...}; void ones {}. bytea travels as base64 text: export_state
 * gives {"value": "<base64>"}, import_state takes {"state": "<base64>"}. Intervals are a number of
 * seconds or a text "<number> <unit>" (ms, second(s), minute(s), hour(s), day(s)) or ISO-8601
 * ("PT1H").
 */
final class SqlDispatch {
    private SqlDispatch() {}

    static Object call(NeuralDag d, String fn, Map<String, Object> args) {
        Args a = new Args(fn, args);
        Object result = switch (fn) {
            case "set_enabled" -> {
                a.allow("enabled");
                d.settings().setEnabled(a.bool("enabled", null));
                yield null;
            }
            case "set_learning_rate" -> {
                a.allow("rate");
                d.settings().setLearningRate(a.dbl("rate", null));
                yield null;
            }
            case "set_attention" -> {
                a.allow("mechanism");
                d.settings().setAttention(a.str("mechanism", null));
                yield null;
            }
            case "configure_sona" -> {
                a.allow("micro_lora_rank", "base_lora_rank", "ewc_lambda", "pattern_clusters");
                d.settings()
                        .configureSona(
                                a.integer("micro_lora_rank", 2),
                                a.integer("base_lora_rank", 8),
                                a.dbl("ewc_lambda", 5000.0),
                                a.integer("pattern_clusters", 100));
                yield null;
            }
            case "set_qudag_endpoint" -> {
                a.allow("endpoint", "stake_amount");
                d.settings().setQudagEndpoint(a.str("endpoint", null), a.dbl("stake_amount", 0.0));
                yield null;
            }
            case "config" -> rows(List.of(d.state().config()));
            case "status" -> rows(List.of(d.state().status()));
            case "health_check" -> rows(d.state().healthCheck());
            case "analyze_plan" -> {
                a.allow("query_text");
                yield rows(d.analysis().analyzePlan(a.str("query_text", null)));
            }
            case "critical_path" -> {
                a.allow("query_text");
                yield rows(d.analysis().criticalPath(a.str("query_text", null)));
            }
            case "bottlenecks" -> {
                a.allow("query_text", "threshold");
                yield rows(d.analysis().bottlenecks(a.str("query_text", null), a.dbl("threshold", 0.7)));
            }
            case "mincut_analysis" -> {
                a.allow("query_text");
                yield rows(d.analysis().mincutAnalysis(a.str("query_text", null)));
            }
            case "attention_scores" -> {
                a.allow("query_text", "mechanism");
                yield rows(d.attention().attentionScores(a.str("query_text", null), a.str("mechanism", "auto")));
            }
            case "attention_matrix" -> {
                a.allow("query_text", "mechanism");
                yield value(d.attention().attentionMatrix(a.str("query_text", null), a.str("mechanism", "auto")));
            }
            case "attention_visualize" -> {
                a.allow("query_text", "mechanism", "format");
                yield value(d.attention()
                        .attentionVisualize(
                                a.str("query_text", null), a.str("mechanism", "auto"), a.str("format", "dot")));
            }
            case "attention_configure" -> {
                a.allow("mechanism", "params");
                d.attention().attentionConfigure(a.str("mechanism", null), a.numbers("params"));
                yield null;
            }
            case "attention_stats" -> rows(d.attention().attentionStats());
            case "store_pattern" -> {
                a.allow("pattern_vector", "pattern_metadata", "quality_score");
                yield value(d.patterns()
                        .storePattern(
                                a.vector("pattern_vector"),
                                a.object("pattern_metadata"),
                                a.dbl("quality_score", null)));
            }
            case "query_patterns" -> {
                a.allow("query_vector", "k", "similarity_threshold");
                yield rows(d.patterns()
                        .queryPatterns(
                                a.vector("query_vector"), a.integer("k", 5), a.dbl("similarity_threshold", 0.7)));
            }
            case "pattern_clusters" -> rows(d.patterns().patternClusters());
            case "consolidate_patterns" -> {
                a.allow("target_clusters");
                yield rows(List.of(d.patterns().consolidatePatterns(a.integer("target_clusters", 100))));
            }
            case "record_trajectory" -> {
                a.allow("query_hash", "dag_structure", "execution_time_ms", "improvement_ratio", "attention_mechanism");
                yield value(d.trajectories()
                        .recordTrajectory(
                                a.lng("query_hash"),
                                a.json("dag_structure"),
                                a.dbl("execution_time_ms", null),
                                a.dbl("improvement_ratio", null),
                                a.str("attention_mechanism", null)));
            }
            case "trajectory_history" -> {
                a.allow("time_range", "min_improvement", "limit_count");
                yield rows(d.trajectories()
                        .trajectoryHistory(
                                a.interval("time_range", null),
                                a.dbl("min_improvement", 0.0),
                                a.integer("limit_count", 100)));
            }
            case "trajectory_trends" -> {
                a.allow("window_size");
                Duration w = a.interval("window_size", Duration.ofHours(1));
                yield rows(d.trajectories().trajectoryTrends(w == null ? Duration.ofHours(1) : w));
            }
            case "learn_from_execution" -> {
                a.allow("query_text");
                yield rows(List.of(d.trajectories().learnFromExecution(a.str("query_text", null))));
            }
            case "learn_now" -> rows(List.of(d.learning().learnNow()));
            case "reset_learning" -> {
                a.allow("preserve_patterns", "preserve_trajectories");
                d.learning().resetLearning(a.bool("preserve_patterns", true), a.bool("preserve_trajectories", false));
                yield null;
            }
            case "export_state" ->
                value(Base64.getEncoder().encodeToString(d.learning().exportState()));
            case "import_state" -> {
                a.allow("state");
                byte[] bytes;
                try {
                    bytes = Base64.getDecoder().decode(a.str("state", null));
                } catch (IllegalArgumentException e) {
                    throw new DagArgumentException(
                            RvCode.INVALID_ARGUMENT, "state must be base64: " + e.getMessage(), e);
                }
                yield rows(List.of(d.learning().importState(bytes)));
            }
            case "ewc_constraints" -> rows(d.learning().ewcConstraints());
            // QuDAG (5), Tokens (4), Crypto (5 + destroy_key, signing_public_key); bytea as base64
            case "qudag_connect" -> {
                a.allow("endpoint", "identity_key");
                yield rows(List.of(d.qudag().connect(a.str("endpoint", null), a.uuidOrNull("identity_key"))));
            }
            case "qudag_status" -> rows(List.of(d.qudag().status()));
            case "qudag_propose_pattern" -> {
                a.allow("pattern_vector", "metadata", "stake_amount", "member_count", "quality");
                yield rows(List.of(d.qudag()
                        .proposePattern(
                                a.vector("pattern_vector"),
                                a.object("metadata"),
                                a.dbl("stake_amount", 0.0),
                                a.integer("member_count", 10),
                                a.dbl("quality", 1.0))));
            }
            case "qudag_proposal_status" -> {
                a.allow("id");
                yield rows(List.of(d.qudag().proposalStatus(a.str("id", null))));
            }
            case "qudag_sync_patterns" -> {
                a.allow("since_round");
                yield rows(List.of(d.qudag().syncPatterns(a.lngOr("since_round", 0))));
            }
            case "qudag_balance" -> value(d.tokens().balance());
            case "qudag_stake" -> {
                a.allow("amount");
                yield rows(List.of(d.tokens().stake(a.dbl("amount", null))));
            }
            case "qudag_claim_rewards" -> rows(List.of(d.tokens().claimRewards()));
            case "qudag_staking_info" -> rows(List.of(d.tokens().stakingInfo()));
            case "qudag_generate_kem_keypair" -> rows(List.of(d.crypto().generateKemKeypair()));
            case "qudag_encrypt" -> {
                a.allow("plaintext", "recipient_pubkey");
                yield rows(List.of(d.crypto().encrypt(a.bytes("plaintext"), a.bytes("recipient_pubkey"))));
            }
            case "qudag_decrypt" -> {
                a.allow("ciphertext", "encapsulated_key", "secret_key_id");
                yield value(d.crypto()
                        .decrypt(a.bytes("ciphertext"), a.bytes("encapsulated_key"), a.uuid("secret_key_id")));
            }
            case "qudag_sign" -> {
                a.allow("data");
                yield value(d.crypto().sign(a.bytes("data")));
            }
            case "qudag_verify" -> {
                a.allow("data", "signature", "pubkey");
                yield value(d.crypto().verify(a.bytes("data"), a.bytes("signature"), a.bytes("pubkey")));
            }
            case "qudag_destroy_key" -> {
                a.allow("secret_key_id");
                yield value(d.crypto().destroyKey(a.uuid("secret_key_id")));
            }
            case "qudag_signing_public_key" -> value(d.crypto().signingPublicKey());
            default -> throw DagArgumentException.invalid("unknown function: '" + Texts.clip(fn) + "'");
        };
        a.checkUsed();
        return result == null ? Map.of() : result;
    }

    private static Map<String, Object> rows(List<?> rows) {
        return Map.of("rows", rows);
    }

    private static Map<String, Object> value(Object v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("value", v);
        return m;
    }

    /* Typed access to the JSON arguments of one request. */
    private static final class Args {
        private final String fn;
        private final Map<String, Object> args;
        private Set<String> allowed = Set.of();

        Args(String fn, Map<String, Object> args) {
            this.fn = fn;
            this.args = args;
        }

        void allow(String... names) {
            allowed = Set.of(names);
        }

        void checkUsed() {
            for (String k : args.keySet()) {
                if (!allowed.contains(k)) {
                    throw DagArgumentException.invalid(fn + " has no argument '" + Texts.clip(k) + "'");
                }
            }
        }

        private @Nullable Object get(String name) {
            Object v = args.get(name);
            return v == Json.NULL ? null : v;
        }

        private DagArgumentException missing(String name) {
            return DagArgumentException.invalid(fn + ": argument " + name + " is required");
        }

        private DagArgumentException wrong(String name, String type) {
            return DagArgumentException.invalid(fn + ": argument " + name + " must be " + type);
        }

        String str(String name, @Nullable String dflt) {
            Object v = get(name);
            if (v == null) {
                if (dflt == null) {
                    throw missing(name);
                }
                return dflt;
            }
            if (v instanceof String s) {
                return s;
            }
            throw wrong(name, "text");
        }

        boolean bool(String name, @Nullable Boolean dflt) {
            Object v = get(name);
            if (v == null) {
                if (dflt == null) {
                    throw missing(name);
                }
                return dflt;
            }
            if (v instanceof Boolean b) {
                return b;
            }
            throw wrong(name, "a boolean");
        }

        double dbl(String name, @Nullable Double dflt) {
            Object v = get(name);
            if (v == null) {
                if (dflt == null) {
                    throw missing(name);
                }
                return dflt;
            }
            if (v instanceof Number n) {
                return n.doubleValue();
            }
            throw wrong(name, "a number");
        }

        int integer(String name, int dflt) {
            Object v = get(name);
            if (v == null) {
                return dflt;
            }
            if (v instanceof Long l && l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE) {
                return (int) (long) l;
            }
            throw wrong(name, "an integer");
        }

        long lng(String name) {
            Object v = get(name);
            if (v == null) {
                throw missing(name);
            }
            if (v instanceof Long l) {
                return l;
            }
            throw wrong(name, "an integer");
        }

        long lngOr(String name, long dflt) {
            return get(name) == null ? dflt : lng(name);
        }

        /** bytea as base64 text; line breaks (as PostgreSQL's encode(..., 'base64') writes) are allowed. */
        byte[] bytes(String name) {
            String text = str(name, null);
            try {
                return Base64.getDecoder().decode(text.replace("\n", "").replace("\r", ""));
            } catch (IllegalArgumentException e) {
                throw wrong(name, "base64 text");
            }
        }

        java.util.UUID uuid(String name) {
            java.util.UUID u = uuidOrNull(name);
            if (u == null) {
                throw missing(name);
            }
            return u;
        }

        java.util.@Nullable UUID uuidOrNull(String name) {
            Object v = get(name);
            if (v == null) {
                return null;
            }
            if (v instanceof String s && s.length() == 36) {
                try {
                    return java.util.UUID.fromString(s);
                } catch (IllegalArgumentException e) {
                    throw wrong(name, "a UUID");
                }
            }
            throw wrong(name, "a UUID");
        }

        float[] vector(String name) {
            Object v = get(name);
            if (v == null) {
                throw missing(name);
            }
            if (!(v instanceof List<?> list)) {
                throw wrong(name, "an array of numbers");
            }
            float[] out = new float[list.size()];
            for (int i = 0; i < out.length; i++) {
                if (!(list.get(i) instanceof Number n)) {
                    throw wrong(name, "an array of numbers");
                }
                out[i] = n.floatValue();
            }
            return out;
        }

        /** A JSON object argument, as JSON text. */
        String object(String name) {
            Object v = get(name);
            if (v == null) {
                throw missing(name);
            }
            if (v instanceof Map<?, ?>) {
                return Json.write(v);
            }
            if (v instanceof String s) {
                Json.parseObject(s);
                return s;
            }
            throw wrong(name, "a JSON object");
        }

        /** A JSON object or array argument (or JSON text), as JSON text. */
        String json(String name) {
            Object v = get(name);
            if (v == null) {
                throw missing(name);
            }
            if (v instanceof Map<?, ?> || v instanceof List<?>) {
                return Json.write(v);
            }
            if (v instanceof String s) {
                Json.parse(s);
                return s;
            }
            throw wrong(name, "a JSON object or array");
        }

        Map<String, Double> numbers(String name) {
            Object v = get(name);
            if (v == null) {
                return Map.of();
            }
            if (!(v instanceof Map<?, ?> m)) {
                throw wrong(name, "a JSON object of numbers");
            }
            Map<String, Double> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!(e.getValue() instanceof Number n)) {
                    throw wrong(name, "a JSON object of numbers");
                }
                out.put(String.valueOf(e.getKey()), n.doubleValue());
            }
            return out;
        }

        @Nullable
        Duration interval(String name, @Nullable Duration dflt) {
            Object v = get(name);
            if (v == null) {
                return dflt;
            }
            if (v instanceof Number n) {
                double secs = n.doubleValue();
                if (!Double.isFinite(secs) || Math.abs(secs) > 1e12) {
                    throw wrong(name, "a finite number of seconds");
                }
                return Duration.ofNanos(Math.round(secs * 1e9));
            }
            if (v instanceof String s) {
                return parseInterval(name, s);
            }
            throw wrong(name, "an interval");
        }

        private Duration parseInterval(String name, String text) {
            String t = text.trim().toLowerCase(Locale.ROOT);
            if (t.startsWith("p")) {
                try {
                    return Duration.parse(t.toUpperCase(Locale.ROOT));
                } catch (RuntimeException e) {
                    throw wrong(name, "an interval such as '1 hour' or 'PT1H'");
                }
            }
            List<String> parts = new ArrayList<>(List.of(t.split("\\s+")));
            if (parts.size() != 2) {
                throw wrong(name, "an interval such as '1 hour' or 'PT1H'");
            }
            double amount;
            try {
                amount = Double.parseDouble(parts.get(0));
            } catch (NumberFormatException e) {
                throw wrong(name, "an interval such as '1 hour' or 'PT1H'");
            }
            double unit = switch (parts.get(1)) {
                case "ms", "millisecond", "milliseconds" -> 1e-3;
                case "s", "sec", "secs", "second", "seconds" -> 1;
                case "min", "mins", "minute", "minutes" -> 60;
                case "h", "hour", "hours" -> 3600;
                case "d", "day", "days" -> 86_400;
                default -> throw wrong(name, "an interval in ms, seconds, minutes, hours or days");
            };
            double secs = amount * unit;
            if (!Double.isFinite(secs) || Math.abs(secs) > 1e12) {
                throw wrong(name, "a finite interval");
            }
            return Duration.ofNanos(Math.round(secs * 1e9));
        }
    }
}
