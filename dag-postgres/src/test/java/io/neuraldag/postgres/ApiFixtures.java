package io.neuraldag.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A pgvector table of deterministic vectors and the queries the API tests send. */
final class ApiFixtures {
    private ApiFixtures() {}

    /** Creates {@code items} (id, embedding vector(8)) with n rows and an HNSW index; returns its name. */
    static String items(PgFixture pg, int n) throws SQLException {
        pg.install();
        String t = pg.q("items");
        pg.exec("CREATE TABLE IF NOT EXISTS " + t + " (id integer PRIMARY KEY, embedding vector(8))");
        pg.exec("TRUNCATE " + t);
        pg.exec("INSERT INTO " + t + " SELECT i, ARRAY[sin(i*1.1), cos(i*0.7), sin(i*0.3), cos(i*1.9),"
                + " sin(i*2.3), cos(i*0.11), sin(i*0.05), cos(i*3.7)]::real[]::vector"
                + " FROM generate_series(1, " + n + ") i");
        pg.exec("CREATE INDEX IF NOT EXISTS items_embedding_hnsw ON " + t + " USING hnsw (embedding vector_l2_ops)");
        pg.exec("ANALYZE " + t);
        return t;
    }

    /** The M4 query with a parameter marker. */
    static String knn(String table) {
        return "SELECT id FROM " + table + " ORDER BY embedding <-> $1 LIMIT 10";
    }

    /** The M4 query with the i-th literal vector. */
    static String knnLiteral(String table, int i) {
        StringBuilder v = new StringBuilder("[");
        for (int d = 0; d < 8; d++) {
            v.append(d == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.4f", Math.sin(i * 0.37 + d)));
        }
        return "SELECT id FROM " + table + " ORDER BY embedding <-> '" + v + "]'::vector LIMIT 10";
    }

    /** The number of plan nodes of EXPLAIN (FORMAT JSON), counted in the raw JSON ("Node Type" keys). */
    static int planNodes(PgFixture pg, String query) throws SQLException {
        try (Connection c = pg.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement("EXPLAIN (FORMAT JSON) " + query);
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            String json = rs.getString(1);
            int n = 0;
            for (int i = json.indexOf("\"Node Type\""); i >= 0; i = json.indexOf("\"Node Type\"", i + 1)) {
                n++;
            }
            return n;
        }
    }

    /** Every row of a query as strings. */
    static List<List<String>> rows(PgFixture pg, String sql, Object... args) throws SQLException {
        try (Connection c = pg.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                List<List<String>> out = new ArrayList<>();
                int cols = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    List<String> row = new ArrayList<>();
                    for (int i = 1; i <= cols; i++) {
                        row.add(rs.getString(i));
                    }
                    out.add(row);
                }
                return out;
            }
        }
    }

    /** Runs dag_request then dag_response (each in its own auto-commit transaction), returning the jsonb text. */
    static String call(PgFixture pg, String fn, String argsJson) throws SQLException {
        String s = Jdbc.quoteIdent(pg.schema().name());
        long id = pg.queryLong("SELECT " + s + ".dag_request(?, CAST(? AS jsonb))", fn, argsJson);
        return rows(pg, "SELECT " + s + ".dag_response(?, 20000)::text", id)
                .get(0)
                .get(0);
    }

    /** A NeuralDag on the fixture's schema with a fast-learning engine. */
    static NeuralDag dag(PgFixture pg) {
        return NeuralDag.builder(pg.dataSource())
                .schema(pg.schema())
                .engineBase(LearningFixtures.fastEngine())
                .build();
    }
}
