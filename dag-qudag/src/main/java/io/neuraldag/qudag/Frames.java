package io.neuraldag.qudag;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/*
 * Length framing of the loopback transport: u32 BE length ‖ payload, 1 ≤ length ≤ MAX_FRAME_BYTES
 * (10 MiB, the admin framing limit of spec 03 §3.6). The reader checks the length before allocating,
 * so a hostile length costs nothing; a bad length or a stream that ends inside a frame is a
 * FrameException, after which the connection must be closed (framing is lost).
 */
final class Frames {
    static final int MAX_FRAME_BYTES = 10 << 20;

    private Frames() {}

    static final class FrameException extends IOException {
        private static final long serialVersionUID = 1L;

        FrameException(String message) {
            super(message);
        }
    }

    static void write(OutputStream out, byte[] payload) throws IOException {
        if (payload.length == 0 || payload.length > MAX_FRAME_BYTES) {
            throw new FrameException("frame length " + payload.length + " outside [1, " + MAX_FRAME_BYTES + "]");
        }
        byte[] h = new byte[4];
        Bytes.putInt(h, 0, payload.length);
        out.write(h);
        out.write(payload);
        out.flush();
    }

    /** Returns the next frame, or null on a clean end of stream between frames. */
    static byte @org.jspecify.annotations.Nullable [] read(InputStream in) throws IOException {
        byte[] h = new byte[4];
        int got = in.readNBytes(h, 0, 4);
        if (got == 0) {
            return null;
        }
        if (got < 4) {
            throw new FrameException("stream ended inside a frame header");
        }
        int n = Bytes.getInt(h, 0);
        if (n <= 0 || n > MAX_FRAME_BYTES) {
            throw new FrameException(
                    "frame length " + Integer.toUnsignedString(n) + " outside [1, " + MAX_FRAME_BYTES + "]");
        }
        byte[] payload = in.readNBytes(n);
        if (payload.length < n) {
            throw new EOFException("stream ended inside a frame of " + n + " bytes");
        }
        return payload;
    }
}
