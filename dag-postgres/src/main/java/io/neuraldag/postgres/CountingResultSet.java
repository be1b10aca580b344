package io.neuraldag.postgres;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.jspecify.annotations.Nullable;

/*
 * A result set that counts the rows read with next() and completes its capture once: when next()
 * returns false, when it is closed, or when its statement runs again or closes.
 */
final class CountingResultSet extends ForwardingResultSet {
    private final StatementCapture owner;
    private Capture.@Nullable Pending pending;
    private final long nanos;
    private long rows;

    CountingResultSet(ResultSet delegate, StatementCapture owner, Capture.@Nullable Pending pending, long nanos) {
        super(delegate);
        this.owner = owner;
        this.pending = pending;
        this.nanos = nanos;
    }

    @Override
    public boolean next() throws SQLException {
        boolean more = delegate.next();
        if (more) {
            rows++;
        } else {
            finish();
        }
        return more;
    }

    @Override
    public void close() throws SQLException {
        try {
            delegate.close();
        } finally {
            finish();
        }
    }

    @Override
    public Statement getStatement() throws SQLException {
        return owner.owner;
    }

    void finish() {
        Capture.Pending p = pending;
        pending = null;
        if (p != null) {
            owner.complete(p, nanos, rows);
        }
    }
}
