package io.neuraldag.sona;

import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How often each mechanism ran among a pattern's members and the quality it earned: the pattern's
 * memory of which mechanism suits its plan family. Immutable and thread-safe.
 *
 * <p>{@link #best()} is the mechanism with the highest mean quality among those that ran (ties: more
 * runs, then canonical order). Among members chosen by an exploring bandit, the most frequent
 * mechanism ({@link #mode()}) says little about which one is fastest, so the pattern recommends the
 * best rather than the mode.
 */
public final class MechanismTally {

    private static final MechanismTally EMPTY =
            new MechanismTally(new long[Mechanism.COUNT], new double[Mechanism.COUNT]);

    private final long[] counts;
    private final double[] qualitySums;

    private MechanismTally(long[] counts, double[] qualitySums) {
        this.counts = counts;
        this.qualitySums = qualitySums;
    }

    /**
     * No runs.
     *
     * @return the empty tally
     */
    public static MechanismTally empty() {
        return EMPTY;
    }

    /**
     * One run.
     *
     * @param mechanism the mechanism
     * @param quality its quality in {@code [0, 1]}
     * @return the tally
     * @throws IllegalArgumentException if quality is outside {@code [0, 1]}
     */
    public static MechanismTally of(Mechanism mechanism, double quality) {
        return empty().plus(mechanism, quality);
    }

    /**
     * A tally from per-mechanism counts and quality sums in canonical order.
     *
     * @param counts runs per mechanism, {@code >= 0}, length 7
     * @param qualitySums summed quality per mechanism, finite, {@code >= 0} and {@code <= count}
     * @return the tally
     * @throws IllegalArgumentException if a length or value is out of range
     */
    public static MechanismTally of(long[] counts, double[] qualitySums) {
        Objects.requireNonNull(counts, "counts");
        Objects.requireNonNull(qualitySums, "qualitySums");
        if (counts.length != Mechanism.COUNT || qualitySums.length != Mechanism.COUNT) {
            throw new IllegalArgumentException("tally arrays must have length " + Mechanism.COUNT);
        }
        for (int i = 0; i < Mechanism.COUNT; i++) {
            if (counts[i] < 0 || !(qualitySums[i] >= 0) || qualitySums[i] > counts[i] * (1 + 1e-9)) {
                throw new IllegalArgumentException(
                        "tally entry " + i + " out of range: count=" + counts[i] + ", qualitySum=" + qualitySums[i]);
            }
        }
        return new MechanismTally(counts.clone(), qualitySums.clone());
    }

    /**
     * This tally plus one run.
     *
     * @param mechanism the mechanism
     * @param quality its quality in {@code [0, 1]}
     * @return a new tally
     * @throws IllegalArgumentException if quality is outside {@code [0, 1]}
     */
    public MechanismTally plus(Mechanism mechanism, double quality) {
        Objects.requireNonNull(mechanism, "mechanism");
        if (!(quality >= 0 && quality <= 1)) {
            throw new IllegalArgumentException("quality must be in [0, 1]: " + quality);
        }
        long[] c = counts.clone();
        double[] q = qualitySums.clone();
        int i = Mechanism.index(mechanism);
        c[i]++;
        q[i] += quality;
        return new MechanismTally(c, q);
    }

    /**
     * The sum of two tallies.
     *
     * @param other another tally
     * @return a new tally
     */
    public MechanismTally plus(MechanismTally other) {
        long[] c = counts.clone();
        double[] q = qualitySums.clone();
        for (int i = 0; i < Mechanism.COUNT; i++) {
            c[i] += other.counts[i];
            q[i] += other.qualitySums[i];
        }
        return new MechanismTally(c, q);
    }

    /**
     * Runs of a mechanism.
     *
     * @param mechanism the mechanism
     * @return the count
     */
    public long count(Mechanism mechanism) {
        return counts[Mechanism.index(mechanism)];
    }

    /**
     * Mean quality of a mechanism's runs.
     *
     * @param mechanism the mechanism
     * @return the mean, or NaN if it never ran
     */
    public double meanQuality(Mechanism mechanism) {
        int i = Mechanism.index(mechanism);
        return counts[i] == 0 ? Double.NaN : qualitySums[i] / counts[i];
    }

    /**
     * All runs.
     *
     * @return the total count
     */
    public long total() {
        long t = 0;
        for (long c : counts) {
            t += c;
        }
        return t;
    }

    /**
     * The mechanism with the highest mean quality (ties: more runs, then canonical order).
     *
     * @param fallback returned when nothing ran
     * @return the best mechanism
     */
    public Mechanism best(Mechanism fallback) {
        int best = -1;
        double bestMean = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < Mechanism.COUNT; i++) {
            if (counts[i] == 0) {
                continue;
            }
            double mean = qualitySums[i] / counts[i];
            if (best < 0 || mean > bestMean || (mean == bestMean && counts[i] > counts[best])) {
                best = i;
                bestMean = mean;
            }
        }
        return best < 0 ? fallback : Mechanism.at(best);
    }

    /**
     * {@link #best(Mechanism)} with {@link Mechanism#TOPOLOGICAL} as the fallback.
     *
     * @return the best mechanism
     */
    public Mechanism best() {
        return best(Mechanism.TOPOLOGICAL);
    }

    /**
     * The most frequent mechanism (ties: canonical order), {@link Mechanism#TOPOLOGICAL} if empty.
     *
     * @return the mode
     */
    public Mechanism mode() {
        int best = 0;
        for (int i = 1; i < Mechanism.COUNT; i++) {
            if (counts[i] > counts[best]) {
                best = i;
            }
        }
        return Mechanism.at(best);
    }

    /**
     * Runs per mechanism in canonical order.
     *
     * @return a new array of length 7
     */
    public long[] counts() {
        return counts.clone();
    }

    /**
     * Summed quality per mechanism in canonical order.
     *
     * @return a new array of length 7
     */
    public double[] qualitySums() {
        return qualitySums.clone();
    }

    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof MechanismTally t
                && Arrays.equals(counts, t.counts)
                && Arrays.equals(qualitySums, t.qualitySums);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(counts) + Arrays.hashCode(qualitySums);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("MechanismTally[");
        boolean first = true;
        for (int i = 0; i < Mechanism.COUNT; i++) {
            if (counts[i] == 0) {
                continue;
            }
            if (!first) {
                sb.append(", ");
            }
            first = false;
            sb.append(Mechanism.at(i).wireName())
                    .append('=')
                    .append(counts[i])
                    .append('/')
                    .append(String.format(java.util.Locale.ROOT, "%.4f", qualitySums[i] / counts[i]));
        }
        return sb.append(']').toString();
    }
}
