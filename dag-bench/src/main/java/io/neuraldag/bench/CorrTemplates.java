package io.neuraldag.bench;

import java.time.LocalDate;
import java.util.List;
import java.util.random.RandomGenerator;

/*
 * The corr-bench query templates. Traps are where PostgreSQL's independence assumption (or its
 * average-fan-out join estimate) underestimates a row count by orders of magnitude and the plan built
 * on the estimate (nested loops, an ordered index scan under LIMIT) loses against a plan one of the
 * hint arms allows; controls are queries whose estimates are accurate.
 */
final class CorrTemplates {
    private static final String S = CorrData.SCHEMA + ".";
    private static final LocalDate FIRST_DAY = LocalDate.of(2015, 1, 1);

    private CorrTemplates() {}

    static List<Template> all() {
        return List.of(
                new Template(
                        "corr_filter",
                        true,
                        "four perfectly correlated columns of orders; the estimate multiplies four 1/10"
                                + " selectivities, so nested loops into customers run for ~N/10 rows",
                        "SELECT c.c_segment, count(*), sum(o.o_total) FROM " + S + "orders o JOIN " + S
                                + "customers c ON c.c_id = o.o_cust WHERE o.o_country = ? AND o.o_currency = ?"
                                + " AND o.o_lang = ? AND o.o_taxzone = ? GROUP BY c.c_segment ORDER BY 1",
                        (r, sc) -> {
                            int k = r.nextInt(10);
                            boolean trap = r.nextBoolean();
                            int tz = trap ? 300 + k : 300 + (k + 1 + r.nextInt(9)) % 10;
                            return new Template.Draw(List.of(k, 100 + k, 200 + k, tz), trap);
                        }),
                new Template(
                        "corr_cross_join",
                        true,
                        "the newest orders of a country's customers in a currency: the order's currency"
                                + " follows the customer's country, a correlation across the join that"
                                + " CREATE STATISTICS cannot see; when the two disagree there is no match, and"
                                + " the backward walk of the date index under LIMIT reads every order",
                        "SELECT o.o_id, o.o_total FROM " + S + "customers c JOIN " + S
                                + "orders o ON o.o_cust = c.c_id WHERE c.c_country = ? AND o.o_currency = ?"
                                + " ORDER BY o.o_date DESC, o.o_id DESC LIMIT 20",
                        (r, sc) -> {
                            int k = r.nextInt(10);
                            boolean trap = r.nextBoolean();
                            int k2 = trap ? (k + 1 + r.nextInt(9)) % 10 : k;
                            return new Template.Draw(List.of(k, 100 + k2), trap);
                        }),
                new Template(
                        "skewed_fk",
                        true,
                        "orders of a range of customer keys; the key is power-law distributed, the join"
                                + " estimate uses the average orders per customer, so the head is underestimated",
                        "SELECT s.s_carrier, count(*), sum(o.o_total) FROM " + S + "customers c JOIN " + S
                                + "orders o ON o.o_cust = c.c_id JOIN " + S + "shipments s ON s.s_order = o.o_id"
                                + " WHERE c.c_id BETWEEN ? AND ? GROUP BY s.s_carrier ORDER BY 1",
                        (r, sc) -> {
                            boolean trap = r.nextBoolean();
                            int lo = trap ? 1 + r.nextInt(3) : sc.customers() / 4 + r.nextInt(sc.customers() / 2);
                            return new Template.Draw(List.of(lo, lo + 4), trap);
                        }),
                new Template(
                        "limit_corr",
                        true,
                        "ORDER BY o_date DESC LIMIT 20 under a filter on o_year, which is a function of"
                                + " o_date; the planner assumes matches are spread evenly along the index",
                        "SELECT o.o_id, o.o_total FROM " + S + "orders o WHERE o.o_year = ?"
                                + " ORDER BY o.o_date DESC, o.o_id DESC LIMIT 20",
                        (r, sc) -> {
                            boolean trap = r.nextBoolean();
                            int year = trap ? 2015 + r.nextInt(2) : 2024;
                            return new Template.Draw(List.of(year), trap);
                        }),
                new Template(
                        "corr_limit_country",
                        true,
                        "ORDER BY o_date DESC LIMIT 10 under country, currency and an old year range: the"
                                + " correlated filters make the planner expect many early matches",
                        "SELECT o.o_id, o.o_cust, o.o_total FROM " + S + "orders o WHERE o.o_country = ?"
                                + " AND o.o_currency = ? AND o.o_year <= ? ORDER BY o.o_date DESC, o.o_id DESC"
                                + " LIMIT 10",
                        (r, sc) -> {
                            int k = r.nextInt(10);
                            boolean trap = r.nextBoolean();
                            int year = trap ? 2015 + r.nextInt(2) : 2024;
                            return new Template.Draw(List.of(k, 100 + k, year), trap);
                        }),
                new Template(
                        "ctl_date_range",
                        false,
                        "a two-week date range grouped by status: range and independent column, accurate",
                        "SELECT o.o_status, count(*), sum(o.o_total) FROM " + S + "orders o"
                                + " WHERE o.o_date BETWEEN ? AND ? GROUP BY o.o_status ORDER BY 1",
                        (r, sc) -> {
                            LocalDate d = FIRST_DAY.plusDays(7L * r.nextInt(500));
                            return new Template.Draw(List.of(d, d.plusDays(13)), false);
                        }),
                new Template(
                        "ctl_recent_items",
                        false,
                        "orders of three days with their items: accurate range estimate, index nested loop",
                        "SELECT count(*), sum(i.oi_price * i.oi_qty) FROM " + S + "orders o JOIN " + S
                                + "order_items i ON i.oi_order = o.o_id WHERE o.o_date BETWEEN ? AND ?",
                        (r, sc) -> {
                            LocalDate d = FIRST_DAY.plusDays(7L * r.nextInt(500));
                            return new Template.Draw(List.of(d, d.plusDays(2)), false);
                        }),
                new Template(
                        "ctl_status_year",
                        false,
                        "status and year are independent, so the product of selectivities is right",
                        "SELECT o.o_channel, count(*) FROM " + S + "orders o WHERE o.o_status = ?"
                                + " AND o.o_year = ? GROUP BY o.o_channel ORDER BY 1",
                        (r, sc) -> new Template.Draw(List.of(r.nextInt(5), 2015 + r.nextInt(10)), false)),
                new Template(
                        "ctl_ship_week",
                        false,
                        "shipments of a week of orders: accurate range, index joins",
                        "SELECT s.s_carrier, count(*), sum(s.s_days) FROM " + S + "orders o JOIN " + S
                                + "shipments s ON s.s_order = o.o_id WHERE o.o_date BETWEEN ? AND ?"
                                + " GROUP BY s.s_carrier ORDER BY 1",
                        (r, sc) -> {
                            LocalDate d = FIRST_DAY.plusDays(7L * r.nextInt(500));
                            return new Template.Draw(List.of(d, d.plusDays(6)), false);
                        }),
                new Template(
                        "ctl_country_month",
                        false,
                        "one correlated column only plus a date range: single-column statistics suffice",
                        "SELECT o.o_channel, count(*), sum(o.o_total) FROM " + S + "orders o WHERE o.o_country = ?"
                                + " AND o.o_date BETWEEN ? AND ? GROUP BY o.o_channel ORDER BY 1",
                        (r, sc) -> {
                            LocalDate d = FIRST_DAY.plusDays(7L * r.nextInt(500));
                            return new Template.Draw(List.of(r.nextInt(10), d, d.plusDays(30)), false);
                        }));
    }

    /* Draws n instances: template uniformly at random, then its parameters. */
    static List<Instance> draw(List<Template> templates, int n, RandomGenerator r, Scale scale) {
        java.util.ArrayList<Instance> out = new java.util.ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(templates.get(r.nextInt(templates.size())).draw(r, scale));
        }
        return out;
    }
}
