package io.neuraldag.qudag;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Mutated inputs to the frame decoder and the JSON message parser: only typed exceptions. */
class FuzzTest {
    private static byte[] mutate(byte[] seed, SplittableRandom r) {
        byte[] b = seed.clone();
        int edits = 1 + r.nextInt(8);
        for (int e = 0; e < edits; e++) {
            switch (r.nextInt(4)) {
                case 0 -> b[r.nextInt(b.length)] = (byte) r.nextInt(256);
                case 1 -> b[r.nextInt(b.length)] ^= (byte) (1 << r.nextInt(8));
                case 2 -> b = java.util.Arrays.copyOf(b, Math.max(1, r.nextInt(b.length + 1)));
                default -> {
                    byte[] c = java.util.Arrays.copyOf(b, b.length + 1 + r.nextInt(16));
                    for (int i = b.length; i < c.length; i++) {
                        String alphabet = "{}[]\",:0e-9\\u";
                        c[i] = (byte) alphabet.charAt(r.nextInt(alphabet.length()));
                    }
                    b = c;
                }
            }
        }
        return b;
    }

    @Test
    void frameDecoderSurvivesTenThousandMutations() {
        NodeIdentity me = NodeIdentity.fromSeed(1);
        byte[] payload = Rpc.request(me, "node.status", UUID.randomUUID().toString(), 0, Map.of());
        byte[] framed = new byte[payload.length + 4];
        Bytes.putInt(framed, 0, payload.length);
        System.arraycopy(payload, 0, framed, 4, payload.length);
        SplittableRandom r = new SplittableRandom(2026);
        int ok = 0;
        int typed = 0;
        for (int i = 0; i < 10_000; i++) {
            byte[] m = mutate(framed, r);
            try {
                byte[] f = Frames.read(new ByteArrayInputStream(m));
                if (f != null) {
                    ok++;
                    assertThat(f.length).isLessThanOrEqualTo(m.length);
                }
            } catch (IOException e) {
                typed++;
            }
        }
        assertThat(ok + typed).isEqualTo(10_000);
        assertThat(typed).isPositive();
    }

    @Test
    void jsonMessageParserSurvivesTenThousandMutations() {
        NodeIdentity me = NodeIdentity.fromSeed(2);
        byte[] seed = Rpc.request(
                me,
                "dag.submit",
                UUID.randomUUID().toString(),
                0,
                Map.of(
                        "envelope",
                        Map.of("id", "ab", "proposer", me.nodeId(), "sealed", "AAAA"),
                        "n",
                        5L,
                        "list",
                        java.util.List.of(1L, "x", true)));
        SplittableRandom r = new SplittableRandom(7);
        int parsed = 0;
        int typed = 0;
        for (int i = 0; i < 10_000; i++) {
            byte[] m = mutate(seed, r);
            try {
                Rpc.parse(m);
                parsed++;
            } catch (QuDagException e) {
                typed++;
                assertThat(e.code()).isEqualTo(QuDagException.Code.RV011_INVALID_ARGUMENT);
            }
        }
        assertThat(parsed + typed).isEqualTo(10_000);
        // deep nesting and huge numbers fail before doing work
        String deep = "[".repeat(5000) + "]".repeat(5000);
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> CanonicalJson.parse(deep.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(QuDagException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> CanonicalJson.parse("123456789012345678901234567890".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(QuDagException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> CanonicalJson.parse("{\"a\":1,\"a\":2}".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("duplicate");
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> CanonicalJson.parse("1.5".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(QuDagException.class);
    }

    @Test
    void canonicalJsonFollowsRfc8785ForItsSubset() {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("b", "\u0001\n\"é€😀");
        m.put("a", java.util.List.of(1L, true, -5L));
        m.put("\u00e9", 0L);
        assertThat(CanonicalJson.write(m)).isEqualTo("{\"a\":[1,true,-5],\"b\":\"\\u0001\\n\\\"é€😀\",\"é\":0}");
        assertThat(CanonicalJson.parse(CanonicalJson.bytes(m)))
                .isEqualTo(Map.of("a", java.util.List.of(1L, true, -5L), "b", "\u0001\n\"é€😀", "\u00e9", 0L));
    }

    @Test
    void frameWriterRejectsEmptyAndOversizedPayloads() {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Frames.write(out, new byte[0]))
                .isInstanceOf(IOException.class);
        byte[] header = new byte[4];
        Bytes.putInt(header, 0, -1);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Frames.read(new ByteArrayInputStream(header)))
                .isInstanceOf(Frames.FrameException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> Frames.read(new ByteArrayInputStream(new byte[] {0, 0})))
                .isInstanceOf(IOException.class);
    }
}
