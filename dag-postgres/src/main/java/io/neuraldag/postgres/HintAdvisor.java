package io.neuraldag.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A learned per-query chooser among {@link HintArm hint sets}, in the manner of Bao (Marcus et al.,
 * SIGMOD 2021): every arm's plan is read with {@code EXPLAIN (FORMAT JSON)}, each plan is featurized
 * (dag-core's plan vector, dag-attention's critical-path-weighted operator features, log-scaled cost
 * and row estimates), a latency model trained on executed queries predicts each plan's latency, and
 * the arm is picked by Thompson sampling.
 *
 * <p><b>Protocol.</b> Call {@link #choose}, run the query under {@link Choice#chosen()} (for
 * instance with {@link HintArm#execute}), report the latency with {@link #observe}, and call {@link
 * #retrain} now and then (Bao retrains every 25 queries). Until the first retrain with at least one
 * observation the model is untrained and {@code choose} returns the default arm, with NaN
 * predictions.
 *
 * <p><b>Exploration.</b> The model is a bootstrap ensemble of ridge regressions on ln(ms) with
 * randomized priors; each {@code choose} draws one member and takes the arm that member predicts
 * fastest, so an arm whose latency is uncertain is tried in proportion to its chance of being best.
 *
 * <p><b>Instance memory.</b> Plan features see only what the planner estimates; where it is wrong,
 * two instances of a template have the same estimates and latencies orders of magnitude apart, and
 * what tells them apart is the bind values. Each prediction is therefore corrected by the model's
 * residuals on the instances of the same template with nearby bind values that ran a plan of the
 * same shape (kernel-weighted, shrunk toward 0 where there are no close neighbours; numbers, dates
 * and booleans are coordinates, other values match by equality; at each {@link #retrain} the memory
 * keeps, per template, the smallest set of bind positions under which nearby instances predict each
 * other's latency as well as under the best set, so that a trap decided by one bind is recognised
 * whatever the others are). Arms whose plans have one shape
 * (node types, relations, indexes, join types, directions) run the same plan: they share one
 * prediction, and a tie goes to the default arm.
 *
 * <p><b>No-regression guard, per template.</b> For template {@code t} and a non-default arm {@code
 * a}, the guard compares, over the instances on which {@code a} ran, the sum of {@code a}'s charged
 * latencies (a timeout is charged {@code timeoutChargeFactor ×} its latency) with the sum of the
 * default arm's estimated latencies on the same instances (the model's prediction for the default
 * plan with the instance memory's correction, which a close default neighbour dominates; at every
 * {@link #retrain}, where the default has run close to an instance since, under the instance
 * memory's strictest distance, those runs' mean latency replaces the estimate made when the arm ran
 * there). A non-default arm is
 * <ul>
 *   <li>held back while the default arm has fewer than {@code guardMinSamples} observations on
 *       {@code t} (the default runs instead: there is nothing to compare with yet);
 *   <li>on trial while it has fewer than {@code guardMinSamples} observations on {@code t}: it may
 *       run, when sampled; a trial ends early, blocked, when the arm's sum exceeds the default's
 *       by more than the template's mean default latency (a flagrant loss needs no second trial;
 *       a loss relative to the instance alone would block an arm that loses a little on a harmless
 *       instance and wins much on the traps);
 *   <li>released once it has at least {@code guardMinSamples} observations and its sum is at most the
 *       default's (it saved time on the instances it ran on);
 *   <li>blocked when it has at least {@code guardMinSamples} and its sum exceeds the default's: it is
 *       not chosen for {@code t} (the next-best sampled arm is).
 * </ul>
 * A paired comparison, instead of one of medians over all instances, lets an arm that wins on the
 * trap instances of a template (and is never tried on the others) pass the guard. The sums run over
 * the arm's 256 most recent paired observations on {@code t}, so an arm's standing follows what the
 * template does now.
 *
 * <p><b>Bounded memory.</b> Everything the advisor keeps per template and arm is a window of the most
 * recent observations ({@link Builder#historyLimit}): a long-lived advisor neither grows without
 * bound nor retrains more slowly with age.
 * {@link Choice#guarded()} says that the guard overrode the sampled choice.
 *
 * <p><b>Prediction error.</b> Each {@link #observe} of a query that did not time out and was chosen
 * with a trained model records the q-error {@code max(p/a, a/p)} of the ensemble-mean prediction
 * {@code p} against the measured latency {@code a} (both floored at 1 µs).
 *
 * <p><b>Thread safety.</b> An advisor is safe for concurrent use: the EXPLAINs run on the caller's
 * connection without a lock, the decision and all state changes under one lock, and {@link
 * #retrain} fits outside it and swaps the model in atomically. A connection must not be used by two
 * threads at once (JDBC's rule).
 *
 * {@snippet :
 * HintAdvisor advisor = HintAdvisor.builder().arms(HintArm.plannerArms()).seed(42).build();
 * HintAdvisor.Choice choice = advisor.choose(connection, "q7", sql, List.of(42, "DE"));
 * HintArm.HintedExecution run = choice.chosen().execute(connection, sql, List.of(42, "DE"), 30_000);
 * advisor.observe(choice, run.latencyMillis(), run.timedOut());
 * advisor.retrain();
 * }
 */
public interface HintAdvisor {

    /**
     * A builder with the defaults listed on its setters.
     *
     * @return a new builder
     */
    static Builder builder() {
        return new Builder();
    }

    /**
     * Plans the arms and picks one: every arm, except that only the default arm is planned while no
     * other can be picked (untrained, or every other arm held back by the template's guard), and
     * none when the template runs too fast for planning the others to pay ({@link
     * Builder#planningCostFactor}), unless {@link Builder#planEveryArm} is set. Each arm's {@code EXPLAIN (FORMAT JSON, SETTINGS)} runs with the
     * binds under {@code SET LOCAL} of the arm's settings, {@code statement_timeout} and {@code
     * plan_cache_mode = force_custom_plan}, inside a savepoint that is rolled back; when the
     * connection is in auto-commit mode the whole planning runs in a read-only transaction that is
     * rolled back and auto-commit is restored. Session settings are unchanged afterwards.
     *
     * @param c the connection to plan on
     * @param templateId the query's template (the guard's unit), 1–200 characters, not blank
     * @param sql one statement with {@code ?} markers
     * @param binds the marker values in order; {@code null} elements bind SQL NULL
     * @return the choice, with the planned candidates and the planning time
     * @throws DagArgumentException RV011 for a bad template id
     * @throws DagStateException RV012 when the text is not one explainable statement or a plan
     *     cannot be read
     * @throws SQLException when an EXPLAIN fails
     */
    Choice choose(Connection c, String templateId, String sql, List<?> binds) throws SQLException;

    /**
     * Records the outcome of running a choice. Validates before changing anything.
     *
     * @param choice a choice this advisor returned
     * @param latencyMillis the measured latency, finite and {@code >= 0}
     * @param timedOut whether the statement timeout cancelled it (charged {@code
     *     timeoutChargeFactor ×})
     * @throws DagArgumentException RV011 for a NaN, infinite or negative latency, a template this
     *     advisor never chose for (or has evicted since, see {@link Builder#templateLimit}), an arm
     *     it does not have, or a choice without the chosen arm's candidate
     */
    void observe(Choice choice, double latencyMillis, boolean timedOut);

    /**
     * Refits the latency model on the observations kept (the {@link Builder#historyLimit} most
     * recent ones with plan features; a no-op without observations).
     *
     * @return how many samples and how long the fit took
     */
    RetrainStats retrain();

    /**
     * How many observations with plan features the model trains on: every one recorded, up to
     * {@link Builder#historyLimit} (then the most recent ones).
     *
     * @return the count
     */
    int observations();

    /**
     * The arms, in the order given to the builder.
     *
     * @return the arms
     */
    List<HintArm> arms();

    /**
     * The recorded q-errors, oldest first: every one, up to the 10 000 most recent.
     *
     * @return a new array
     */
    double[] qErrors();

    /**
     * The median, 90th and 99th percentile of {@link #qErrors()} (nearest rank).
     *
     * @return the statistics; NaN percentiles when nothing was recorded
     */
    PredictionStats predictionStats();

    /**
     * One arm's plan and prediction.
     *
     * @param arm the arm
     * @param planJson the EXPLAIN output
     * @param totalCost the root's Total Cost
     * @param planRows the root's Plan Rows
     * @param predictedMillis the ensemble-mean predicted latency, NaN while the model is untrained
     */
    record Candidate(HintArm arm, String planJson, double totalCost, double planRows, double predictedMillis) {
        /** Checks for nulls. */
        public Candidate {
            Objects.requireNonNull(arm, "arm");
            Objects.requireNonNull(planJson, "planJson");
        }
    }

    /**
     * What {@link #choose} picked.
     *
     * @param templateId the template
     * @param chosen the arm to run
     * @param predictedMillis the ensemble-mean predicted latency of the chosen plan, NaN while untrained
     * @param candidates one per planned arm, in arm order: every arm, or the default arm alone when
     *     no other arm could be picked (see {@link Builder#planEveryArm}), or none when planning
     *     the other arms could not pay (see {@link Builder#planningCostFactor})
     * @param planningNanos wall-clock time of planning every arm, featurizing and deciding
     * @param guarded whether the per-template guard replaced the sampled arm
     * @param binds the bind values the choice was made for (the instance-level memory learns from
     *     them when the choice is observed); empty when unknown
     */
    record Choice(
            String templateId,
            HintArm chosen,
            double predictedMillis,
            List<Candidate> candidates,
            long planningNanos,
            boolean guarded,
            List<?> binds) {
        /** Copies the candidates and the binds (which may hold {@code null}s). */
        public Choice {
            Objects.requireNonNull(templateId, "templateId");
            Objects.requireNonNull(chosen, "chosen");
            candidates = List.copyOf(candidates);
            binds = Collections.unmodifiableList(new ArrayList<>(binds));
        }

        /**
         * A choice without bind values.
         *
         * @param templateId the template
         * @param chosen the arm to run
         * @param predictedMillis the predicted latency of the chosen plan
         * @param candidates the planned arms
         * @param planningNanos the planning time
         * @param guarded whether the guard replaced the sampled arm
         */
        public Choice(
                String templateId,
                HintArm chosen,
                double predictedMillis,
                List<Candidate> candidates,
                long planningNanos,
                boolean guarded) {
            this(templateId, chosen, predictedMillis, candidates, planningNanos, guarded, List.of());
        }
    }

    /**
     * The outcome of {@link #retrain}.
     *
     * @param samples the observations fitted
     * @param nanos wall-clock time of the fit
     */
    record RetrainStats(int samples, long nanos) {}

    /**
     * Latency-prediction q-error statistics.
     *
     * @param count how many q-errors were recorded
     * @param median the median
     * @param p90 the 90th percentile
     * @param p99 the 99th percentile
     */
    record PredictionStats(int count, double median, double p90, double p99) {}

    /**
     * Configures an advisor. Each setter validates at once (RV011 naming the field and value); not
     * thread-safe.
     */
    final class Builder {
        List<HintArm> arms = HintArm.plannerArms();
        long seed = 0x5eedL;
        int ensembleSize = 10;
        int guardMinSamples = 3;
        double timeoutChargeFactor = 2.0;
        long statementTimeoutMillis = 5_000;
        boolean planEveryArm;
        double planningCostFactor = 2.0;
        int historyLimit = 20_000;
        int templateLimit = 10_000;

        Builder() {}

        /**
         * How many templates the advisor keeps state for, in [1, 1 000 000] (default 10 000): the
         * first {@link HintAdvisor#choose} for a template beyond the limit evicts the least recently
         * used template (by {@code choose} and {@code observe}) with its guard, paired observations,
         * planning record and instance memory; its training rows age out with the {@link
         * #historyLimit} window. An evicted template starts again as a new one (the guard holds its
         * other arms back until the default has run again), and {@link HintAdvisor#observe} rejects a
         * choice made for it before the eviction. Applications whose template ids are unbounded (ids
         * derived from query texts with literals) thus stay bounded.
         *
         * @param value the limit
         * @return this builder
         */
        public Builder templateLimit(int value) {
            if (value < 1 || value > 1_000_000) {
                throw DagArgumentException.invalid("templateLimit must be in [1, 1000000], got " + value);
            }
            templateLimit = value;
            return this;
        }

        /**
         * How many observations the advisor keeps, in [100, 1 000 000] (default 20 000): the latency
         * model trains on the most recent {@code historyLimit} observations with plan features, and
         * older ones are dropped first (a sliding window, as Bao's), so memory and the cost of {@link
         * HintAdvisor#retrain} stop growing with the advisor's age. The other records are bounded
         * too, each keeping its most recent entries: the instance memory (bind values and latencies)
         * keeps at most {@code min(1024, historyLimit)} observations per template and arm or plan
         * shape, the guard compares an arm with the default over its 256 most recent paired
         * observations on a template and takes the default's mean and median latency from its 1 024
         * most recent ones, and {@link HintAdvisor#qErrors} keeps the 10 000 most recent. How many
         * templates are kept is {@link #templateLimit}. Each observation kept costs about 0.5 KB (its
         * plan features).
         *
         * @param value the limit
         * @return this builder
         */
        public Builder historyLimit(int value) {
            if (value < 100 || value > 1_000_000) {
                throw DagArgumentException.invalid("historyLimit must be in [100, 1000000], got " + value);
            }
            historyLimit = value;
            return this;
        }

        /**
         * When planning the other arms cannot pay, in [0, 1000] (default 2.0; 0 turns the rule
         * off). Once the template's guard has its {@code guardMinSamples} default latencies and the
         * model is trained, {@link HintAdvisor#choose} plans the other arms only if the instance's
         * default latency (the template's median default latency, or the kernel mean of the
         * default's latencies on instances of the template with nearby bind values where that is
         * larger) is at least
         * this factor times the measured cost of
         * planning them (a moving average, α 0.1, of the planning time per arm, times the number
         * of other arms):
         * no arm can save more than the whole default latency, so on a template that runs in less
         * than its planning would cost, choose() returns the default arm without any EXPLAIN (no
         * candidates; {@link HintAdvisor#observe} then only updates the guard and the instance's
         * latency). Where the instance memory has close neighbours (total kernel weight ≥ 1) their
         * mean default latency is the instance's, so the fast instances of a template with slow ones
         * skip planning. In addition (whatever the factor, unless it is 0) the expected saving must
         * cover the planning: {@code (wins + 1) / (plannings + 2)} × the mean relative saving of the
         * wins (0.5 before the first) × the default latency ≥ the planning cost, where a win is a
         * planned instance on which a non-default arm beat the default's estimated latency; a template
         * on which planning never helps thus plans less and less often. While only the default could
         * be picked by a trained model, its plan alone (for the model's features) is read only if that
         * costs at most 5 % of the instance's default latency (once the template has a default
         * latency; before the first training every query reads it).
         *
         * @param value the factor
         * @return this builder
         */
        public Builder planningCostFactor(double value) {
            if (!(value >= 0 && value <= 1000)) {
                throw DagArgumentException.invalid("planningCostFactor must be in [0, 1000], got " + value);
            }
            planningCostFactor = value;
            return this;
        }

        /**
         * Whether {@link HintAdvisor#choose} plans every arm even when only the default can be
         * picked (default {@code false}: before the first training with data, and while the
         * template's guard holds every other arm back, only the default arm is planned, which saves
         * one EXPLAIN per other arm on those queries). {@code true} is for inspecting every arm's
         * plan.
         *
         * @param value whether to plan every arm on every call
         * @return this builder
         */
        public Builder planEveryArm(boolean value) {
            planEveryArm = value;
            return this;
        }

        /**
         * The arms (default {@link HintArm#plannerArms()}): 1–64, distinct names, exactly one
         * default arm.
         *
         * @param value the arms
         * @return this builder
         */
        public Builder arms(List<HintArm> value) {
            List<HintArm> copy = List.copyOf(value);
            if (copy.isEmpty() || copy.size() > 64) {
                throw DagArgumentException.invalid("arms must hold 1-64 arms, got " + copy.size());
            }
            java.util.Set<String> names = new java.util.HashSet<>();
            int defaults = 0;
            for (HintArm a : copy) {
                if (!names.add(a.name())) {
                    throw DagArgumentException.invalid("arms: the name " + a.name() + " is used twice");
                }
                defaults += a.isDefault() ? 1 : 0;
            }
            if (defaults != 1) {
                throw DagArgumentException.invalid(
                        "arms must contain exactly one default arm (no settings), found " + defaults);
            }
            arms = copy;
            return this;
        }

        /**
         * The seed of the bootstrap resampling, the priors and the Thompson draws (default 0x5eed).
         *
         * @param value the seed
         * @return this builder
         */
        public Builder seed(long value) {
            seed = value;
            return this;
        }

        /**
         * The number of ensemble members, 1–100 (default 10).
         *
         * @param value the size
         * @return this builder
         */
        public Builder ensembleSize(int value) {
            if (value < 1 || value > 100) {
                throw DagArgumentException.invalid("ensembleSize must be in [1, 100], got " + value);
            }
            ensembleSize = value;
            return this;
        }

        /**
         * Observations per template the guard needs of the default and of a non-default arm before
         * it compares them, 0–1000 (default 3; 0 turns the guard off).
         *
         * @param value the count
         * @return this builder
         */
        public Builder guardMinSamples(int value) {
            if (value < 0 || value > 1000) {
                throw DagArgumentException.invalid("guardMinSamples must be in [0, 1000], got " + value);
            }
            guardMinSamples = value;
            return this;
        }

        /**
         * How many times its latency a timed-out query is charged, in [1, 100] (default 2.0).
         *
         * @param value the factor
         * @return this builder
         */
        public Builder timeoutChargeFactor(double value) {
            if (!(value >= 1 && value <= 100)) {
                throw DagArgumentException.invalid("timeoutChargeFactor must be in [1, 100], got " + value);
            }
            timeoutChargeFactor = value;
            return this;
        }

        /**
         * The statement timeout of each EXPLAIN, in ms, in [1, 3 600 000] (default 5000).
         *
         * @param value the timeout
         * @return this builder
         */
        public Builder statementTimeoutMillis(long value) {
            if (value < 1 || value > 3_600_000) {
                throw DagArgumentException.invalid("statementTimeoutMillis must be in [1, 3600000], got " + value);
            }
            statementTimeoutMillis = value;
            return this;
        }

        /**
         * Builds an advisor; the builder can be reused.
         *
         * @return a new, untrained advisor
         */
        public HintAdvisor build() {
            return new LearnedHintAdvisor(this);
        }
    }
}
