package io.neuraldag.qudag;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/*
 * Length-prefixed binary fields for signed bytes: every field is u32 BE length ‖ bytes, integers are
 * written as fixed-width big-endian inside their field. The reader checks every length against the
 * bytes that remain and against a per-field cap, so hostile input fails with a typed exception
 * (QuDagException RV011) before any allocation larger than the input itself.
 */
final class Wire {
    private Wire() {}

    static final class Writer {
        private final ByteArrayOutputStream out;

        Writer(int capacity) {
            out = new ByteArrayOutputStream(capacity);
        }

        Writer raw(byte[] b) {
            out.writeBytes(b);
            return this;
        }

        Writer field(byte[] b) {
            u32(b.length);
            out.writeBytes(b);
            return this;
        }

        Writer string(String s) {
            return field(Bytes.utf8(s));
        }

        Writer u64(long v) {
            return field(Bytes.longBytes(v));
        }

        Writer i32(int v) {
            byte[] b = new byte[4];
            Bytes.putInt(b, 0, v);
            return field(b);
        }

        Writer u8(int v) {
            return field(new byte[] {(byte) v});
        }

        Writer floats(float[] v) {
            byte[] b = new byte[v.length * 4];
            for (int i = 0; i < v.length; i++) {
                Bytes.putInt(b, 4 * i, Float.floatToIntBits(v[i]));
            }
            return field(b);
        }

        private void u32(int v) {
            byte[] b = new byte[4];
            Bytes.putInt(b, 0, v);
            out.writeBytes(b);
        }

        byte[] toByteArray() {
            return out.toByteArray();
        }
    }

    static final class Reader {
        private final byte[] b;
        private int pos;

        Reader(byte[] b) {
            this.b = b;
        }

        void expectRaw(byte[] prefix, String what) {
            if (b.length - pos < prefix.length) {
                throw QuDagException.invalid(what + ": truncated");
            }
            for (int i = 0; i < prefix.length; i++) {
                if (b[pos + i] != prefix[i]) {
                    throw QuDagException.invalid(what + ": wrong tag");
                }
            }
            pos += prefix.length;
        }

        byte[] field(String what, int max) {
            if (b.length - pos < 4) {
                throw QuDagException.invalid(what + ": truncated length at byte " + pos);
            }
            int n = Bytes.getInt(b, pos);
            if (n < 0 || n > max) {
                throw QuDagException.invalid(what + ": length " + Integer.toUnsignedString(n) + " exceeds " + max);
            }
            if (b.length - pos - 4 < n) {
                throw QuDagException.invalid(what + ": truncated at byte " + pos);
            }
            byte[] out = new byte[n];
            System.arraycopy(b, pos + 4, out, 0, n);
            pos += 4 + n;
            return out;
        }

        String string(String what, int maxBytes) {
            byte[] raw = field(what, maxBytes);
            try {
                return StandardCharsets.UTF_8
                        .newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(raw))
                        .toString();
            } catch (CharacterCodingException e) {
                throw QuDagException.invalid(what + ": not UTF-8");
            }
        }

        long u64(String what) {
            byte[] f = fixed(what, 8);
            long v = 0;
            for (byte x : f) {
                v = (v << 8) | (x & 0xFF);
            }
            return v;
        }

        int i32(String what) {
            return Bytes.getInt(fixed(what, 4), 0);
        }

        int u8(String what) {
            return fixed(what, 1)[0] & 0xFF;
        }

        float[] floats(String what, int maxCount) {
            byte[] f = field(what, maxCount * 4);
            if (f.length % 4 != 0) {
                throw QuDagException.invalid(what + ": length " + f.length + " is not a multiple of 4");
            }
            float[] v = new float[f.length / 4];
            for (int i = 0; i < v.length; i++) {
                v[i] = Float.intBitsToFloat(Bytes.getInt(f, 4 * i));
            }
            return v;
        }

        private byte[] fixed(String what, int n) {
            byte[] f = field(what, n);
            if (f.length != n) {
                throw QuDagException.invalid(what + ": expected " + n + " bytes, got " + f.length);
            }
            return f;
        }

        void expectEnd(String what) {
            if (pos != b.length) {
                throw QuDagException.invalid(what + ": " + (b.length - pos) + " trailing bytes");
            }
        }
    }
}
