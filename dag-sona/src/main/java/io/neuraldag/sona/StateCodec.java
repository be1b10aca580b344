package io.neuraldag.sona;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32;

/**
 * The binary formats of learned state: the state file and the pattern record it embeds.
 *
 * <p>State file, version {@value #STATE_VERSION}, big-endian:
 *
 * <pre>
 *   "SONA" magic (4 bytes) · int version · long payload length L · payload (L bytes) · int CRC-32
 *   payload: int d · long seed · UTF quality function
 *            adapter: int r · double s · float[d·r] A · float[r·d] B
 *            EWC:     int n · double λ · double γ · int tasks · double[n] F · double[n] θ*
 *            bank:    long next id · int count · count × (int length · pattern record)
 * </pre>
 *
 * The CRC covers every byte before it. Strings are {@link DataOutputStream#writeUTF modified UTF-8}.
 *
 * <p>Pattern record, version {@value #PATTERN_VERSION}: byte version · long id · int d · float[d]
 * centroid · double quality · double confidence · int samples · long usage · int t · t × (UTF
 * mechanism wire name · long count · double quality sum) · int p · p × (UTF key · double value) ·
 * double exec ms · double baseline ms · long rows · long memory · double hit ratio · (long seconds ·
 * int nanos) created · (long seconds · int nanos) last used.
 *
 * <p>Reading validates everything and returns new objects; nothing is applied here, so a failure
 * leaves any loaded state untouched. Stateless and thread-safe.
 */
final class StateCodec {

    static final int MAGIC = 0x534F4E41; // "SONA"
    static final int STATE_VERSION = DagSonaEngine.STATE_VERSION;
    static final int PATTERN_VERSION = Pattern.RECORD_VERSION;
    private static final int HEADER = 4 + 4 + 8;

    private StateCodec() {}

    /** Everything a state file holds, already validated for internal consistency. */
    @SuppressWarnings("ArrayRecordComponent") // package-private transfer object, never compared
    record State(
            int dimension,
            long seed,
            QualityFunction qualityFunction,
            int rank,
            double scale,
            float[] theta,
            int ewcParameters,
            double lambda,
            double gamma,
            int tasks,
            double[] fisher,
            double[] anchor,
            long nextId,
            List<Pattern> patterns) {}

    // ------------------------------------------------------------------ state file

    static byte[] write(State s) {
        try {
            ByteArrayOutputStream payloadBytes =
                    new ByteArrayOutputStream(64 + s.patterns().size() * 1200);
            DataOutputStream out = new DataOutputStream(payloadBytes);
            out.writeInt(s.dimension());
            out.writeLong(s.seed());
            out.writeUTF(s.qualityFunction().name());
            out.writeInt(s.rank());
            out.writeDouble(s.scale());
            for (float v : s.theta()) {
                out.writeFloat(v);
            }
            out.writeInt(s.ewcParameters());
            out.writeDouble(s.lambda());
            out.writeDouble(s.gamma());
            out.writeInt(s.tasks());
            for (double v : s.fisher()) {
                out.writeDouble(v);
            }
            for (double v : s.anchor()) {
                out.writeDouble(v);
            }
            out.writeLong(s.nextId());
            out.writeInt(s.patterns().size());
            for (Pattern p : s.patterns()) {
                byte[] rec = patternToBytes(p);
                out.writeInt(rec.length);
                out.write(rec);
            }
            out.flush();
            byte[] payload = payloadBytes.toByteArray();
            ByteArrayOutputStream file = new ByteArrayOutputStream(HEADER + payload.length + 4);
            DataOutputStream f = new DataOutputStream(file);
            f.writeInt(MAGIC);
            f.writeInt(STATE_VERSION);
            f.writeLong(payload.length);
            f.write(payload);
            f.flush();
            CRC32 crc = new CRC32();
            crc.update(file.toByteArray());
            f.writeInt((int) crc.getValue());
            f.flush();
            return file.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static State read(byte[] bytes) {
        if (bytes.length < 4) {
            throw truncatedHeader(bytes.length);
        }
        if (readInt(bytes, 0) != MAGIC) {
            throw new SonaStateException(SonaStateException.Kind.BAD_MAGIC, "not a SONA state file");
        }
        if (bytes.length < 8) {
            throw truncatedHeader(bytes.length);
        }
        int version = readInt(bytes, 4);
        if (version != STATE_VERSION) {
            throw new SonaStateException(
                    SonaStateException.Kind.UNSUPPORTED_VERSION,
                    "state format version " + version + " is not supported (this library reads " + STATE_VERSION + ")");
        }
        if (bytes.length < HEADER) {
            throw truncatedHeader(bytes.length);
        }
        long length = readLong(bytes, 8);
        if (length < 0 || length > Integer.MAX_VALUE - HEADER - 4) {
            throw new SonaStateException(SonaStateException.Kind.MALFORMED, "bad payload length " + length);
        }
        long expected = HEADER + length + 4;
        if (bytes.length < expected) {
            throw new SonaStateException(
                    SonaStateException.Kind.TRUNCATED,
                    "state file has " + bytes.length + " bytes, its header declares " + expected);
        }
        if (bytes.length > expected) {
            throw new SonaStateException(
                    SonaStateException.Kind.MALFORMED,
                    "state file has " + (bytes.length - expected) + " bytes after its checksum");
        }
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, (int) (HEADER + length));
        int stored = readInt(bytes, (int) (HEADER + length));
        if ((int) crc.getValue() != stored) {
            throw new SonaStateException(
                    SonaStateException.Kind.CHECKSUM_MISMATCH,
                    "state file CRC-32 is " + Integer.toHexString((int) crc.getValue()) + ", stored "
                            + Integer.toHexString(stored));
        }
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes, HEADER, (int) length));
            State s = readPayload(in);
            if (in.available() != 0) {
                throw malformed(in.available() + " unread payload bytes");
            }
            return s;
        } catch (EOFException e) {
            throw new SonaStateException(SonaStateException.Kind.MALFORMED, "payload shorter than its content", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static State readPayload(DataInputStream in) throws IOException {
        int d = in.readInt();
        if (d < 1 || d > 1 << 16) {
            throw malformed("dimension " + d);
        }
        long seed = in.readLong();
        QualityFunction qf = enumValue(QualityFunction.class, in.readUTF());
        int r = in.readInt();
        if (r < 1 || r > 16) {
            throw malformed("adapter rank " + r);
        }
        double scale = in.readDouble();
        if (!Double.isFinite(scale) || scale <= 0) {
            throw malformed("adapter scale " + scale);
        }
        float[] theta = new float[2 * d * r];
        for (int i = 0; i < theta.length; i++) {
            theta[i] = in.readFloat();
            if (!Float.isFinite(theta[i])) {
                throw malformed("adapter weight " + i + " = " + theta[i]);
            }
        }
        int n = in.readInt();
        if (n != theta.length) {
            throw malformed("EWC parameter count " + n + " differs from adapter's " + theta.length);
        }
        double lambda = in.readDouble();
        double gamma = in.readDouble();
        if (!(lambda >= EwcPlusPlus.MIN_LAMBDA && lambda <= EwcPlusPlus.MAX_LAMBDA) || !(gamma >= 0 && gamma < 1)) {
            throw malformed("EWC lambda " + lambda + ", gamma " + gamma);
        }
        int tasks = in.readInt();
        if (tasks < 0) {
            throw malformed("EWC task count " + tasks);
        }
        double[] fisher = new double[n];
        for (int i = 0; i < n; i++) {
            fisher[i] = in.readDouble();
            if (!(fisher[i] >= 0) || !Double.isFinite(fisher[i])) {
                throw malformed("Fisher entry " + i + " = " + fisher[i]);
            }
        }
        double[] anchor = new double[n];
        for (int i = 0; i < n; i++) {
            anchor[i] = in.readDouble();
            if (!Double.isFinite(anchor[i])) {
                throw malformed("anchor entry " + i + " = " + anchor[i]);
            }
        }
        long nextId = in.readLong();
        int count = in.readInt();
        if (count < 0) {
            throw malformed("pattern count " + count);
        }
        List<Pattern> patterns = new ArrayList<>(Math.min(count, 1 << 16));
        for (int i = 0; i < count; i++) {
            int len = in.readInt();
            if (len < 1 || len > in.available()) {
                throw malformed("pattern record " + i + " length " + len);
            }
            byte[] rec = new byte[len];
            in.readFully(rec);
            Pattern p = patternFromBytes(rec);
            if (p.centroidRef().length != d) {
                throw malformed("pattern " + p.id() + " has dimension " + p.centroidRef().length + ", state has " + d);
            }
            if (p.id() >= nextId) {
                throw malformed("pattern id " + p.id() + " is not below the next id " + nextId);
            }
            patterns.add(p);
        }
        java.util.Set<Long> seen = new java.util.HashSet<>();
        for (Pattern p : patterns) {
            if (!seen.add(p.id())) {
                throw malformed("duplicate pattern id " + p.id());
            }
        }
        return new State(d, seed, qf, r, scale, theta, n, lambda, gamma, tasks, fisher, anchor, nextId, patterns);
    }

    // ------------------------------------------------------------------ pattern record

    static byte[] patternToBytes(Pattern p) {
        try {
            ByteArrayOutputStream b = new ByteArrayOutputStream(64 + 4 * p.centroidRef().length);
            DataOutputStream out = new DataOutputStream(b);
            out.writeByte(PATTERN_VERSION);
            out.writeLong(p.id());
            float[] c = p.centroidRef();
            out.writeInt(c.length);
            for (float v : c) {
                out.writeFloat(v);
            }
            out.writeDouble(p.quality());
            out.writeDouble(p.confidence());
            out.writeInt(p.sampleCount());
            out.writeLong(p.usageCount());
            long[] counts = p.tally().counts();
            double[] sums = p.tally().qualitySums();
            int t = 0;
            for (long cnt : counts) {
                if (cnt > 0) {
                    t++;
                }
            }
            out.writeInt(t);
            for (int i = 0; i < counts.length; i++) {
                if (counts[i] > 0) {
                    out.writeUTF(Mechanism.at(i).wireName());
                    out.writeLong(counts[i]);
                    out.writeDouble(sums[i]);
                }
            }
            out.writeInt(p.params().size());
            for (Map.Entry<String, Double> e : p.params().entrySet()) {
                out.writeUTF(e.getKey());
                out.writeDouble(e.getValue());
            }
            ExecutionMetrics m = p.meanMetrics();
            out.writeDouble(m.executionMs());
            out.writeDouble(m.baselineMs());
            out.writeLong(m.rows());
            out.writeLong(m.memoryBytes());
            out.writeDouble(m.cacheHitRatio());
            writeInstant(out, p.createdAt());
            writeInstant(out, p.lastUsedAt());
            out.flush();
            return b.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeInstant(DataOutputStream out, Instant t) throws IOException {
        out.writeLong(t.getEpochSecond());
        out.writeInt(t.getNano());
    }

    static Pattern patternFromBytes(byte[] bytes) {
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
            Pattern p = readPattern(in);
            if (in.available() != 0) {
                throw malformed(in.available() + " bytes after the pattern record");
            }
            return p;
        } catch (EOFException e) {
            throw new SonaStateException(SonaStateException.Kind.TRUNCATED, "pattern record is truncated", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Pattern readPattern(DataInputStream in) throws IOException {
        int version = in.readUnsignedByte();
        if (version != PATTERN_VERSION) {
            throw new SonaStateException(
                    SonaStateException.Kind.UNSUPPORTED_VERSION,
                    "pattern record version " + version + " is not supported (this library reads " + PATTERN_VERSION
                            + ")");
        }
        long id = in.readLong();
        int d = in.readInt();
        if (d < 1 || d > in.available() / 4) {
            throw malformed("pattern " + id + " dimension " + d);
        }
        float[] c = new float[d];
        for (int i = 0; i < d; i++) {
            c[i] = in.readFloat();
        }
        double quality = in.readDouble();
        double confidence = in.readDouble();
        int samples = in.readInt();
        long usage = in.readLong();
        int t = in.readInt();
        if (t < 0 || t > Mechanism.COUNT) {
            throw malformed("pattern " + id + " tally size " + t);
        }
        long[] counts = new long[Mechanism.COUNT];
        double[] sums = new double[Mechanism.COUNT];
        for (int i = 0; i < t; i++) {
            Mechanism m = mechanism(in.readUTF());
            int idx = Mechanism.index(m);
            counts[idx] = in.readLong();
            sums[idx] = in.readDouble();
        }
        int pc = in.readInt();
        if (pc < 0 || pc > in.available()) {
            throw malformed("pattern " + id + " parameter count " + pc);
        }
        TreeMap<String, Double> params = new TreeMap<>();
        for (int i = 0; i < pc; i++) {
            params.put(in.readUTF(), in.readDouble());
        }
        double exec = in.readDouble();
        double base = in.readDouble();
        long rows = in.readLong();
        long mem = in.readLong();
        double hit = in.readDouble();
        try {
            Instant created = Instant.ofEpochSecond(in.readLong(), in.readInt());
            Instant used = Instant.ofEpochSecond(in.readLong(), in.readInt());
            return new Pattern(
                    id,
                    c,
                    quality,
                    confidence,
                    samples,
                    usage,
                    MechanismTally.of(counts, sums),
                    params,
                    new ExecutionMetrics(exec, base, rows, mem, hit),
                    created,
                    used);
        } catch (IllegalArgumentException | DateTimeException e) {
            if (e instanceof SonaStateException s) {
                throw s;
            }
            throw new SonaStateException(SonaStateException.Kind.MALFORMED, "pattern " + id + ": " + e.getMessage(), e);
        }
    }

    private static Mechanism mechanism(String wire) {
        try {
            return Mechanism.fromWireName(wire);
        } catch (IllegalArgumentException e) {
            throw new SonaStateException(SonaStateException.Kind.MALFORMED, "unknown mechanism " + wire, e);
        }
    }

    private static <E extends Enum<E>> E enumValue(Class<E> type, String name) {
        try {
            return Enum.valueOf(type, name);
        } catch (IllegalArgumentException e) {
            throw new SonaStateException(
                    SonaStateException.Kind.MALFORMED, "unknown " + type.getSimpleName() + " " + name, e);
        }
    }

    private static SonaStateException truncatedHeader(int length) {
        return new SonaStateException(
                SonaStateException.Kind.TRUNCATED, "state file has " + length + " bytes, its header needs " + HEADER);
    }

    private static SonaStateException malformed(String what) {
        return new SonaStateException(SonaStateException.Kind.MALFORMED, "malformed state: " + what);
    }

    private static int readInt(byte[] b, int off) {
        return ((b[off] & 0xFF) << 24) | ((b[off + 1] & 0xFF) << 16) | ((b[off + 2] & 0xFF) << 8) | (b[off + 3] & 0xFF);
    }

    private static long readLong(byte[] b, int off) {
        return ((long) readInt(b, off) << 32) | (readInt(b, off + 4) & 0xFFFFFFFFL);
    }
}
