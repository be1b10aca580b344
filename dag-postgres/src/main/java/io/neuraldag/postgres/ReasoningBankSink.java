package io.neuraldag.postgres;

import io.neuraldag.attention.AttentionKind;
import io.neuraldag.qudag.AttentionType;
import io.neuraldag.qudag.PatternSink;
import io.neuraldag.qudag.SyncedPattern;
import io.neuraldag.sona.DagReasoningBank;
import io.neuraldag.sona.ExecutionMetrics;
import io.neuraldag.sona.MechanismTally;
import io.neuraldag.sona.PatternCandidate;
import io.neuraldag.sona.StoreResult;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The seam between dag-qudag and dag-sona: a {@link PatternSink} that stores synced patterns in a
 * SONA reasoning bank. dag-qudag knows nothing of dag-sona (it depends on dag-core only), so the
 * adapter lives here, in the module that holds both and that feeds the bank from {@code
 * qudag_sync_patterns}; the CLI's simulation uses it as well. Put a {@link
 * io.neuraldag.qudag.PatternImporter} in front of it for idempotence by id and the conflict rule of
 * spec 03 §3.5.
 *
 * <p><b>Mapping</b> of a {@link SyncedPattern} to a {@link PatternCandidate}: the noisy centroid
 * becomes the centroid (its length must be the bank's dimension, 256 for an engine's bank, the
 * plan-vector length); quality and the consensus confidence carry over; the sample count is the
 * lower bound of the count bucket, at least 1; the attention type becomes a tally of that many runs
 * of the mechanism at the released quality, so the pattern's best mechanism is the proposer's
 * ({@code AUTO} gives an empty tally, and the bank falls back to its default mechanism). Latency
 * and memory are not shared: the metrics are zero.
 *
 * <p>The bank stores or merges, it is not keyed by the synced id. A second import of the same id
 * (the conflict winner re-imported by the importer) has the same centroid, because the id hashes
 * the signed bytes that contain it, so the bank merges it into the earlier pattern (cosine 1 ≥ the
 * merge threshold): quality and confidence become the sample-weighted means and the sample count
 * adds up. A candidate below the bank's store confidence (default 0.5) is rejected by the bank and
 * counted. Every check runs before the bank is touched: a bad pattern throws and leaves the bank
 * unchanged.
 *
 * <p>Thread-safe: imports are serialised on the sink; the bank serialises its own writers.
 */
public final class ReasoningBankSink implements PatternSink {
    /**
     * What the sink did so far.
     *
     * @param stored patterns stored as new bank patterns
     * @param merged patterns merged into an existing bank pattern
     * @param rejected patterns the bank refused (below its store confidence)
     */
    public record Counts(int stored, int merged, int rejected) {}

    private final DagReasoningBank bank;
    private final Map<String, Long> bankIds = new HashMap<>();
    private int stored;
    private int merged;
    private int rejected;

    private ReasoningBankSink(DagReasoningBank bank) {
        this.bank = Objects.requireNonNull(bank, "bank");
    }

    /**
     * A sink that stores into {@code bank}.
     *
     * @param bank the reasoning bank
     * @return the sink
     */
    public static ReasoningBankSink create(DagReasoningBank bank) {
        return new ReasoningBankSink(bank);
    }

    /**
     * Stores or merges the pattern into the bank.
     *
     * @throws IllegalArgumentException if the vector length is not the bank's dimension or the
     *     vector is zero (nothing is stored)
     */
    @Override
    public synchronized void importPattern(SyncedPattern pattern) {
        PatternCandidate candidate = candidate(pattern, bank.dimension());
        StoreResult r = bank.store(candidate);
        stored += r.stored();
        merged += r.merged();
        rejected += r.rejected();
        long id = r.ids().get(0);
        if (id >= 0) {
            bankIds.put(pattern.id(), id);
        }
    }

    /**
     * The bank pattern a synced id was stored as or merged into, if it was not rejected.
     *
     * @param syncedId a {@link SyncedPattern#id()}
     * @return the bank pattern's id, or empty
     */
    public synchronized Optional<Long> bankId(String syncedId) {
        return Optional.ofNullable(bankIds.get(syncedId));
    }

    /**
     * The counts so far.
     *
     * @return stored, merged and rejected patterns
     */
    public synchronized Counts counts() {
        return new Counts(stored, merged, rejected);
    }

    static PatternCandidate candidate(SyncedPattern p, int dimension) {
        float[] v = p.vector();
        if (v.length != dimension) {
            throw new IllegalArgumentException(
                    "synced pattern " + p.id() + " has dimension " + v.length + ", the reasoning bank " + dimension);
        }
        int samples = Math.max(1, p.samples());
        @Nullable AttentionKind kind = kindOf(p.attention());
        MechanismTally tally;
        if (kind == null) {
            tally = MechanismTally.empty();
        } else {
            long[] counts = new long[AttentionKind.COUNT];
            double[] sums = new double[AttentionKind.COUNT];
            counts[kind.index()] = samples;
            sums[kind.index()] = p.quality() * samples;
            tally = MechanismTally.of(counts, sums);
        }
        return new PatternCandidate(
                v, p.quality(), p.confidence(), samples, tally, Map.of(), ExecutionMetrics.of(0, 0));
    }

    /* The dag-attention mechanism of a shared pattern's attention type; null for AUTO. */
    static @Nullable AttentionKind kindOf(AttentionType t) {
        return switch (t) {
            case TOPOLOGICAL -> AttentionKind.TOPOLOGICAL;
            case CAUSAL_CONE -> AttentionKind.CAUSAL_CONE;
            case CRITICAL_PATH -> AttentionKind.CRITICAL_PATH;
            case MINCUT_GATED -> AttentionKind.MINCUT_GATED;
            case HIERARCHICAL_LORENTZ -> AttentionKind.HIERARCHICAL_LORENTZ;
            case PARALLEL_BRANCH -> AttentionKind.PARALLEL_BRANCH;
            case TEMPORAL_BTSP -> AttentionKind.TEMPORAL_BTSP;
            case AUTO -> null;
        };
    }
}
