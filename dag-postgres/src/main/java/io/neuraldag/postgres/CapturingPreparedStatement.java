package io.neuraldag.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import org.jspecify.annotations.Nullable;

/*
 * A PreparedStatement whose executions are captured with their binds: every parameter setter is
 * forwarded and recorded (Binds), so the EXPLAIN runs with the same values. See StatementCapture.
 */
@SuppressWarnings("deprecation")
final class CapturingPreparedStatement extends ForwardingPreparedStatement {
    private final StatementCapture sc;
    private final String sql;
    private final Binds binds = new Binds();

    CapturingPreparedStatement(PreparedStatement delegate, CapturingConnection conn, String sql) {
        super(delegate);
        this.sc = new StatementCapture(conn, delegate);
        this.sc.owner = this;
        this.sql = sql;
    }

    private Capture.@Nullable Pending before() {
        return sc.conn.capture.before(sc.conn, sql, binds.replay());
    }

    @Override
    public ResultSet executeQuery() throws SQLException {
        return sc.query(before(), delegate::executeQuery);
    }

    @Override
    public int executeUpdate() throws SQLException {
        return (int) sc.update(before(), () -> (long) delegate.executeUpdate());
    }

    @Override
    public long executeLargeUpdate() throws SQLException {
        return sc.update(before(), delegate::executeLargeUpdate);
    }

    @Override
    public boolean execute() throws SQLException {
        return sc.execute(before(), delegate::execute);
    }

    @Override
    public @Nullable ResultSet getResultSet() throws SQLException {
        return sc.resultSet(delegate.getResultSet());
    }

    @Override
    public boolean getMoreResults() throws SQLException {
        sc.finishCurrent();
        return delegate.getMoreResults();
    }

    @Override
    public boolean getMoreResults(int current) throws SQLException {
        sc.finishCurrent();
        return delegate.getMoreResults(current);
    }

    @Override
    public int[] executeBatch() throws SQLException {
        sc.passThrough();
        return delegate.executeBatch();
    }

    @Override
    public long[] executeLargeBatch() throws SQLException {
        sc.passThrough();
        return delegate.executeLargeBatch();
    }

    @Override
    public void clearParameters() throws SQLException {
        delegate.clearParameters();
        binds.clear();
    }

    @Override
    public @Nullable SQLWarning getWarnings() throws SQLException {
        return sc.visibleWarnings();
    }

    @Override
    public Connection getConnection() {
        return sc.conn;
    }

    @Override
    public void close() throws SQLException {
        try {
            sc.finishCurrent();
        } finally {
            delegate.close();
        }
    }

    @Override
    public void setArray(int a0, java.sql.Array a1) throws java.sql.SQLException {
        delegate.setArray(a0, a1);
        binds.set(a0, ps -> ps.setArray(a0, a1));
    }

    @Override
    public void setAsciiStream(int a0, java.io.InputStream a1) throws java.sql.SQLException {
        delegate.setAsciiStream(a0, a1);
        binds.opaque();
    }

    @Override
    public void setAsciiStream(int a0, java.io.InputStream a1, int a2) throws java.sql.SQLException {
        delegate.setAsciiStream(a0, a1, a2);
        binds.opaque();
    }

    @Override
    public void setAsciiStream(int a0, java.io.InputStream a1, long a2) throws java.sql.SQLException {
        delegate.setAsciiStream(a0, a1, a2);
        binds.opaque();
    }

    @Override
    public void setBigDecimal(int a0, java.math.BigDecimal a1) throws java.sql.SQLException {
        delegate.setBigDecimal(a0, a1);
        binds.set(a0, ps -> ps.setBigDecimal(a0, a1));
    }

    @Override
    public void setBinaryStream(int a0, java.io.InputStream a1) throws java.sql.SQLException {
        delegate.setBinaryStream(a0, a1);
        binds.opaque();
    }

    @Override
    public void setBinaryStream(int a0, java.io.InputStream a1, int a2) throws java.sql.SQLException {
        delegate.setBinaryStream(a0, a1, a2);
        binds.opaque();
    }

    @Override
    public void setBinaryStream(int a0, java.io.InputStream a1, long a2) throws java.sql.SQLException {
        delegate.setBinaryStream(a0, a1, a2);
        binds.opaque();
    }

    @Override
    public void setBlob(int a0, java.io.InputStream a1) throws java.sql.SQLException {
        delegate.setBlob(a0, a1);
        binds.opaque();
    }

    @Override
    public void setBlob(int a0, java.sql.Blob a1) throws java.sql.SQLException {
        delegate.setBlob(a0, a1);
        binds.opaque();
    }

    @Override
    public void setBlob(int a0, java.io.InputStream a1, long a2) throws java.sql.SQLException {
        delegate.setBlob(a0, a1, a2);
        binds.opaque();
    }

    @Override
    public void setBoolean(int a0, boolean a1) throws java.sql.SQLException {
        delegate.setBoolean(a0, a1);
        binds.set(a0, ps -> ps.setBoolean(a0, a1));
    }

    @Override
    public void setByte(int a0, byte a1) throws java.sql.SQLException {
        delegate.setByte(a0, a1);
        binds.set(a0, ps -> ps.setByte(a0, a1));
    }

    @Override
    public void setBytes(int a0, byte[] a1) throws java.sql.SQLException {
        delegate.setBytes(a0, a1);
        binds.set(a0, ps -> ps.setBytes(a0, a1));
    }

    @Override
    public void setCharacterStream(int a0, java.io.Reader a1) throws java.sql.SQLException {
        delegate.setCharacterStream(a0, a1);
        binds.opaque();
    }

    @Override
    public void setCharacterStream(int a0, java.io.Reader a1, int a2) throws java.sql.SQLException {
        delegate.setCharacterStream(a0, a1, a2);
        binds.opaque();
    }

    @Override
    public void setCharacterStream(int a0, java.io.Reader a1, long a2) throws java.sql.SQLException {
        delegate.setCharacterStream(a0, a1, a2);
        binds.opaque();
    }

    @Override
    public void setClob(int a0, java.io.Reader a1) throws java.sql.SQLException {
        delegate.setClob(a0, a1);
        binds.opaque();
    }

    @Override
    public void setClob(int a0, java.sql.Clob a1) throws java.sql.SQLException {
        delegate.setClob(a0, a1);
        binds.opaque();
    }

    @Override
    public void setClob(int a0, java.io.Reader a1, long a2) throws java.sql.SQLException {
        delegate.setClob(a0, a1, a2);
        binds.opaque();
    }

    @Override
    public void setDate(int a0, java.sql.Date a1) throws java.sql.SQLException {
        delegate.setDate(a0, a1);
        binds.set(a0, ps -> ps.setDate(a0, a1));
    }

    @Override
    public void setDate(int a0, java.sql.Date a1, java.util.Calendar a2) throws java.sql.SQLException {
        delegate.setDate(a0, a1, a2);
        binds.set(a0, ps -> ps.setDate(a0, a1, a2));
    }

    @Override
    public void setDouble(int a0, double a1) throws java.sql.SQLException {
        delegate.setDouble(a0, a1);
        binds.set(a0, ps -> ps.setDouble(a0, a1));
    }

    @Override
    public void setFloat(int a0, float a1) throws java.sql.SQLException {
        delegate.setFloat(a0, a1);
        binds.set(a0, ps -> ps.setFloat(a0, a1));
    }

    @Override
    public void setInt(int a0, int a1) throws java.sql.SQLException {
        delegate.setInt(a0, a1);
        binds.set(a0, ps -> ps.setInt(a0, a1));
    }

    @Override
    public void setLong(int a0, long a1) throws java.sql.SQLException {
        delegate.setLong(a0, a1);
        binds.set(a0, ps -> ps.setLong(a0, a1));
    }

    @Override
    public void setNCharacterStream(int a0, java.io.Reader a1) throws java.sql.SQLException {
        delegate.setNCharacterStream(a0, a1);
        binds.opaque();
    }

    @Override
    public void setNCharacterStream(int a0, java.io.Reader a1, long a2) throws java.sql.SQLException {
        delegate.setNCharacterStream(a0, a1, a2);
        binds.opaque();
    }

    @Override
    public void setNClob(int a0, java.io.Reader a1) throws java.sql.SQLException {
        delegate.setNClob(a0, a1);
        binds.opaque();
    }

    @Override
    public void setNClob(int a0, java.sql.NClob a1) throws java.sql.SQLException {
        delegate.setNClob(a0, a1);
        binds.opaque();
    }

    @Override
    public void setNClob(int a0, java.io.Reader a1, long a2) throws java.sql.SQLException {
        delegate.setNClob(a0, a1, a2);
        binds.opaque();
    }

    @Override
    public void setNString(int a0, String a1) throws java.sql.SQLException {
        delegate.setNString(a0, a1);
        binds.set(a0, ps -> ps.setNString(a0, a1));
    }

    @Override
    public void setNull(int a0, int a1) throws java.sql.SQLException {
        delegate.setNull(a0, a1);
        binds.set(a0, ps -> ps.setNull(a0, a1));
    }

    @Override
    public void setNull(int a0, int a1, String a2) throws java.sql.SQLException {
        delegate.setNull(a0, a1, a2);
        binds.set(a0, ps -> ps.setNull(a0, a1, a2));
    }

    @Override
    public void setObject(int a0, Object a1) throws java.sql.SQLException {
        delegate.setObject(a0, a1);
        binds.set(a0, ps -> ps.setObject(a0, a1));
    }

    @Override
    public void setObject(int a0, Object a1, int a2) throws java.sql.SQLException {
        delegate.setObject(a0, a1, a2);
        binds.set(a0, ps -> ps.setObject(a0, a1, a2));
    }

    @Override
    public void setObject(int a0, Object a1, java.sql.SQLType a2) throws java.sql.SQLException {
        delegate.setObject(a0, a1, a2);
        binds.set(a0, ps -> ps.setObject(a0, a1, a2));
    }

    @Override
    public void setObject(int a0, Object a1, int a2, int a3) throws java.sql.SQLException {
        delegate.setObject(a0, a1, a2, a3);
        binds.set(a0, ps -> ps.setObject(a0, a1, a2, a3));
    }

    @Override
    public void setObject(int a0, Object a1, java.sql.SQLType a2, int a3) throws java.sql.SQLException {
        delegate.setObject(a0, a1, a2, a3);
        binds.set(a0, ps -> ps.setObject(a0, a1, a2, a3));
    }

    @Override
    public void setRef(int a0, java.sql.Ref a1) throws java.sql.SQLException {
        delegate.setRef(a0, a1);
        binds.opaque();
    }

    @Override
    public void setRowId(int a0, java.sql.RowId a1) throws java.sql.SQLException {
        delegate.setRowId(a0, a1);
        binds.opaque();
    }

    @Override
    public void setSQLXML(int a0, java.sql.SQLXML a1) throws java.sql.SQLException {
        delegate.setSQLXML(a0, a1);
        binds.opaque();
    }

    @Override
    public void setShort(int a0, short a1) throws java.sql.SQLException {
        delegate.setShort(a0, a1);
        binds.set(a0, ps -> ps.setShort(a0, a1));
    }

    @Override
    public void setString(int a0, String a1) throws java.sql.SQLException {
        delegate.setString(a0, a1);
        binds.set(a0, ps -> ps.setString(a0, a1));
    }

    @Override
    public void setTime(int a0, java.sql.Time a1) throws java.sql.SQLException {
        delegate.setTime(a0, a1);
        binds.set(a0, ps -> ps.setTime(a0, a1));
    }

    @Override
    public void setTime(int a0, java.sql.Time a1, java.util.Calendar a2) throws java.sql.SQLException {
        delegate.setTime(a0, a1, a2);
        binds.set(a0, ps -> ps.setTime(a0, a1, a2));
    }

    @Override
    public void setTimestamp(int a0, java.sql.Timestamp a1) throws java.sql.SQLException {
        delegate.setTimestamp(a0, a1);
        binds.set(a0, ps -> ps.setTimestamp(a0, a1));
    }

    @Override
    public void setTimestamp(int a0, java.sql.Timestamp a1, java.util.Calendar a2) throws java.sql.SQLException {
        delegate.setTimestamp(a0, a1, a2);
        binds.set(a0, ps -> ps.setTimestamp(a0, a1, a2));
    }

    @Override
    public void setURL(int a0, java.net.URL a1) throws java.sql.SQLException {
        delegate.setURL(a0, a1);
        binds.set(a0, ps -> ps.setURL(a0, a1));
    }

    @Override
    @Deprecated
    public void setUnicodeStream(int a0, java.io.InputStream a1, int a2) throws java.sql.SQLException {
        delegate.setUnicodeStream(a0, a1, a2);
        binds.opaque();
    }
}
