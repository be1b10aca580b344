package io.neuraldag.sona;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What {@link DagSonaEngine#preQuery} recommends for a plan (spec 02 §1.8): either a confident
 * learned pattern's mechanism, or the bandit's choice together with the adapted embedding. Pass it
 * back to {@link DagSonaEngine#postQuery} after execution. Immutable and thread-safe; arrays are
 * copied in and out.
 */
public sealed interface PreQueryResult permits PreQueryResult.PatternApplied, PreQueryResult.DefaultWithAdaptation {

    /**
     * The mechanism to run.
     *
     * @return the mechanism
     */
    Mechanism mechanism();

    /**
     * The MicroLoRA output {@code y = x + s·(xA)B} for the plan embedding x.
     *
     * @return a new array of length d
     */
    float[] adaptedEmbedding();

    /**
     * The learning signal ĝ: the unit direction from the plan embedding toward the
     * similarity·quality-weighted mean of the matched patterns, all zero without matches.
     *
     * @return a new array of length d
     */
    float[] signal();

    /**
     * The bandit context the choice was made in: the matched pattern's id, or (with the sign bit set)
     * the plan's query hash when nothing matched.
     *
     * @return the context key
     */
    long contextKey();

    /**
     * The best match had confidence above {@link SonaConfig#applyConfidence()}: run its mechanism.
     *
     * @param pattern the matched pattern as of the query
     * @param similarity cosine between the plan embedding and the pattern centroid
     * @param mechanism the pattern's {@linkplain Pattern#bestMechanism() best mechanism}
     * @param params the pattern's parameters; copied
     * @param adaptedEmbedding MicroLoRA output; copied
     * @param signal learning signal ĝ; copied
     */
    @SuppressWarnings("ArrayRecordComponent") // arrays are copied in and out; equals/hashCode compare contents
    record PatternApplied(
            Pattern pattern,
            double similarity,
            Mechanism mechanism,
            Map<String, Double> params,
            float[] adaptedEmbedding,
            float[] signal)
            implements PreQueryResult {

        /**
         * Validates and copies.
         *
         * @throws NullPointerException if a reference is null
         */
        public PatternApplied {
            Objects.requireNonNull(pattern, "pattern");
            Objects.requireNonNull(mechanism, "mechanism");
            params = Trajectory.copyParams(params);
            adaptedEmbedding = adaptedEmbedding.clone();
            signal = signal.clone();
        }

        @Override
        public float[] adaptedEmbedding() {
            return adaptedEmbedding.clone();
        }

        @Override
        public float[] signal() {
            return signal.clone();
        }

        @Override
        public long contextKey() {
            return pattern.id();
        }

        @Override
        public boolean equals(@Nullable Object o) {
            return o instanceof PatternApplied p
                    && pattern.equals(p.pattern)
                    && Double.compare(similarity, p.similarity) == 0
                    && mechanism == p.mechanism
                    && params.equals(p.params)
                    && Arrays.equals(adaptedEmbedding, p.adaptedEmbedding)
                    && Arrays.equals(signal, p.signal);
        }

        @Override
        public int hashCode() {
            return Objects.hash(
                    pattern, similarity, mechanism, params, Arrays.hashCode(adaptedEmbedding), Arrays.hashCode(signal));
        }

        @Override
        public String toString() {
            return "PatternApplied[pattern=" + pattern.id() + ", similarity=" + similarity + ", mechanism=" + mechanism
                    + "]";
        }
    }

    /**
     * No confident match: the bandit chose in {@code contextKey}'s context.
     *
     * @param mechanism the bandit's choice
     * @param adaptedEmbedding MicroLoRA output; copied
     * @param signal learning signal ĝ; copied
     * @param contextKey the bandit context
     */
    @SuppressWarnings("ArrayRecordComponent") // arrays are copied in and out; equals/hashCode compare contents
    record DefaultWithAdaptation(Mechanism mechanism, float[] adaptedEmbedding, float[] signal, long contextKey)
            implements PreQueryResult {

        /**
         * Validates and copies.
         *
         * @throws NullPointerException if a reference is null
         */
        public DefaultWithAdaptation {
            Objects.requireNonNull(mechanism, "mechanism");
            adaptedEmbedding = adaptedEmbedding.clone();
            signal = signal.clone();
        }

        @Override
        public float[] adaptedEmbedding() {
            return adaptedEmbedding.clone();
        }

        @Override
        public float[] signal() {
            return signal.clone();
        }

        @Override
        public boolean equals(@Nullable Object o) {
            return o instanceof DefaultWithAdaptation p
                    && mechanism == p.mechanism
                    && contextKey == p.contextKey
                    && Arrays.equals(adaptedEmbedding, p.adaptedEmbedding)
                    && Arrays.equals(signal, p.signal);
        }

        @Override
        public int hashCode() {
            return Objects.hash(mechanism, contextKey, Arrays.hashCode(adaptedEmbedding), Arrays.hashCode(signal));
        }

        @Override
        public String toString() {
            return "DefaultWithAdaptation[mechanism=" + mechanism + ", context=" + Long.toHexString(contextKey) + "]";
        }
    }
}
