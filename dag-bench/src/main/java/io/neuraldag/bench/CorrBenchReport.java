package io.neuraldag.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The result of a corr-bench run. All times are milliseconds of wall-clock time measured by the
 * client around the statement (timed-out statements are charged twice the timeout).
 *
 * @param options what ran
 * @param templates the number of templates
 * @param distinctInstances how many distinct (template, parameters) instances the queries hold
 * @param trapInstances how many of the queries were drawn from a trap template's trap half
 * @param generateSeconds seconds spent building the data set, 0 when an existing one was reused
 * @param orders totals per random order of the learned run
 * @param perTemplate per-template latency statistics over all orders
 * @param qError latency-prediction q-error of the learned chooser (queries after the bootstrap)
 * @param resultChecks how many results were compared with the default-settings result
 * @param resultMismatches how many of them differed (must be 0: hints never change answers)
 * @param mismatches the first few differing instances, for the report
 * @param vanillaCumulative cumulative vanilla time along the first order
 * @param statsCumulative cumulative PG + statistics time along the first order
 * @param oracleCumulative cumulative oracle time along the first order
 * @param learnedCumulative cumulative learned time (planning included) along each order
 * @param armNames the arms of the oracle runs, in the order of {@link QueryTrace#armMillis()}
 * @param trace every query of the learned runs, in the order they ran
 */
public record CorrBenchReport(
        CorrBenchOptions options,
        int templates,
        int distinctInstances,
        int trapInstances,
        double generateSeconds,
        List<OrderTotals> orders,
        List<TemplateRow> perTemplate,
        QError qError,
        long resultChecks,
        long resultMismatches,
        List<String> mismatches,
        List<Double> vanillaCumulative,
        List<Double> statsCumulative,
        List<Double> oracleCumulative,
        List<List<Double>> learnedCumulative,
        List<String> armNames,
        List<QueryTrace> trace) {

    /** Copies the lists. */
    public CorrBenchReport {
        orders = List.copyOf(orders);
        perTemplate = List.copyOf(perTemplate);
        mismatches = List.copyOf(mismatches);
        vanillaCumulative = List.copyOf(vanillaCumulative);
        statsCumulative = List.copyOf(statsCumulative);
        oracleCumulative = List.copyOf(oracleCumulative);
        learnedCumulative = learnedCumulative.stream().map(List::copyOf).toList();
        armNames = List.copyOf(armNames);
        trace = List.copyOf(trace);
    }

    /**
     * One query of a learned run, with the oracle's measurements of the same instance.
     *
     * @param order the order's number, from 1
     * @param index the query's position in the order, from 1
     * @param templateId the template
     * @param binds the bind values, as text
     * @param trap whether the parameters were drawn from the trap half
     * @param arm the arm the learned chooser ran
     * @param planningMillis the chooser's time to choose (planning the arms)
     * @param executionMillis the statement's latency under the chosen arm
     * @param timedOut whether the statement hit the timeout
     * @param predictedMillis the chooser's predicted latency, NaN without a prediction
     * @param vanillaMillis this query's run under default settings in the same order, next to the
     *     learned run (charged)
     * @param oracleMillis the instance's oracle latency (charged; the best arm with the instance's
     *     pages hot)
     * @param oracleArm the arm of the oracle's latency
     * @param guarded whether a no-regression rule of the chooser overrode its model's pick
     * @param vanillaFirst whether the query's vanilla run came before the learned run (a seeded coin
     *     per query; the one that runs second finds the instance's pages hot)
     * @param armMillis the instance's latency under each arm of {@link #armNames()} in the oracle runs
     *     (the default's is its second run there); NaN where the arm
     *     was cancelled at the oracle's cap (1.5 × the first default latency + 50 ms)
     * @param armPredictedMillis the chooser's predicted latency of each arm of {@link #armNames()} for
     *     this query (its model's mean, before exploration noise); NaN where the arm was not planned or
     *     there is no model yet
     */
    public record QueryTrace(
            int order,
            int index,
            String templateId,
            String binds,
            boolean trap,
            String arm,
            double planningMillis,
            double executionMillis,
            boolean timedOut,
            double predictedMillis,
            double vanillaMillis,
            double oracleMillis,
            String oracleArm,
            boolean guarded,
            boolean vanillaFirst,
            List<Double> armMillis,
            List<Double> armPredictedMillis) {

        /** Copies the lists. */
        public QueryTrace {
            armMillis = List.copyOf(armMillis);
            armPredictedMillis = List.copyOf(armPredictedMillis);
        }
    }

    /**
     * The per-query trace as CSV (RFC 4180 quoting, a header row, milliseconds with three decimals,
     * empty cells for NaN).
     *
     * @return the CSV text, newline-terminated
     */
    public String traceCsv() {
        StringBuilder sb = new StringBuilder(
                "order,index,template,binds,trap,arm,planning_ms,execution_ms,timed_out,predicted_ms,vanilla_ms,"
                        + "oracle_ms,oracle_arm,guarded,vanilla_first");
        for (String a : armNames) {
            sb.append(',').append(csv("arm_" + a + "_ms"));
        }
        for (String a : armNames) {
            sb.append(',').append(csv("predicted_" + a + "_ms"));
        }
        sb.append('\n');
        for (QueryTrace q : trace) {
            sb.append(q.order()).append(',').append(q.index()).append(',');
            sb.append(csv(q.templateId())).append(',').append(csv(q.binds())).append(',');
            sb.append(q.trap()).append(',').append(csv(q.arm())).append(',');
            sb.append(ms(q.planningMillis()))
                    .append(',')
                    .append(ms(q.executionMillis()))
                    .append(',');
            sb.append(q.timedOut()).append(',').append(ms(q.predictedMillis())).append(',');
            sb.append(ms(q.vanillaMillis()))
                    .append(',')
                    .append(ms(q.oracleMillis()))
                    .append(',');
            sb.append(csv(q.oracleArm()))
                    .append(',')
                    .append(q.guarded())
                    .append(',')
                    .append(q.vanillaFirst());
            for (double v : q.armMillis()) {
                sb.append(',').append(ms(v));
            }
            for (double v : q.armPredictedMillis()) {
                sb.append(',').append(ms(v));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private static String ms(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.3f", v) : "";
    }

    private static String csv(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }

    /**
     * Totals of one order.
     *
     * @param order the order's number, from 1
     * @param vanillaMillis vanilla PostgreSQL total of this order (each query under default settings next to its learned run)
     * @param statsMillis PostgreSQL with extended statistics total (the first order's queries)
     * @param oracleMillis the per-instance best arm's total
     * @param learnedMillis the learned chooser's total: execution plus planning of all arms
     * @param learnedPlanningMillis the part of {@code learnedMillis} spent planning the arms
     * @param retrainMillis time spent retraining (not part of {@code learnedMillis})
     * @param learnedTimeouts statements of the learned run that hit the timeout
     * @param learnedOverVanilla {@code learnedMillis / vanillaMillis}
     * @param learnedOverStats {@code learnedMillis / statsMillis}
     * @param regretMillis {@code learnedMillis - oracleMillis}
     * @param learnedOverOracle {@code learnedMillis / oracleMillis}
     */
    public record OrderTotals(
            int order,
            double vanillaMillis,
            double statsMillis,
            double oracleMillis,
            double learnedMillis,
            double learnedPlanningMillis,
            double retrainMillis,
            int learnedTimeouts,
            double learnedOverVanilla,
            double learnedOverStats,
            double regretMillis,
            double learnedOverOracle) {}

    /**
     * Latency statistics of one template over all orders; ratios are learned / vanilla.
     *
     * @param id the template
     * @param trap whether it is a trap template
     * @param count queries of this template per order
     * @param vanillaMedianMillis vanilla median
     * @param statsMedianMillis PG + statistics median
     * @param oracleMedianMillis oracle median
     * @param learnedMedianMillis learned median (planning included)
     * @param medianRatio learned median / vanilla median
     * @param p95Ratio learned p95 / vanilla p95
     * @param p99Ratio learned p99 / vanilla p99
     * @param statsMedianRatio PG + statistics median / vanilla median
     */
    public record TemplateRow(
            String id,
            boolean trap,
            int count,
            double vanillaMedianMillis,
            double statsMedianMillis,
            double oracleMedianMillis,
            double learnedMedianMillis,
            double medianRatio,
            double p95Ratio,
            double p99Ratio,
            double statsMedianRatio) {}

    /**
     * Latency-prediction q-error, {@code max(p/a, a/p)} with both floored at 0.1 ms.
     *
     * @param samples predictions compared
     * @param median the median q-error
     * @param p90 the 90th percentile
     * @param p99 the 99th percentile
     */
    public record QError(int samples, double median, double p90, double p99) {}

    /**
     * Whether the targets hold in this run.
     *
     * @param vanillaTarget learned total ≤ 0.70 × vanilla in every order
     * @param statsTarget learned total ≤ 0.90 × PG + statistics in every order
     * @param templateTarget no template's learned median above 1.10 × its vanilla median
     * @param qErrorTarget median q-error ≤ 1.5
     */
    public record Targets(boolean vanillaTarget, boolean statsTarget, boolean templateTarget, boolean qErrorTarget) {}

    /**
     * Evaluates the targets.
     *
     * @return which targets are met
     */
    public Targets targets() {
        boolean v = !orders.isEmpty() && orders.stream().allMatch(o -> o.learnedOverVanilla() <= 0.70);
        boolean s = !orders.isEmpty() && orders.stream().allMatch(o -> o.learnedOverStats() <= 0.90);
        boolean t = perTemplate.stream().allMatch(r -> !(r.medianRatio() > 1.10));
        boolean q = qError.median() <= 1.5;
        return new Targets(v, s, t, q);
    }

    /**
     * The report as Markdown-style text: every number of the documented table.
     *
     * @return the text, newline-terminated
     */
    public String text() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(
                Locale.ROOT,
                "corr-bench: scale %s, %d queries, seed %d, %d orders, %d templates, %d distinct instances,"
                        + " %d trap draws%n",
                options.scale().name().toLowerCase(Locale.ROOT),
                options.queries(),
                options.seed(),
                options.orders(),
                templates,
                distinctInstances,
                trapInstances));
        sb.append(
                generateSeconds > 0
                        ? String.format(Locale.ROOT, "data generated in %.1f s%n", generateSeconds)
                        : "data set reused (already present for this scale and seed)\n");
        sb.append("\n| order | vanilla s | PG+stats s | oracle s | learned s | (planning s) | retrain s | learned/PG"
                + " | learned/PG+stats | regret s | learned/oracle | timeouts |\n");
        sb.append("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (OrderTotals o : orders) {
            sb.append(String.format(
                    Locale.ROOT,
                    "| %d | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.3f | %.3f | %.2f | %.3f | %d |%n",
                    o.order(),
                    o.vanillaMillis() / 1000,
                    o.statsMillis() / 1000,
                    o.oracleMillis() / 1000,
                    o.learnedMillis() / 1000,
                    o.learnedPlanningMillis() / 1000,
                    o.retrainMillis() / 1000,
                    o.learnedOverVanilla(),
                    o.learnedOverStats(),
                    o.regretMillis() / 1000,
                    o.learnedOverOracle(),
                    o.learnedTimeouts()));
        }
        sb.append("\n| template | kind | n/order | vanilla median ms | PG+stats median ms | oracle median ms"
                + " | learned median ms | median ratio | p95 ratio | p99 ratio | PG+stats/PG median |\n");
        sb.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (TemplateRow r : perTemplate) {
            sb.append(String.format(
                    Locale.ROOT,
                    "| %s | %s | %d | %.2f | %.2f | %.2f | %.2f | %.3f | %.3f | %.3f | %.3f |%n",
                    r.id(),
                    r.trap() ? "trap" : "control",
                    r.count(),
                    r.vanillaMedianMillis(),
                    r.statsMedianMillis(),
                    r.oracleMedianMillis(),
                    r.learnedMedianMillis(),
                    r.medianRatio(),
                    r.p95Ratio(),
                    r.p99Ratio(),
                    r.statsMedianRatio()));
        }
        sb.append(String.format(
                Locale.ROOT,
                "%nq-error of the latency prediction (%d queries after the bootstrap): median %.3f, p90 %.3f,"
                        + " p99 %.3f%n",
                qError.samples(),
                qError.median(),
                qError.p90(),
                qError.p99()));
        sb.append(String.format(
                Locale.ROOT,
                "result checks: %d compared with the default-settings result, %d differ%n",
                resultChecks,
                resultMismatches));
        for (String m : mismatches) {
            sb.append("  differs: ").append(m).append('\n');
        }
        Targets t = targets();
        sb.append(String.format(
                Locale.ROOT,
                "targets: learned <= 0.70 x PG in every order: %s; learned <= 0.90 x PG+stats in every order: %s;"
                        + " no template median > 1.10 x PG: %s; median q-error <= 1.5: %s%n",
                yesNo(t.vanillaTarget()),
                yesNo(t.statsTarget()),
                yesNo(t.templateTarget()),
                yesNo(t.qErrorTarget())));
        return sb.toString();
    }

    /**
     * The plot of cumulative time against query number: vanilla, PG + statistics, the oracle
     * (dashed) and the learned chooser in each order.
     *
     * @return a standalone SVG document
     */
    public String svg() {
        List<Svg.Series> series = new ArrayList<>();
        series.add(new Svg.Series("PostgreSQL", vanillaCumulative, false));
        series.add(new Svg.Series("PG + statistics", statsCumulative, false));
        series.add(new Svg.Series("oracle", oracleCumulative, true));
        for (int i = 0; i < learnedCumulative.size(); i++) {
            series.add(new Svg.Series("learned, order " + (i + 1), learnedCumulative.get(i), false));
        }
        return Svg.lineChart(
                "corr-bench (" + options.scale().name().toLowerCase(Locale.ROOT) + ", " + options.queries()
                        + " queries, seed " + options.seed() + ")",
                series);
    }

    static String yesNo(boolean b) {
        return b ? "met" : "not met";
    }
}
