package io.neuraldag.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Date;
import java.sql.JDBCType;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Time;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every parameter setter through the wrapper: the same result (or the same SQLSTATE) as the
 * driver's own statement, and the capture's EXPLAIN sees the same values.
 */
@ExtendWith(PgDatabase.class)
class BindsIT {
    private final PgFixture pg;

    BindsIT(PgFixture pg) {
        this.pg = pg;
    }

    interface Setter {
        void set(PreparedStatement ps) throws Exception;
    }

    @Test
    void everySetterBehavesAsTheDriversOwn() throws Exception {
        Calendar utc = Calendar.getInstance(TimeZone.getTimeZone("UTC"));
        byte[] bytes = "abc".getBytes(StandardCharsets.UTF_8);
        Map<String, Setter> setters = new java.util.LinkedHashMap<>();
        setters.put("setString", ps -> ps.setString(1, "x"));
        setters.put("setNString", ps -> ps.setNString(1, "x"));
        setters.put("setInt", ps -> ps.setInt(1, 7));
        setters.put("setLong", ps -> ps.setLong(1, 7L));
        setters.put("setShort", ps -> ps.setShort(1, (short) 7));
        setters.put("setByte", ps -> ps.setByte(1, (byte) 7));
        setters.put("setBoolean", ps -> ps.setBoolean(1, true));
        setters.put("setFloat", ps -> ps.setFloat(1, 1.5f));
        setters.put("setDouble", ps -> ps.setDouble(1, 2.5));
        setters.put("setBigDecimal", ps -> ps.setBigDecimal(1, new BigDecimal("3.25")));
        setters.put("setBytes", ps -> ps.setBytes(1, bytes));
        setters.put("setDate", ps -> ps.setDate(1, Date.valueOf("2024-01-02")));
        setters.put("setDateCal", ps -> ps.setDate(1, Date.valueOf("2024-01-02"), utc));
        setters.put("setTime", ps -> ps.setTime(1, Time.valueOf("10:11:12")));
        setters.put("setTimeCal", ps -> ps.setTime(1, Time.valueOf("10:11:12"), utc));
        setters.put("setTimestamp", ps -> ps.setTimestamp(1, Timestamp.valueOf("2024-01-02 10:11:12")));
        setters.put("setTimestampCal", ps -> ps.setTimestamp(1, Timestamp.valueOf("2024-01-02 10:11:12"), utc));
        setters.put("setNull", ps -> ps.setNull(1, Types.VARCHAR));
        setters.put("setNullType", ps -> ps.setNull(1, Types.VARCHAR, "text"));
        setters.put("setObject", ps -> ps.setObject(1, "o"));
        setters.put("setObjectType", ps -> ps.setObject(1, 5, Types.INTEGER));
        setters.put("setObjectScale", ps -> ps.setObject(1, new BigDecimal("1.5"), Types.NUMERIC, 1));
        setters.put("setObjectSqlType", ps -> ps.setObject(1, "s", JDBCType.VARCHAR));
        setters.put("setObjectSqlTypeScale", ps -> ps.setObject(1, "s", JDBCType.VARCHAR, 0));
        setters.put("setArray", ps -> ps.setArray(1, ps.getConnection().createArrayOf("int4", new Integer[] {1, 2})));
        setters.put("setURL", ps -> ps.setURL(1, new java.net.URI("http://127.0.0.1/").toURL()));
        setters.put("setAsciiStream", ps -> ps.setAsciiStream(1, new ByteArrayInputStream(bytes)));
        setters.put("setAsciiStreamInt", ps -> ps.setAsciiStream(1, new ByteArrayInputStream(bytes), 3));
        setters.put("setAsciiStreamLong", ps -> ps.setAsciiStream(1, new ByteArrayInputStream(bytes), 3L));
        setters.put("setBinaryStream", ps -> ps.setBinaryStream(1, new ByteArrayInputStream(bytes)));
        setters.put("setBinaryStreamInt", ps -> ps.setBinaryStream(1, new ByteArrayInputStream(bytes), 3));
        setters.put("setBinaryStreamLong", ps -> ps.setBinaryStream(1, new ByteArrayInputStream(bytes), 3L));
        setters.put("setCharacterStream", ps -> ps.setCharacterStream(1, new StringReader("abc")));
        setters.put("setCharacterStreamInt", ps -> ps.setCharacterStream(1, new StringReader("abc"), 3));
        setters.put("setCharacterStreamLong", ps -> ps.setCharacterStream(1, new StringReader("abc"), 3L));
        setters.put("setNCharacterStream", ps -> ps.setNCharacterStream(1, new StringReader("abc")));
        setters.put("setNCharacterStreamLong", ps -> ps.setNCharacterStream(1, new StringReader("abc"), 3L));
        setters.put("setBlobStream", ps -> ps.setBlob(1, new ByteArrayInputStream(bytes)));
        setters.put("setBlobStreamLong", ps -> ps.setBlob(1, new ByteArrayInputStream(bytes), 3L));
        setters.put("setClobReader", ps -> ps.setClob(1, new StringReader("abc")));
        setters.put("setClobReaderLong", ps -> ps.setClob(1, new StringReader("abc"), 3L));
        setters.put("setNClobReader", ps -> ps.setNClob(1, new StringReader("abc")));
        setters.put("setNClobReaderLong", ps -> ps.setNClob(1, new StringReader("abc"), 3L));
        setters.put("setBlobNull", ps -> ps.setBlob(1, (java.sql.Blob) null));
        setters.put("setClobNull", ps -> ps.setClob(1, (java.sql.Clob) null));
        setters.put("setNClobNull", ps -> ps.setNClob(1, (java.sql.NClob) null));
        setters.put("setRef", ps -> ps.setRef(1, null));
        setters.put("setRowId", ps -> ps.setRowId(1, null));
        setters.put("setSQLXML", ps -> ps.setSQLXML(1, null));
        setters.put("setUnicodeStream", ps -> setUnicode(ps, bytes));

        String sql = "SELECT CAST(? AS text)";
        try (DagRegistry registry = DagRegistry.create()) {
            NeuralDagDataSource ds =
                    NeuralDagDataSource.builder(pg.dataSource(), registry).build();
            List<String> differences = new ArrayList<>();
            for (Map.Entry<String, Setter> e : setters.entrySet()) {
                // fresh connections: a stream whose length does not match ends the driver's session
                try (Connection w = ds.getConnection();
                        Connection p = pg.dataSource().getConnection()) {
                    String a = outcome(w, sql, e.getValue());
                    String b = outcome(p, sql, e.getValue());
                    if (!a.equals(b)) {
                        differences.add(e.getKey() + ": " + a + " vs " + b);
                    }
                }
            }
            try (Connection w = ds.getConnection()) {
                try (PreparedStatement ps = w.prepareStatement(sql)) {
                    ps.setBinaryStream(1, new ByteArrayInputStream(bytes));
                    ps.clearParameters();
                    ps.setString(1, "after clear");
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        assertThat(rs.getString(1)).isEqualTo("after clear");
                    }
                    assertThat(ps.getConnection()).isSameAs(w);
                    assertThat(ps.isWrapperFor(org.postgresql.PGStatement.class))
                            .isTrue();
                    assertThat(ps.unwrap(PreparedStatement.class)).isSameAs(ps);
                }
            }
            assertThat(differences).isEmpty();
            assertThat(ds.awaitLearning(Duration.ofSeconds(60))).isTrue();
            CaptureStats s = ds.stats();
            assertThat(s.learningFailures()).isZero();
            assertThat(s.captured()).isPositive();
            assertThat(s.passedThrough()).isPositive(); // the stream setters cannot be replayed
        }
    }

    @SuppressWarnings("deprecation")
    private static void setUnicode(PreparedStatement ps, byte[] bytes) throws SQLException {
        ps.setUnicodeStream(1, new ByteArrayInputStream(bytes), 3);
    }

    private static String outcome(Connection c, String sql, Setter s) {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            s.set(ps);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return "ok:" + rs.getString(1);
            }
        } catch (SQLException e) {
            return "sqlstate:" + e.getSQLState();
        } catch (Exception e) {
            return "exception:" + e.getClass().getName();
        }
    }
}
