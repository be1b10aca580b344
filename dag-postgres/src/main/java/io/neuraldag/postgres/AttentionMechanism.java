package io.neuraldag.postgres;

import io.neuraldag.attention.AttentionKind;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The {@code dag_attention_type} setting: one of the seven mechanisms of {@link AttentionKind}, or
 * {@link #AUTO} (the SONA engine chooses per plan family). The SQL names are the lower-case wire
 * names ({@code topological}, {@code causal_cone}, …, {@code auto}).
 *
 * <p>Immutable and thread-safe.
 */
public enum AttentionMechanism {
    /** Let the engine choose among all seven mechanisms (the default). */
    AUTO(null),
    /** {@link AttentionKind#TOPOLOGICAL}. */
    TOPOLOGICAL(AttentionKind.TOPOLOGICAL),
    /** {@link AttentionKind#CAUSAL_CONE}. */
    CAUSAL_CONE(AttentionKind.CAUSAL_CONE),
    /** {@link AttentionKind#CRITICAL_PATH}. */
    CRITICAL_PATH(AttentionKind.CRITICAL_PATH),
    /** {@link AttentionKind#MINCUT_GATED}. */
    MINCUT_GATED(AttentionKind.MINCUT_GATED),
    /** {@link AttentionKind#HIERARCHICAL_LORENTZ}. */
    HIERARCHICAL_LORENTZ(AttentionKind.HIERARCHICAL_LORENTZ),
    /** {@link AttentionKind#PARALLEL_BRANCH}. */
    PARALLEL_BRANCH(AttentionKind.PARALLEL_BRANCH),
    /** {@link AttentionKind#TEMPORAL_BTSP}. */
    TEMPORAL_BTSP(AttentionKind.TEMPORAL_BTSP);

    private final @Nullable AttentionKind kind;

    AttentionMechanism(@Nullable AttentionKind kind) {
        this.kind = kind;
    }

    /**
     * The fixed mechanism, or empty for {@link #AUTO}.
     *
     * @return the kind
     */
    public Optional<AttentionKind> kind() {
        return Optional.ofNullable(kind);
    }

    /**
     * The SQL name: {@code auto} or the mechanism's wire name.
     *
     * @return the name
     */
    public String sqlName() {
        return kind == null ? "auto" : kind.wireName();
    }

    /**
     * Parses a SQL name case-insensitively ({@code -} is accepted for {@code _}).
     *
     * @param name e.g. {@code "causal_cone"} or {@code "auto"}
     * @return the mechanism
     * @throws NullPointerException if {@code name} is null
     * @throws DagArgumentException RV002 if no mechanism has that name
     */
    public static AttentionMechanism parse(String name) {
        Objects.requireNonNull(name, "name");
        String n = name.trim().toLowerCase(Locale.ROOT).replace('-', '_');
        for (AttentionMechanism m : values()) {
            if (m.sqlName().equals(n)) {
                return m;
            }
        }
        throw new DagArgumentException(
                RvCode.INVALID_ATTENTION, "unknown attention mechanism: '" + Texts.clip(name) + "'", null);
    }

    /**
     * The setting that fixes one mechanism.
     *
     * @param kind the mechanism
     * @return the matching constant
     */
    public static AttentionMechanism of(AttentionKind kind) {
        Objects.requireNonNull(kind, "kind");
        for (AttentionMechanism m : values()) {
            if (m.kind == kind) {
                return m;
            }
        }
        throw new AssertionError(kind);
    }
}
