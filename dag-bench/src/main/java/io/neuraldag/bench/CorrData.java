package io.neuraldag.bench;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/*
 * Builds the corr-bench data set in schema "corrbench", server-side with INSERT ... SELECT over
 * generate_series (no client round trips). Pseudo-random values come from hashint8extended(i, salt),
 * so the same seed gives the same rows on any server.
 *
 * customers(c_id, c_city, c_state, c_country, c_segment, c_name): c_state = c_city / 10 and
 *   c_country = c_city / 100 (functional dependencies).
 * orders(o_id, o_cust, o_date, o_year, o_country, o_currency, o_lang, o_taxzone, o_channel, o_status,
 *   o_total): o_cust follows a power law (log-uniform: customer k has weight ~ 1/k); o_country is the
 *   customer's country and o_currency, o_lang, o_taxzone are 100/200/300 + o_country (four perfectly
 *   correlated columns, the correlation also crossing the join to customers); o_channel is the
 *   customer's segment; o_year is the year of o_date and the table is stored in o_date order.
 * order_items(oi_order, oi_line, oi_product, oi_qty, oi_price): two lines per order.
 * shipments(s_order, s_carrier, s_days): every second order.
 */
final class CorrData {
    static final String SCHEMA = "corrbench";
    /* Bumped when the generator changes, so an old data set is rebuilt. */
    static final int VERSION = 4;

    private CorrData() {}

    /* Whether the schema already holds the data set of this scale, seed and generator version. */
    static boolean present(Connection c, Scale scale, long seed) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(
                        "SELECT count(*) FROM pg_tables WHERE schemaname = '" + SCHEMA + "' AND tablename = 'meta'")) {
            rs.next();
            if (rs.getLong(1) == 0) {
                return false;
            }
        }
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT scale, seed, version FROM " + SCHEMA + ".meta")) {
            return rs.next()
                    && rs.getString(1).equals(scale.name())
                    && rs.getLong(2) == seed
                    && rs.getInt(3) == VERSION;
        }
    }

    /* Drops and rebuilds the schema, then ANALYZEs; returns the elapsed nanoseconds. */
    static long generate(Connection c, Scale scale, long seed) throws SQLException {
        long t0 = System.nanoTime();
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(true);
        try (Statement st = c.createStatement()) {
            for (String sql : statements(scale, seed)) {
                st.execute(sql);
            }
        } finally {
            c.setAutoCommit(auto);
        }
        return System.nanoTime() - t0;
    }

    static List<String> statements(Scale scale, long seed) {
        int n = scale.orders();
        int cust = scale.customers();
        long s = seed * 16;
        String u = "((hashint8extended(%s::bigint, " + "%d) & 2147483647)::float8 / 2147483648.0)";
        String s1 = String.format(java.util.Locale.ROOT, u, "i", s + 1);
        String s2 = String.format(java.util.Locale.ROOT, u, "i", s + 2);
        String s3 = String.format(java.util.Locale.ROOT, u, "i", s + 3);
        String s4 = String.format(java.util.Locale.ROOT, u, "i", s + 4);
        String s5 = String.format(java.util.Locale.ROOT, u, "i", s + 5);
        String s6 = String.format(java.util.Locale.ROOT, u, "o", s + 6);
        String s7 = String.format(java.util.Locale.ROOT, u, "o", s + 7);
        return List.of(
                "SET max_parallel_workers_per_gather = 0",
                "SET maintenance_work_mem = '256MB'",
                "SET synchronous_commit = off",
                "DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE",
                "CREATE SCHEMA " + SCHEMA,
                "CREATE TABLE " + SCHEMA + ".customers(c_id int NOT NULL, c_city int NOT NULL, c_state int NOT NULL,"
                        + " c_country int NOT NULL, c_segment int NOT NULL, c_name text NOT NULL)",
                "INSERT INTO " + SCHEMA + ".customers SELECT i, city, city / 10, city / 100, seg, 'cust#' || i FROM"
                        + " (SELECT i, floor(" + s1 + " * 1000)::int AS city, floor(" + s2 + " * 5)::int AS seg"
                        + " FROM generate_series(1, " + cust + ") i) g",
                "CREATE TABLE " + SCHEMA + ".orders(o_id bigint NOT NULL, o_cust int NOT NULL, o_date date NOT NULL,"
                        + " o_year int NOT NULL, o_country int NOT NULL, o_currency int NOT NULL, o_lang int NOT NULL,"
                        + " o_taxzone int NOT NULL, o_channel int NOT NULL, o_status int NOT NULL,"
                        + " o_total numeric(12,2) NOT NULL)",
                "INSERT INTO " + SCHEMA + ".orders SELECT g.i, c.c_id, g.d, extract(year FROM g.d)::int, c.c_country,"
                        + " 100 + c.c_country, 200 + c.c_country, 300 + c.c_country, c.c_segment,"
                        + " floor(" + s4 + " * 5)::int, round((" + s5 + " * 1000)::numeric, 2)"
                        + " FROM (SELECT i, least(" + cust + ", floor(exp(" + s3 + " * ln(" + cust + ".0)))::int) AS k,"
                        + " date '2015-01-01' + (i::bigint * 3652 / " + n + ")::int AS d"
                        + " FROM generate_series(1, " + n + ") i) g"
                        + " JOIN " + SCHEMA + ".customers c ON c.c_id = g.k ORDER BY g.i",
                "CREATE TABLE " + SCHEMA + ".order_items(oi_order bigint NOT NULL, oi_line int NOT NULL,"
                        + " oi_product int NOT NULL, oi_qty int NOT NULL, oi_price numeric(10,2) NOT NULL)",
                "INSERT INTO " + SCHEMA + ".order_items SELECT o, l, ((o * 7919 + l * 104729 + " + (seed & 1023)
                        + ") % 10000)::int, 1 + ((o * 13 + l * 7) % 9)::int, ((o * 31 + l * 17) % 10000) / 100.0"
                        + " FROM generate_series(1::bigint, " + n + ") o, generate_series(1, 2) l",
                "CREATE TABLE " + SCHEMA + ".shipments(s_order bigint NOT NULL, s_carrier int NOT NULL,"
                        + " s_days int NOT NULL)",
                "INSERT INTO " + SCHEMA + ".shipments SELECT o, floor(" + s6 + " * 8)::int, 1 + floor(" + s7
                        + " * 14)::int FROM generate_series(1, " + n + ", 2) o",
                "ALTER TABLE " + SCHEMA + ".customers ADD PRIMARY KEY (c_id)",
                "ALTER TABLE " + SCHEMA + ".orders ADD PRIMARY KEY (o_id)",
                "CREATE INDEX orders_cust ON " + SCHEMA + ".orders(o_cust)",
                "CREATE INDEX orders_date ON " + SCHEMA + ".orders(o_date, o_id)",
                "CREATE INDEX orders_country ON " + SCHEMA + ".orders(o_country)",
                "CREATE INDEX orders_year ON " + SCHEMA + ".orders(o_year)",
                "CREATE INDEX items_order ON " + SCHEMA + ".order_items(oi_order)",
                "ALTER TABLE " + SCHEMA + ".shipments ADD PRIMARY KEY (s_order)",
                "VACUUM (FREEZE, ANALYZE) " + SCHEMA + ".customers",
                "VACUUM (FREEZE, ANALYZE) " + SCHEMA + ".orders",
                "VACUUM (FREEZE, ANALYZE) " + SCHEMA + ".order_items",
                "VACUUM (FREEZE, ANALYZE) " + SCHEMA + ".shipments",
                "CREATE TABLE " + SCHEMA + ".meta(scale text NOT NULL, seed bigint NOT NULL, version int NOT NULL)",
                "INSERT INTO " + SCHEMA + ".meta VALUES ('" + scale.name() + "', " + seed + ", " + VERSION + ")",
                "RESET maintenance_work_mem",
                "RESET synchronous_commit");
    }

    /* The "PG + stats" baseline: multivariate statistics on the correlated columns, then ANALYZE. */
    static void createStatistics(Connection c) throws SQLException {
        exec(
                c,
                "CREATE STATISTICS IF NOT EXISTS " + SCHEMA + ".orders_geo (dependencies, mcv) ON o_country,"
                        + " o_currency, o_lang, o_taxzone FROM " + SCHEMA + ".orders",
                "CREATE STATISTICS IF NOT EXISTS " + SCHEMA + ".orders_chan (dependencies, mcv) ON o_country,"
                        + " o_channel, o_year FROM " + SCHEMA + ".orders",
                "CREATE STATISTICS IF NOT EXISTS " + SCHEMA + ".customers_geo (dependencies, mcv) ON c_city,"
                        + " c_state, c_country FROM " + SCHEMA + ".customers",
                "VACUUM (FREEZE, ANALYZE) " + SCHEMA + ".orders",
                "ANALYZE " + SCHEMA + ".customers");
    }

    /* Back to per-column statistics only. */
    static void dropStatistics(Connection c) throws SQLException {
        exec(
                c,
                "DROP STATISTICS IF EXISTS " + SCHEMA + ".orders_geo",
                "DROP STATISTICS IF EXISTS " + SCHEMA + ".orders_chan",
                "DROP STATISTICS IF EXISTS " + SCHEMA + ".customers_geo",
                "VACUUM (FREEZE, ANALYZE) " + SCHEMA + ".orders",
                "ANALYZE " + SCHEMA + ".customers");
    }

    /* Reads every table once so the first measured queries do not pay for cold pages. */
    static void warm(Connection c) throws SQLException {
        exec(
                c,
                "SELECT count(*) FROM " + SCHEMA + ".customers",
                "SELECT count(*) FROM " + SCHEMA + ".orders",
                "SELECT count(*) FROM " + SCHEMA + ".order_items",
                "SELECT count(*) FROM " + SCHEMA + ".shipments");
    }

    private static void exec(Connection c, String... sqls) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(true);
        try (Statement st = c.createStatement()) {
            for (String sql : sqls) {
                st.execute(sql);
            }
        } finally {
            c.setAutoCommit(auto);
        }
    }
}
