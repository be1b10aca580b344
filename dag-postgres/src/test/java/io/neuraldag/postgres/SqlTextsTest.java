package io.neuraldag.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SqlTextsTest {

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "SELECT 1|1|select",
                "SELECT 1;|1|select",
                "SELECT 1; DROP TABLE t|2|select",
                "SELECT ';' AS a|1|select",
                "SELECT $$;$$, $x$ ; $x$|1|select",
                "SELECT 'it''s; ok'|1|select",
                "SELECT E'\\'; DROP'|1|select",
                "/* c; */ WITH q AS (SELECT 1) SELECT * FROM q -- ; trailing|1|with",
                "  ;  ; |0|''",
                "(SELECT 1) UNION (SELECT 2)|1|select",
                "INSERT INTO \"a;b\" VALUES (1)|1|insert"
            })
    void countsStatementsOutsideLiteralsAndComments(String sql, int statements, String first) {
        SqlTexts.Scan s = SqlTexts.scan(sql);
        assertThat(s.statements).as(sql).isEqualTo(statements);
        assertThat(s.firstWord).isEqualTo(first);
        assertThat(s.unterminated).isFalse();
    }

    @Test
    void unterminatedLiteralsAndCommentsAreNoticed() {
        for (String sql : List.of("SELECT 'x", "SELECT \"x", "SELECT $$x", "SELECT /* x", "SELECT /* /* */")) {
            assertThat(SqlTexts.scan(sql).unterminated).as(sql).isTrue();
        }
    }

    @Test
    void normalisationReplacesLiteralsAndKeepsIdentifiers() {
        assertThat(SqlTexts.normalize("SELECT  *\n FROM Items WHERE id = 42 AND name = 'bob' -- c\n LIMIT 10;"))
                .isEqualTo("select * from items where id = ? and name = ? limit ?");
        assertThat(SqlTexts.normalize("SELECT \"Mixed Case\", t1.x2 FROM t1 WHERE v <-> '[1,2]' < 1.5e-3"))
                .isEqualTo("select \"Mixed Case\", t1.x2 from t1 where v <-> ? < ?");
        assertThat(SqlTexts.normalize("SELECT $1, $body$ x $body$, E'a\\'b', .5"))
                .isEqualTo("select $1, ?, ?, ?");
        assertThat(SqlTexts.sqlHash("select 1")).isEqualTo(SqlTexts.sqlHash("SELECT   2 /* other */"));
        assertThat(SqlTexts.sqlHash("select a from t")).isNotEqualTo(SqlTexts.sqlHash("select b from t"));
        assertThat(SqlTexts.sqlHash("x")).matches("[0-9a-f]{64}");
        // SHA-256 of the empty string, an independent fixed point
        assertThat(SqlTexts.sqlHash("  -- nothing\n"))
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    @Test
    void nodagCommentsOptOut() {
        assertThat(SqlTexts.optsOut("/* nodag */ SELECT 1")).isTrue();
        assertThat(SqlTexts.optsOut("SELECT 1 /*NODAG*/")).isTrue();
        assertThat(SqlTexts.optsOut("SELECT 1 -- nodag")).isTrue();
        assertThat(SqlTexts.optsOut("SELECT '/* nodag */'")).isFalse();
        assertThat(SqlTexts.optsOut("SELECT 1 /* nodag please */")).isFalse();
        assertThat(SqlTexts.optsOut("SELECT 1")).isFalse();
    }
}
