package io.neuraldag.qudag;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/*
 * A persistent, authenticated client connection to one loopback node. The first request on every
 * socket is node.hello carrying the caller's public identity. Each request is signed; each response
 * must carry the request's id, come from the expected node and verify under its key, or the
 * connection is dropped. Requests are serialized (synchronized) with a read timeout; after an I/O
 * failure the socket is closed and the next request opens a new one, so the connection stays
 * persistent in the normal case and heals after a failure.
 */
final class Connection implements AutoCloseable {
    private final InetSocketAddress address;
    private final PublicIdentity server;
    private final NodeIdentity self;
    private final Clock clock;
    private final Duration timeout;
    private @Nullable Socket socket;
    private @Nullable InputStream in;
    private @Nullable OutputStream out;
    private boolean closed;

    Connection(InetSocketAddress address, PublicIdentity server, NodeIdentity self, Clock clock, Duration timeout) {
        if (!address.getAddress().isLoopbackAddress()) {
            throw new IllegalArgumentException("only loopback addresses are supported, got " + address);
        }
        this.address = address;
        this.server = server;
        this.self = self;
        this.clock = clock;
        this.timeout = timeout;
    }

    synchronized Map<String, Object> call(String method, Map<String, Object> params) {
        return call(method, params, timeout);
    }

    /*
     * One request bounded by `limit` (connect, hello and the exchange each wait at most that
     * long). A timed-out read leaves the stream mid-frame, so it drops the socket like any I/O
     * failure; the next call reconnects.
     */
    synchronized Map<String, Object> call(String method, Map<String, Object> params, Duration limit) {
        if (closed) {
            throw QuDagException.disconnected("connection to " + server.nodeId() + " closed");
        }
        try {
            int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, limit.toMillis()));
            Socket s = socket;
            if (s == null) {
                open(millis);
            } else {
                s.setSoTimeout(millis);
            }
            return exchange(method, params);
        } catch (IOException e) {
            drop();
            throw new QuDagException(
                    QuDagException.Code.RV005_QUDAG_DISCONNECTED,
                    "I/O with " + address + " failed: " + e.getMessage(),
                    e);
        } catch (QuDagException e) {
            if (e.code() == QuDagException.Code.RV008_CRYPTO_ERROR
                    || e.code() == QuDagException.Code.RV011_INVALID_ARGUMENT) {
                drop();
            }
            throw e;
        }
    }

    private void open(int millis) throws IOException {
        Socket s = new Socket();
        s.setTcpNoDelay(true);
        s.connect(address, millis);
        s.setSoTimeout(millis);
        socket = s;
        in = new BufferedInputStream(s.getInputStream());
        out = new BufferedOutputStream(s.getOutputStream());
        PublicIdentity me = self.publicIdentity();
        Map<String, Object> hello = new TreeMap<>();
        hello.put("node_id", me.nodeId());
        hello.put("dsa", Rpc.b64(me.dsaKeyRef()));
        hello.put("kem", Rpc.b64(me.kemPublicKey()));
        exchange("node.hello", hello);
    }

    private Map<String, Object> exchange(String method, Map<String, Object> params) throws IOException {
        OutputStream o = out;
        InputStream i = in;
        if (o == null || i == null) {
            throw new IOException("not connected");
        }
        String id = UUID.randomUUID().toString();
        Frames.write(o, Rpc.request(self, method, id, clock.millis(), params));
        byte[] frame = Frames.read(i);
        if (frame == null) {
            throw new IOException("connection closed by " + server.nodeId());
        }
        Rpc.Message m = Rpc.parse(frame);
        Map<String, Object> body = new TreeMap<>();
        if (m.result() != null) {
            body.put("result", m.result());
        } else if (m.error() != null) {
            body.put("error", m.error());
        }
        if (!m.id().equals(id)
                || !m.from().equals(server.nodeId())
                || !QuDagCrypto.verify(
                        server.dsaKeyRef(), Rpc.responseSignedBytes(m.id(), m.ts(), m.from(), body), m.sig())) {
            throw QuDagException.crypto("response does not authenticate as " + server.nodeId());
        }
        Map<String, Object> err = m.error();
        if (err != null) {
            throw remoteError(err);
        }
        Map<String, Object> r = m.result();
        return r == null ? Map.of() : r;
    }

    static RuntimeException remoteError(Map<String, Object> err) {
        long code = err.get("code") instanceof Long l ? l : Rpc.REFUSED;
        String message = err.get("message") instanceof String s ? s : "remote error";
        String data = err.get("data") instanceof String s ? s : "";
        if (code == Rpc.AUTH_FAILED) {
            return QuDagException.auth("remote: " + message);
        }
        if (code == Rpc.METHOD_NOT_FOUND || code == Rpc.INVALID_PARAMS) {
            return QuDagException.invalid("remote " + code + ": " + message);
        }
        for (QuDagException.Code c : QuDagException.Code.values()) {
            if (c.sqlState().equals(data)) {
                return new QuDagException(c, "remote: " + message);
            }
        }
        return data.equals("ISE")
                ? new IllegalStateException("remote: " + message)
                : new IllegalArgumentException("remote: " + message);
    }

    private void drop() {
        Socket s = socket;
        socket = null;
        in = null;
        out = null;
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing a broken socket
            }
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        drop();
    }
}
