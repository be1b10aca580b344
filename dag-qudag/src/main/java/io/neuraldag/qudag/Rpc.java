package io.neuraldag.qudag;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/*
 * The JSON messages of the loopback transport, version 1, one per frame:
 *
 *   request  {"v":1,"id":"<uuid>","method":"dag.submit","ts":<ms>,"from":"qudag_…","params":{…},"sig":"<b64>"}
 *   response {"v":1,"id":"<uuid>","ts":<ms>,"from":"qudag_…","result":{…}|"error":{"code":…,"message":…,"data":"RV006"},"sig":"<b64>"}
 *
 * A request signature is ML-DSA-65 over  tag(request) ‖ f(method) ‖ f(id) ‖ f(u64 ts) ‖ f(from) ‖
 * f(BLAKE3(RFC 8785 params)); a response signature over tag(response) ‖ f(id) ‖ f(u64 ts) ‖ f(from) ‖
 * f(BLAKE3(RFC 8785 body)). Servers check the sender binding, the signature, the timestamp window and
 * that the id was not seen before (replay). Binary values travel as base64, float vectors as base64
 * of float32 BE. Parsing is bounded (CanonicalJson) and every malformed message is QuDagException
 * RV011.
 */
final class Rpc {
    static final int VERSION = 1;
    static final int METHOD_NOT_FOUND = -32601;
    static final int INVALID_PARAMS = -32602;
    static final int AUTH_FAILED = -32001;
    static final int REFUSED = -32003;

    private Rpc() {}

    @SuppressWarnings("ArrayRecordComponent") // internal, never exposed or compared
    record Message(
            String id,
            @Nullable String method,
            long ts,
            String from,
            Map<String, Object> params,
            @Nullable Map<String, Object> result,
            @Nullable Map<String, Object> error,
            byte[] sig) {}

    static byte[] requestSignedBytes(String method, String id, long ts, String from, Map<String, Object> params) {
        return new Wire.Writer(160)
                .raw(Bytes.utf8(Tags.REQUEST))
                .string(method)
                .string(id)
                .u64(ts)
                .string(from)
                .field(QuDagCrypto.blake3(CanonicalJson.bytes(params)))
                .toByteArray();
    }

    static byte[] responseSignedBytes(String id, long ts, String from, Map<String, Object> body) {
        return new Wire.Writer(160)
                .raw(Bytes.utf8(Tags.RESPONSE))
                .string(id)
                .u64(ts)
                .string(from)
                .field(QuDagCrypto.blake3(CanonicalJson.bytes(body)))
                .toByteArray();
    }

    static byte[] request(NodeIdentity who, String method, String id, long ts, Map<String, Object> params) {
        Map<String, Object> m = new TreeMap<>();
        m.put("v", (long) VERSION);
        m.put("id", id);
        m.put("method", method);
        m.put("ts", ts);
        m.put("from", who.nodeId());
        m.put("params", params);
        m.put("sig", b64(who.sign(requestSignedBytes(method, id, ts, who.nodeId(), params))));
        return CanonicalJson.bytes(m);
    }

    static byte[] response(
            NodeIdentity who,
            String id,
            long ts,
            @Nullable Map<String, Object> result,
            @Nullable Map<String, Object> error) {
        Map<String, Object> body = new TreeMap<>();
        if (result != null) {
            body.put("result", result);
        } else {
            body.put("error", error == null ? Map.of() : error);
        }
        Map<String, Object> m = new TreeMap<>(body);
        m.put("v", (long) VERSION);
        m.put("id", id);
        m.put("ts", ts);
        m.put("from", who.nodeId());
        m.put("sig", b64(who.sign(responseSignedBytes(id, ts, who.nodeId(), body))));
        return CanonicalJson.bytes(m);
    }

    static Map<String, Object> error(int code, String message, String data) {
        Map<String, Object> e = new TreeMap<>();
        e.put("code", (long) code);
        e.put("message", message.length() > 500 ? message.substring(0, 500) : message);
        e.put("data", data);
        return e;
    }

    static Message parse(byte[] frame) {
        if (!(CanonicalJson.parse(frame) instanceof Map<?, ?> raw)) {
            throw QuDagException.invalid("message is not a JSON object");
        }
        Map<String, Object> m = cast(raw);
        if (!(m.get("v") instanceof Long v) || v != VERSION) {
            throw QuDagException.invalid("unsupported message version " + m.get("v"));
        }
        String id = str(m, "id");
        long ts = num(m, "ts");
        String from = str(m, "from");
        byte[] sig = unb64(str(m, "sig"));
        @Nullable String method = m.get("method") instanceof String s ? s : null;
        Map<String, Object> params = m.get("params") instanceof Map<?, ?> p ? cast(p) : Map.of();
        @Nullable Map<String, Object> result = m.get("result") instanceof Map<?, ?> r ? cast(r) : null;
        @Nullable Map<String, Object> error = m.get("error") instanceof Map<?, ?> e ? cast(e) : null;
        if (method == null && result == null && error == null) {
            throw QuDagException.invalid("message is neither a request nor a response");
        }
        return new Message(id, method, ts, from, params, result, error, sig);
    }

    @SuppressWarnings("unchecked") // CanonicalJson only produces String keys
    static Map<String, Object> cast(Map<?, ?> m) {
        return (Map<String, Object>) m;
    }

    static String str(Map<String, Object> m, String k) {
        if (m.get(k) instanceof String s) {
            return s;
        }
        throw QuDagException.invalid("field " + k + " missing or not a string");
    }

    static long num(Map<String, Object> m, String k) {
        if (m.get(k) instanceof Long l) {
            return l;
        }
        throw QuDagException.invalid("field " + k + " missing or not an integer");
    }

    static boolean bool(Map<String, Object> m, String k) {
        if (m.get(k) instanceof Boolean b) {
            return b;
        }
        throw QuDagException.invalid("field " + k + " missing or not a boolean");
    }

    static Map<String, Object> obj(Map<String, Object> m, String k) {
        if (m.get(k) instanceof Map<?, ?> o) {
            return cast(o);
        }
        throw QuDagException.invalid("field " + k + " missing or not an object");
    }

    static List<Object> list(Map<String, Object> m, String k) {
        if (m.get(k) instanceof List<?> l) {
            return new ArrayList<>(l);
        }
        throw QuDagException.invalid("field " + k + " missing or not an array");
    }

    static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }

    static byte[] unb64(String s) {
        try {
            return Base64.getDecoder().decode(s);
        } catch (IllegalArgumentException e) {
            throw QuDagException.invalid("not base64");
        }
    }

    static String floats(float[] v) {
        byte[] b = new byte[v.length * 4];
        for (int i = 0; i < v.length; i++) {
            Bytes.putInt(b, 4 * i, Float.floatToIntBits(v[i]));
        }
        return b64(b);
    }

    static float[] unfloats(String s) {
        byte[] b = unb64(s);
        if (b.length % 4 != 0 || b.length > 4 * ProposalLimits.MAX_DIMENSION) {
            throw QuDagException.invalid("bad float vector of " + b.length + " bytes");
        }
        float[] v = new float[b.length / 4];
        for (int i = 0; i < v.length; i++) {
            v[i] = Float.intBitsToFloat(Bytes.getInt(b, 4 * i));
        }
        return v;
    }

    // ------------------------------------------------------------------ value codecs

    static Map<String, Object> envelope(SignedEnvelope e) {
        return Map.of("id", e.id(), "proposer", e.proposer(), "sealed", b64(e.sealed()));
    }

    static SignedEnvelope envelope(Map<String, Object> m) {
        return new SignedEnvelope(str(m, "id"), str(m, "proposer"), unb64(str(m, "sealed")));
    }

    static Map<String, Object> vote(Vote v) {
        return Map.of(
                "proposal_id", v.proposalId(), "voter", v.voter(), "accept", v.accept(), "sig", b64(v.signatureRef()));
    }

    static Vote vote(Map<String, Object> m) {
        return new Vote(str(m, "proposal_id"), str(m, "voter"), bool(m, "accept"), unb64(str(m, "sig")));
    }

    static Map<String, Object> ledgerRequest(LedgerRequest r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", r.kind().name());
        m.put("account", r.account());
        m.put("sequence", r.sequence());
        m.put("ts", r.timestampMillis());
        m.put("params", r.params());
        m.put("sig", b64(r.signature()));
        return m;
    }

    static LedgerRequest ledgerRequest(Map<String, Object> m) {
        LedgerRequest.Kind kind;
        try {
            kind = LedgerRequest.Kind.valueOf(str(m, "kind"));
        } catch (IllegalArgumentException e) {
            throw QuDagException.invalid("unknown ledger operation");
        }
        return new LedgerRequest(
                kind, str(m, "account"), num(m, "sequence"), num(m, "ts"), obj(m, "params"), unb64(str(m, "sig")));
    }

    static Map<String, Object> pattern(SyncedPattern p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", p.id());
        m.put("proposal_id", p.proposalId());
        m.put("proposer", p.proposer());
        m.put("vector", floats(p.vector()));
        m.put("metadata", new TreeMap<String, Object>(p.metadata()));
        m.put("quality_ppm", Math.round(p.quality() * 1e6));
        m.put("confidence_ppm", Math.round(p.confidence() * 1e6));
        m.put("samples", (long) p.samples());
        m.put("attention", p.attention().name());
        m.put("round", p.round());
        return m;
    }

    static SyncedPattern pattern(Map<String, Object> m) {
        Map<String, String> meta = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : obj(m, "metadata").entrySet()) {
            if (!(e.getValue() instanceof String s)) {
                throw QuDagException.invalid("metadata value is not a string");
            }
            meta.put(e.getKey(), s);
        }
        AttentionType att;
        try {
            att = AttentionType.valueOf(str(m, "attention"));
        } catch (IllegalArgumentException e) {
            throw QuDagException.invalid("unknown attention type");
        }
        try {
            return new SyncedPattern(
                    str(m, "id"),
                    str(m, "proposal_id"),
                    str(m, "proposer"),
                    unfloats(str(m, "vector")),
                    meta,
                    num(m, "quality_ppm") / 1e6,
                    num(m, "confidence_ppm") / 1e6,
                    (int) num(m, "samples"),
                    att,
                    num(m, "round"));
        } catch (IllegalArgumentException e) {
            throw QuDagException.invalid("bad pattern: " + e.getMessage());
        }
    }
}
