package io.neuraldag.postgres;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.zip.CRC32C;
import org.jspecify.annotations.Nullable;

/*
 * The dag_export_state archive, format CURRENT_VERSION = 1, big-endian (DataOutputStream):
 *
 *   int magic 0x4E444158 ("NDAX"), int version, UTF scope,
 *   int stateLength, byte[stateLength] engine state (DagSonaEngine.saveState, itself versioned),
 *   int rows, rows × { long queryHash, long recordedAt epoch ms, double executionMs, double baselineMs,
 *                      double improvement, double quality, UTF mechanism, UTF sqlHash,
 *                      boolean hasText, [UTF text], int dim, float[dim] embedding },
 *   long CRC-32C of every byte before it.
 *
 * read() checks the length, the checksum, the magic and the version before decoding, and decodes
 * everything before returning, so a bad archive is rejected (RV011) before any state changes.
 */
final class StateArchive {
    static final int MAGIC = 0x4E444158;
    static final int CURRENT_VERSION = 1;
    static final int MAX_ROWS = 100_000;

    private StateArchive() {}

    @SuppressWarnings("ArrayRecordComponent") // internal, not shared
    record Row(
            long queryHash,
            Instant recordedAt,
            double executionMs,
            double baselineMs,
            double improvement,
            double quality,
            String mechanism,
            String sqlHash,
            @Nullable String queryText,
            float[] embedding) {}

    @SuppressWarnings("ArrayRecordComponent") // internal, not shared
    record Read(String scope, byte[] state, List<Row> rows) {}

    static byte[] write(String scope, byte[] state, List<Row> rows) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(state.length + rows.size() * 1200 + 64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeInt(CURRENT_VERSION);
            out.writeUTF(scope);
            out.writeInt(state.length);
            out.write(state);
            out.writeInt(rows.size());
            for (Row r : rows) {
                out.writeLong(r.queryHash());
                out.writeLong(r.recordedAt().toEpochMilli());
                out.writeDouble(r.executionMs());
                out.writeDouble(r.baselineMs());
                out.writeDouble(r.improvement());
                out.writeDouble(r.quality());
                out.writeUTF(r.mechanism());
                out.writeUTF(r.sqlHash());
                out.writeBoolean(r.queryText() != null);
                if (r.queryText() != null) {
                    out.writeUTF(r.queryText());
                }
                out.writeInt(r.embedding().length);
                for (float f : r.embedding()) {
                    out.writeFloat(f);
                }
            }
            out.flush();
            CRC32C crc = new CRC32C();
            crc.update(bytes.toByteArray());
            out.writeLong(crc.getValue());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static Read read(byte[] archive) {
        Objects.requireNonNull(archive, "archive");
        if (archive.length < 20) {
            throw DagArgumentException.invalid("state archive truncated: " + archive.length + " bytes");
        }
        int body = archive.length - 8;
        CRC32C crc = new CRC32C();
        crc.update(archive, 0, body);
        long stored = 0;
        for (int i = body; i < archive.length; i++) {
            stored = (stored << 8) | (archive[i] & 0xff);
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(archive, 0, body))) {
            int magic = in.readInt();
            if (magic != MAGIC) {
                throw DagArgumentException.invalid(
                        "not a neural-dag state archive (magic " + Integer.toHexString(magic) + ")");
            }
            int version = in.readInt();
            if (version != CURRENT_VERSION) {
                throw DagArgumentException.invalid("state archive version " + version
                        + " is not supported (this code reads " + CURRENT_VERSION + ")");
            }
            if (stored != crc.getValue()) {
                throw DagArgumentException.invalid("state archive checksum mismatch: corrupt or truncated");
            }
            String scope = in.readUTF();
            int len = in.readInt();
            if (len < 0 || len > body) {
                throw DagArgumentException.invalid("state archive: bad engine state length " + len);
            }
            byte[] state = in.readNBytes(len);
            if (state.length != len) {
                throw new EOFException();
            }
            int n = in.readInt();
            if (n < 0 || n > MAX_ROWS) {
                throw DagArgumentException.invalid("state archive: bad row count " + n);
            }
            List<Row> rows = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                long hash = in.readLong();
                Instant at = Instant.ofEpochMilli(in.readLong());
                double exec = in.readDouble();
                double base = in.readDouble();
                double imp = in.readDouble();
                double quality = in.readDouble();
                String mech = in.readUTF();
                String sql = in.readUTF();
                String text = in.readBoolean() ? in.readUTF() : null;
                int dim = in.readInt();
                if (dim < 0 || dim > DagSchema.DIMENSION) {
                    throw DagArgumentException.invalid("state archive: bad embedding length " + dim);
                }
                float[] e = new float[dim];
                for (int d = 0; d < dim; d++) {
                    e[d] = in.readFloat();
                }
                rows.add(new Row(hash, at, exec, base, imp, quality, mech, sql, text, e));
            }
            if (in.available() != 0) {
                throw DagArgumentException.invalid("state archive has trailing bytes");
            }
            return new Read(scope, state, List.copyOf(rows));
        } catch (IOException e) {
            throw new DagArgumentException(RvCode.INVALID_ARGUMENT, "state archive truncated or malformed", e);
        }
    }
}
