package io.neuraldag.postgres;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;

/*
 * Binds and reads embeddings for either storage type. A vector is bound as text, "[a,b,...]" for
 * pgvector and "{a,b,...}" for real[], inside CAST(? AS <type>); it is read back through
 * CAST(column AS real[]) (pgvector defines that cast), so reading needs no type-specific code.
 * Values are finite floats printed with Float.toString, which both input functions accept.
 */
final class VectorCodec {
    private final boolean pgvector;
    private final String cast;

    VectorCodec(DagSchema.Installed installed) {
        this.pgvector = installed.vectorType() == VectorType.PGVECTOR;
        this.cast = "CAST(? AS " + installed.vectorSqlType() + ")";
    }

    /** The SQL bind marker for a bound vector (with its cast where needed). */
    String bindMarker() {
        return cast;
    }

    String literal(float[] v) {
        StringBuilder sb = new StringBuilder(v.length * 12 + 2);
        sb.append(pgvector ? '[' : '{');
        for (int i = 0; i < v.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            if (!Float.isFinite(v[i])) {
                throw DagArgumentException.invalid("vector[" + i + "] is not finite: " + v[i]);
            }
            sb.append(v[i]);
        }
        return sb.append(pgvector ? ']' : '}').toString();
    }

    static String readSql(String column) {
        return "CAST(" + column + " AS real[])";
    }

    static float[] read(ResultSet rs, int column) throws SQLException {
        Array a = rs.getArray(column);
        if (a == null) {
            return new float[0];
        }
        try {
            Object arr = a.getArray();
            if (arr instanceof Float[] boxed) {
                float[] out = new float[boxed.length];
                for (int i = 0; i < out.length; i++) {
                    Float f = boxed[i];
                    out[i] = f == null ? Float.NaN : f;
                }
                return out;
            }
            if (arr instanceof float[] prim) {
                return prim.clone();
            }
            throw new SQLException("unexpected array type " + arr.getClass().getName());
        } finally {
            a.free();
        }
    }
}
