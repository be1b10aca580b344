package io.neuraldag.bench;

import java.util.List;
import java.util.Locale;

/**
 * The result of the TPC-H control: the learned chooser against PostgreSQL's own plans on the same
 * query sequence, each position run under both back to back.
 *
 * @param scaleFactor the TPC-H scale factor
 * @param rounds how many times each of the 22 queries occurs in the sequence
 * @param seed the seed of the sequence and of the chooser
 * @param loadSeconds seconds spent loading, 0 when an existing load was reused
 * @param vanillaMillis PostgreSQL's total
 * @param learnedMillis the learned chooser's total, planning of all arms included
 * @param learnedPlanningMillis the planning part of {@code learnedMillis}
 * @param ratio {@code learnedMillis / vanillaMillis}
 * @param resultChecks results compared with the default-settings result
 * @param resultMismatches how many differed
 * @param perQuery per query: median latencies
 */
public record TpchReport(
        double scaleFactor,
        int rounds,
        long seed,
        double loadSeconds,
        double vanillaMillis,
        double learnedMillis,
        double learnedPlanningMillis,
        double ratio,
        long resultChecks,
        long resultMismatches,
        List<QueryRow> perQuery) {

    /** Copies the list. */
    public TpchReport {
        perQuery = List.copyOf(perQuery);
    }

    /**
     * One TPC-H query.
     *
     * @param id {@code q1} … {@code q22}
     * @param vanillaMedianMillis PostgreSQL's median
     * @param learnedMedianMillis the learned chooser's median (planning included)
     * @param nonDefaultPicks how often the chooser ran a non-default arm
     */
    public record QueryRow(String id, double vanillaMedianMillis, double learnedMedianMillis, int nonDefaultPicks) {}

    /**
     * Whether the learned total is within 5 % of PostgreSQL's.
     *
     * @return {@code ratio <= 1.05}
     */
    public boolean withinFivePercent() {
        return ratio <= 1.05;
    }

    /**
     * The report as text.
     *
     * @return the text, newline-terminated
     */
    public String text() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(
                Locale.ROOT,
                "TPC-H control: SF %s, %d rounds of 22 queries, seed %d%n",
                Tpch.label(scaleFactor),
                rounds,
                seed));
        sb.append(
                loadSeconds > 0
                        ? String.format(Locale.ROOT, "data loaded in %.1f s%n", loadSeconds)
                        : "data set reused (already present for this scale factor)\n");
        sb.append(
                "\n| query | PG median ms | learned median ms | ratio | non-default picks |\n|---|---|---|---|---|\n");
        for (QueryRow r : perQuery) {
            sb.append(String.format(
                    Locale.ROOT,
                    "| %s | %.2f | %.2f | %.3f | %d |%n",
                    r.id(),
                    r.vanillaMedianMillis(),
                    r.learnedMedianMillis(),
                    r.learnedMedianMillis() / r.vanillaMedianMillis(),
                    r.nonDefaultPicks()));
        }
        sb.append(String.format(
                Locale.ROOT,
                "%ntotal: PG %.2f s, learned %.2f s (planning %.2f s), learned/PG %.3f: within 5 %%: %s%n",
                vanillaMillis / 1000,
                learnedMillis / 1000,
                learnedPlanningMillis / 1000,
                ratio,
                CorrBenchReport.yesNo(withinFivePercent())));
        sb.append(String.format(
                Locale.ROOT,
                "result checks: %d compared with the default-settings result, %d differ%n",
                resultChecks,
                resultMismatches));
        return sb.toString();
    }
}
