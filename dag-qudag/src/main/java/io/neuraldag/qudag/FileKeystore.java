package io.neuraldag.qudag;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * A passphrase-protected file holding one {@link NodeIdentity}: Argon2id (RFC 9106) derives a
 * ChaCha20-Poly1305 key from the passphrase; the header is authenticated as associated data.
 *
 * <p>Format, version {@value #CURRENT_VERSION}: {@code "NDQK" ‖ u16 version ‖ u32 memoryKiB ‖ u32
 * iterations ‖ u32 parallelism ‖ salt (16) ‖ nonce (12) ‖ AEAD(dsaSk ‖ dsaPk ‖ kemSk ‖ kemPk)}. A
 * wrong passphrase or any change to the file fails closed with {@link QuDagException} RV008 and no
 * key material. The passphrase bytes, the derived key and the decrypted plaintext are zeroed after
 * use; nothing secret is logged or put in an exception message. Files are written atomically with
 * owner-only permissions where the file system supports POSIX permissions. Stateless and
 * thread-safe.
 */
public final class FileKeystore {
    /** The current file format version; other versions are rejected. */
    public static final int CURRENT_VERSION = 1;

    private static final byte[] MAGIC = {'N', 'D', 'Q', 'K'};
    private static final int HEADER_BYTES = 4 + 2 + 12 + 16 + QuDagCrypto.NONCE_BYTES;
    private static final int PLAINTEXT_BYTES = QuDagCrypto.DSA_SECRET_KEY_BYTES
            + QuDagCrypto.DSA_PUBLIC_KEY_BYTES
            + QuDagCrypto.KEM_SECRET_KEY_BYTES
            + QuDagCrypto.KEM_PUBLIC_KEY_BYTES;

    private FileKeystore() {}

    /**
     * Encrypts {@code identity} under {@code passphrase} and writes it to {@code file}.
     *
     * @param file the target (replaced atomically)
     * @param identity the identity
     * @param passphrase the passphrase (not modified; the caller should zero it)
     * @param params Argon2id costs
     * @param random salt and nonce source
     * @throws UncheckedIOException if the file cannot be written
     * @throws IllegalArgumentException if the passphrase is empty
     */
    public static void save(
            Path file, NodeIdentity identity, char[] passphrase, KeystoreParams params, SecureRandom random) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(params, "params");
        byte[] salt = new byte[16];
        byte[] nonce = new byte[QuDagCrypto.NONCE_BYTES];
        random.nextBytes(salt);
        random.nextBytes(nonce);
        byte[] header = header(params, salt, nonce);
        PublicIdentity pub = identity.publicIdentity();
        byte[] plain = new byte[PLAINTEXT_BYTES];
        byte[] key = deriveKey(passphrase, salt, params);
        try {
            int o = 0;
            o = copyIn(identity.dsaSecret(), plain, o);
            System.arraycopy(pub.dsaKeyRef(), 0, plain, o, QuDagCrypto.DSA_PUBLIC_KEY_BYTES);
            o += QuDagCrypto.DSA_PUBLIC_KEY_BYTES;
            o = copyIn(identity.kemSecret(), plain, o);
            System.arraycopy(pub.kemPublicKey(), 0, plain, o, QuDagCrypto.KEM_PUBLIC_KEY_BYTES);
            byte[] body = QuDagCrypto.aeadSeal(key, nonce, header, plain);
            write(file, Bytes.concat(header, body));
        } finally {
            Arrays.fill(plain, (byte) 0);
            Arrays.fill(key, (byte) 0);
        }
    }

    /**
     * Reads and decrypts an identity.
     *
     * @param file the keystore file
     * @param passphrase the passphrase (not modified)
     * @return the identity
     * @throws QuDagException RV008 on a wrong passphrase, a modified or truncated file, or an unknown
     *     version
     * @throws UncheckedIOException if the file cannot be read
     */
    public static NodeIdentity load(Path file, char[] passphrase) {
        byte[] all;
        try {
            if (Files.size(file) > HEADER_BYTES + PLAINTEXT_BYTES + QuDagCrypto.AEAD_TAG_BYTES) {
                throw QuDagException.crypto("keystore file has the wrong size");
            }
            all = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read keystore " + file, e);
        }
        if (all.length != HEADER_BYTES + PLAINTEXT_BYTES + QuDagCrypto.AEAD_TAG_BYTES) {
            throw QuDagException.crypto("keystore file has the wrong size: " + all.length + " bytes");
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (all[i] != MAGIC[i]) {
                throw QuDagException.crypto("not a keystore file");
            }
        }
        int version = ((all[4] & 0xFF) << 8) | (all[5] & 0xFF);
        if (version != CURRENT_VERSION) {
            throw QuDagException.crypto("unsupported keystore version " + version);
        }
        KeystoreParams params;
        try {
            params = new KeystoreParams(Bytes.getInt(all, 6), Bytes.getInt(all, 10), Bytes.getInt(all, 14));
        } catch (IllegalArgumentException e) {
            throw QuDagException.crypto("keystore parameters out of range");
        }
        byte[] salt = Arrays.copyOfRange(all, 18, 34);
        byte[] nonce = Arrays.copyOfRange(all, 34, HEADER_BYTES);
        byte[] header = Arrays.copyOf(all, HEADER_BYTES);
        byte[] key = deriveKey(passphrase, salt, params);
        byte[] plain;
        try {
            plain = QuDagCrypto.aeadOpen(key, nonce, header, Arrays.copyOfRange(all, HEADER_BYTES, all.length));
        } catch (QuDagException e) {
            throw QuDagException.crypto("wrong passphrase or modified keystore");
        } finally {
            Arrays.fill(key, (byte) 0);
        }
        try {
            int o = 0;
            SecretBytes dsaSk = SecretBytes.adopt(Arrays.copyOfRange(plain, o, o += QuDagCrypto.DSA_SECRET_KEY_BYTES));
            byte[] dsaPk = Arrays.copyOfRange(plain, o, o += QuDagCrypto.DSA_PUBLIC_KEY_BYTES);
            SecretBytes kemSk = SecretBytes.adopt(Arrays.copyOfRange(plain, o, o += QuDagCrypto.KEM_SECRET_KEY_BYTES));
            byte[] kemPk = Arrays.copyOfRange(plain, o, o + QuDagCrypto.KEM_PUBLIC_KEY_BYTES);
            return NodeIdentity.fromKeys(dsaPk, dsaSk, kemPk, kemSk);
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    private static int copyIn(SecretBytes s, byte[] dst, int off) {
        return s.apply(b -> {
            System.arraycopy(b, 0, dst, off, b.length);
            return off + b.length;
        });
    }

    private static byte[] header(KeystoreParams p, byte[] salt, byte[] nonce) {
        byte[] h = new byte[HEADER_BYTES];
        System.arraycopy(MAGIC, 0, h, 0, 4);
        h[4] = (byte) (CURRENT_VERSION >>> 8);
        h[5] = (byte) CURRENT_VERSION;
        Bytes.putInt(h, 6, p.memoryKiB());
        Bytes.putInt(h, 10, p.iterations());
        Bytes.putInt(h, 14, p.parallelism());
        System.arraycopy(salt, 0, h, 18, 16);
        System.arraycopy(nonce, 0, h, 34, QuDagCrypto.NONCE_BYTES);
        return h;
    }

    static byte[] deriveKey(char[] passphrase, byte[] salt, KeystoreParams p) {
        Objects.requireNonNull(passphrase, "passphrase");
        if (passphrase.length == 0) {
            throw new IllegalArgumentException("passphrase must not be empty");
        }
        ByteBuffer bb = StandardCharsets.UTF_8.encode(CharBuffer.wrap(passphrase));
        byte[] pw = new byte[bb.remaining()];
        bb.get(pw);
        bb.clear();
        while (bb.hasRemaining()) {
            bb.put((byte) 0);
        }
        try {
            Argon2BytesGenerator g = new Argon2BytesGenerator();
            g.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                    .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                    .withMemoryAsKB(p.memoryKiB())
                    .withIterations(p.iterations())
                    .withParallelism(p.parallelism())
                    .withSalt(salt)
                    .build());
            byte[] key = new byte[QuDagCrypto.AEAD_KEY_BYTES];
            g.generateBytes(pw, key);
            return key;
        } finally {
            Arrays.fill(pw, (byte) 0);
        }
    }

    private static void write(Path file, byte[] bytes) {
        Path abs = file.toAbsolutePath();
        Path dir = Objects.requireNonNull(abs.getParent(), "file has no parent directory");
        try {
            Path tmp = Files.createTempFile(dir, ".keystore", ".tmp");
            try {
                try {
                    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException notPosix) {
                    // not a POSIX file system: rely on the directory's permissions
                }
                Files.write(tmp, bytes);
                try {
                    Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write keystore " + file, e);
        }
    }
}
