package io.neuraldag.postgres;

import io.neuraldag.sona.Trajectory;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One captured execution as it is stored in {@code dag_trajectories}: the engine's trajectory plus
 * what only the capture knows. Immutable and thread-safe.
 *
 * @param scope the scope key whose engine learned from it
 * @param trajectory the trajectory the engine recorded (embedding, mechanism, metrics, quality)
 * @param sqlHash SHA-256 of the normalised statement text, 64 lower-case hex digits (see {@link
 *     SqlTexts#sqlHash(String)})
 * @param pgQueryId PostgreSQL's query identifier (PG14+, when {@code compute_query_id} is on), or
 *     null
 * @param queryText the normalised text (literals replaced), clipped to {@value #MAX_TEXT}
 *     characters, or null
 * @param mode how it was captured
 */
public record CapturedExecution(
        String scope,
        Trajectory trajectory,
        String sqlHash,
        @Nullable Long pgQueryId,
        @Nullable String queryText,
        CaptureMode mode) {

    /** The longest stored query text: 2048 characters. */
    public static final int MAX_TEXT = 2048;

    /**
     * Validates and clips.
     *
     * @throws NullPointerException if a required reference is null
     * @throws IllegalArgumentException if {@code sqlHash} is not 64 hex digits
     */
    public CapturedExecution {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(trajectory, "trajectory");
        Objects.requireNonNull(sqlHash, "sqlHash");
        Objects.requireNonNull(mode, "mode");
        if (!sqlHash.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("sqlHash must be 64 lower-case hex digits: " + Texts.clip(sqlHash));
        }
        if (queryText != null && queryText.length() > MAX_TEXT) {
            queryText = queryText.substring(0, MAX_TEXT);
        }
    }
}
