package io.neuraldag.bench;

import io.trino.tpch.TpchEntity;
import io.trino.tpch.TpchTable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;

/*
 * TPC-H in schema "tpch": the data from io.trino.tpch's generator, streamed with COPY; the 22 query
 * texts shipped in the same jar (q15 is its view plus its select: the view is created once).
 */
final class Tpch {
    static final String SCHEMA = "tpch";
    static final int VERSION = 1;

    private Tpch() {}

    private static final Map<String, String> DDL = Map.of(
            "region", "r_regionkey int NOT NULL, r_name text NOT NULL, r_comment text NOT NULL",
            "nation",
                    "n_nationkey int NOT NULL, n_name text NOT NULL, n_regionkey int NOT NULL, n_comment text NOT NULL",
            "part",
                    "p_partkey int NOT NULL, p_name text NOT NULL, p_mfgr text NOT NULL, p_brand text NOT NULL,"
                            + " p_type text NOT NULL, p_size int NOT NULL, p_container text NOT NULL,"
                            + " p_retailprice numeric(15,2) NOT NULL, p_comment text NOT NULL",
            "supplier",
                    "s_suppkey int NOT NULL, s_name text NOT NULL, s_address text NOT NULL, s_nationkey int NOT NULL,"
                            + " s_phone text NOT NULL, s_acctbal numeric(15,2) NOT NULL, s_comment text NOT NULL",
            "partsupp",
                    "ps_partkey int NOT NULL, ps_suppkey int NOT NULL, ps_availqty int NOT NULL,"
                            + " ps_supplycost numeric(15,2) NOT NULL, ps_comment text NOT NULL",
            "customer",
                    "c_custkey int NOT NULL, c_name text NOT NULL, c_address text NOT NULL, c_nationkey int NOT NULL,"
                            + " c_phone text NOT NULL, c_acctbal numeric(15,2) NOT NULL, c_mktsegment text NOT NULL,"
                            + " c_comment text NOT NULL",
            "orders",
                    "o_orderkey bigint NOT NULL, o_custkey int NOT NULL, o_orderstatus text NOT NULL,"
                            + " o_totalprice numeric(15,2) NOT NULL, o_orderdate date NOT NULL,"
                            + " o_orderpriority text NOT NULL, o_clerk text NOT NULL, o_shippriority int NOT NULL,"
                            + " o_comment text NOT NULL",
            "lineitem",
                    "l_orderkey bigint NOT NULL, l_partkey int NOT NULL, l_suppkey int NOT NULL,"
                            + " l_linenumber int NOT NULL, l_quantity numeric(15,2) NOT NULL,"
                            + " l_extendedprice numeric(15,2) NOT NULL, l_discount numeric(15,2) NOT NULL,"
                            + " l_tax numeric(15,2) NOT NULL, l_returnflag text NOT NULL, l_linestatus text NOT NULL,"
                            + " l_shipdate date NOT NULL, l_commitdate date NOT NULL, l_receiptdate date NOT NULL,"
                            + " l_shipinstruct text NOT NULL, l_shipmode text NOT NULL, l_comment text NOT NULL");

    private static final List<String> KEYS = List.of(
            "ALTER TABLE tpch.region ADD PRIMARY KEY (r_regionkey)",
            "ALTER TABLE tpch.nation ADD PRIMARY KEY (n_nationkey)",
            "ALTER TABLE tpch.part ADD PRIMARY KEY (p_partkey)",
            "ALTER TABLE tpch.supplier ADD PRIMARY KEY (s_suppkey)",
            "ALTER TABLE tpch.partsupp ADD PRIMARY KEY (ps_partkey, ps_suppkey)",
            "ALTER TABLE tpch.customer ADD PRIMARY KEY (c_custkey)",
            "ALTER TABLE tpch.orders ADD PRIMARY KEY (o_orderkey)",
            "ALTER TABLE tpch.lineitem ADD PRIMARY KEY (l_orderkey, l_linenumber)",
            "CREATE INDEX ON tpch.orders (o_custkey)",
            "CREATE INDEX ON tpch.lineitem (l_partkey, l_suppkey)",
            "CREATE INDEX ON tpch.partsupp (ps_suppkey)");

    static boolean present(Connection c, double sf) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(
                        "SELECT count(*) FROM pg_tables WHERE schemaname = 'tpch' AND tablename = 'meta'")) {
            rs.next();
            if (rs.getLong(1) == 0) {
                return false;
            }
        }
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT sf, version FROM tpch.meta")) {
            return rs.next() && rs.getDouble(1) == sf && rs.getInt(2) == VERSION;
        }
    }

    /* Drops and reloads the schema at scale factor sf; returns the elapsed nanoseconds. */
    static long load(Connection c, double sf, Progress progress) throws SQLException {
        long t0 = System.nanoTime();
        c.setAutoCommit(true);
        try (Statement st = c.createStatement()) {
            st.execute("DROP SCHEMA IF EXISTS tpch CASCADE");
            st.execute("CREATE SCHEMA tpch");
            List<TpchTable<?>> tables = TpchTable.getTables();
            int i = 0;
            for (TpchTable<?> t : tables) {
                String name = t.getTableName();
                String ddl = DDL.get(name);
                if (ddl == null) {
                    throw new BenchException("unknown TPC-H table " + name);
                }
                st.execute("CREATE TABLE tpch." + name + " (" + ddl + ")");
                copy(c, t, sf);
                progress.update("load TPC-H", ++i, tables.size() + 1);
            }
            for (String k : KEYS) {
                st.execute(k);
            }
            st.execute("ANALYZE");
            st.execute("CREATE TABLE tpch.meta (sf float8 NOT NULL, version int NOT NULL)");
            st.execute("INSERT INTO tpch.meta VALUES (" + sf + ", " + VERSION + ")");
            progress.update("load TPC-H", tables.size() + 1, tables.size() + 1);
        }
        return System.nanoTime() - t0;
    }

    private static void copy(Connection c, TpchTable<?> t, double sf) throws SQLException {
        CopyManager cm = c.unwrap(PGConnection.class).getCopyAPI();
        CopyIn in = cm.copyIn("COPY tpch." + t.getTableName() + " FROM STDIN WITH (FORMAT text, DELIMITER '|')");
        try {
            StringBuilder sb = new StringBuilder(1 << 20);
            for (TpchEntity e : t.createGenerator(sf, 1, 1)) {
                String line = e.toLine();
                sb.append(line, 0, line.endsWith("|") ? line.length() - 1 : line.length())
                        .append('\n');
                if (sb.length() > (1 << 20)) {
                    byte[] b = sb.toString().getBytes(StandardCharsets.UTF_8);
                    in.writeToCopy(b, 0, b.length);
                    sb.setLength(0);
                }
            }
            byte[] b = sb.toString().getBytes(StandardCharsets.UTF_8);
            in.writeToCopy(b, 0, b.length);
            in.endCopy();
        } finally {
            if (in.isActive()) {
                in.cancelCopy();
            }
        }
    }

    record Query(String id, String sql) {}

    /* The 22 queries, PostgreSQL-ready; q15's view comes back separately from view(). */
    static List<Query> queries() {
        List<Query> out = new ArrayList<>();
        for (int i = 1; i <= 22; i++) {
            String text = strip(resource(i));
            if (i == 15) {
                String[] parts = text.split(";", -1);
                text = parts[1].trim();
            }
            out.add(new Query("q" + i, text));
        }
        return out;
    }

    /* q15's view, created once in schema tpch. */
    static String view() {
        String text = strip(resource(15));
        return text.split(";", -1)[0]
                .trim()
                .replace("CREATE OR REPLACE VIEW revenue", "CREATE OR REPLACE VIEW tpch.revenue");
    }

    static String resource(int i) {
        String path = "/io/trino/tpch/queries/q" + i + ".sql";
        try (InputStream in = TpchTable.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new BenchException("the tpch jar has no " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BenchException("cannot read " + path, e);
        }
    }

    /* Drops comment lines and a trailing semicolon. */
    static String strip(String text) {
        StringBuilder sb = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            if (!line.trim().startsWith("--")) {
                sb.append(line).append('\n');
            }
        }
        String s = sb.toString().trim();
        return s.endsWith(";") ? s.substring(0, s.length() - 1).trim() : s;
    }

    static void session(Connection c) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(true);
        try (Statement st = c.createStatement()) {
            st.execute("SET search_path = tpch, public");
            st.execute(view());
        } finally {
            c.setAutoCommit(auto);
        }
    }

    static String label(double sf) {
        return String.format(Locale.ROOT, "%.2f", sf);
    }
}
