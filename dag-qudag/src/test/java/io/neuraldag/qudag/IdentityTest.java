package io.neuraldag.qudag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdentityTest {
    private static final KeystoreParams FAST = new KeystoreParams(64, 1, 1);

    @Test
    void nodeIdIsBoundToTheSignatureKey() {
        NodeIdentity id = NodeIdentity.fromSeed(1);
        assertThat(id.nodeId()).startsWith("qudag_").hasSize(6 + 32);
        assertThat(id.nodeId())
                .isEqualTo(PublicIdentity.nodeIdOf(id.publicIdentity().dsaPublicKey()));
        assertThat(NodeIdentity.fromSeed(1).nodeId()).isEqualTo(id.nodeId());
        assertThat(NodeIdentity.fromSeed(2).nodeId()).isNotEqualTo(id.nodeId());
        NodeIdentity other = NodeIdentity.fromSeed(2);
        assertThatThrownBy(() -> new PublicIdentity(
                        id.nodeId(),
                        other.publicIdentity().dsaPublicKey(),
                        other.publicIdentity().kemPublicKey()))
                .isInstanceOf(QuDagException.class)
                .hasMessageContaining("not bound");
        assertThatThrownBy(() -> new PublicIdentity(id.nodeId(), new byte[10], new byte[1184]))
                .isInstanceOf(QuDagException.class);
        byte[] sig = id.sign(new byte[] {1});
        assertThat(QuDagCrypto.verify(id.publicIdentity().dsaPublicKey(), new byte[] {1}, sig))
                .isTrue();
        assertThat(id.toString()).contains(id.nodeId()).contains("redacted");
    }

    @Test
    void keystoreRoundTripsAndFailsClosed(@TempDir Path dir) throws Exception {
        NodeIdentity id = NodeIdentity.fromSeed(3);
        Path f = dir.resolve("node.keystore");
        char[] pass = "correct horse".toCharArray();
        FileKeystore.save(f, id, pass, FAST, new SecureRandom());
        assertThat(pass).isEqualTo("correct horse".toCharArray());
        byte[] file = Files.readAllBytes(f);
        String fileHex = HexFormat.of().formatHex(file);
        assertThat(fileHex)
                .doesNotContain(HexFormat.of().formatHex(id.dsaSecret().copy()).substring(0, 64));
        try (NodeIdentity back = FileKeystore.load(f, pass)) {
            assertThat(back.publicIdentity()).isEqualTo(id.publicIdentity());
            byte[] sig = back.sign(new byte[] {9});
            assertThat(QuDagCrypto.verify(id.publicIdentity().dsaPublicKey(), new byte[] {9}, sig))
                    .isTrue();
        }
        assertThatThrownBy(() -> FileKeystore.load(f, "wrong horse".toCharArray()))
                .isInstanceOfSatisfying(QuDagException.class, e -> {
                    assertThat(e.code()).isEqualTo(QuDagException.Code.RV008_CRYPTO_ERROR);
                    assertThat(e.getMessage()).doesNotContain("correct").doesNotContain("wrong horse");
                });
        // every header byte and a sample of body bytes are authenticated
        for (int i = 0; i < file.length; i += (i < 46 ? 1 : 1021)) {
            byte[] t = file.clone();
            t[i] ^= 1;
            Files.write(f, t);
            assertThatThrownBy(() -> FileKeystore.load(f, pass))
                    .as("byte %d", i)
                    .isInstanceOf(QuDagException.class);
        }
        Files.write(f, java.util.Arrays.copyOf(file, file.length - 1));
        assertThatThrownBy(() -> FileKeystore.load(f, pass)).isInstanceOf(QuDagException.class);
        assertThatThrownBy(() -> FileKeystore.save(f, id, new char[0], FAST, new SecureRandom()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void keystoreParamsAreValidated() {
        assertThat(KeystoreParams.defaults()).isEqualTo(new KeystoreParams(65_536, 3, 1));
        assertThatThrownBy(() -> new KeystoreParams(4, 1, 1)).hasMessageContaining("memoryKiB");
        assertThatThrownBy(() -> new KeystoreParams(64, 0, 1)).hasMessageContaining("iterations");
        assertThatThrownBy(() -> new KeystoreParams(64, 1, 9)).hasMessageContaining("parallelism");
    }

    @Test
    @org.junit.jupiter.api.Tag("slow")
    void defaultArgon2ParametersWork(@TempDir Path dir) {
        assertThat(KeystoreParams.defaults()).isEqualTo(new KeystoreParams(65_536, 3, 1));
        NodeIdentity id = NodeIdentity.fromSeed(4);
        Path f = dir.resolve("k");
        FileKeystore.save(f, id, "p".toCharArray(), KeystoreParams.defaults(), new SecureRandom());
        assertThat(FileKeystore.load(f, "p".toCharArray()).nodeId()).isEqualTo(id.nodeId());
    }
}
