package io.neuraldag.postgres;

import io.neuraldag.qudag.DifferentialPrivacy;
import io.neuraldag.qudag.Encapsulation;
import io.neuraldag.qudag.KemKeyPair;
import io.neuraldag.qudag.NodeIdentity;
import io.neuraldag.qudag.NodeStatus;
import io.neuraldag.qudag.PatternImporter;
import io.neuraldag.qudag.PatternProposal;
import io.neuraldag.qudag.PrivacyParams;
import io.neuraldag.qudag.ProposalState;
import io.neuraldag.qudag.QuDagClient;
import io.neuraldag.qudag.QuDagCrypto;
import io.neuraldag.qudag.QuDagException;
import io.neuraldag.qudag.QuDagTransport;
import io.neuraldag.qudag.SecretBytes;
import io.neuraldag.qudag.SyncedPattern;
import io.neuraldag.qudag.TokenLedger;
import io.neuraldag.sona.DagReasoningBank;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/*
 * The QuDAG, Tokens and Crypto groups of NeuralDag (spec 03 §2) over dag-qudag.
 *
 * Wiring: dag-postgres depends on dag-qudag (which depends on dag-core only, so no cycle), and this
 * class answers every call from a real QuDagClient, its node's ledger and QuDagCrypto. The network
 * is whatever QuDagNetwork the application registered under the endpoint name; this class owns the
 * transport it opened and the client on top of it.
 *
 * Secrets: KEM secret keys made by generateKemKeypair and identities given to registerIdentity stay
 * in the two handle maps, keyed by random UUIDs; nothing but public keys, ciphertexts, signatures
 * and handles is ever returned, logged or written to a table. A handle that is not in the map (never
 * issued, destroyed, or forged) is RV008 for decrypt and RV006 for connect. close() zeroes every KEM
 * secret and the facade's own identity (one passed to the builder belongs to the caller).
 *
 * Errors: dag-qudag's QuDagException codes map one to one onto RvCode; its IllegalArgumentExceptions
 * become RV011; a call that does not complete within CALL_TIMEOUT, or an interrupted wait, is RV005.
 *
 * Locking: `lock` serialises connect and close and guards `client`; calls read the client once and
 * work on that instance (a concurrent reconnect closes it, and the call then fails with RV005).
 * Imports run under the scope's lock through BankAccess, which persists the bank afterwards.
 */
final class PgQuDag implements NeuralDag.QuDag, NeuralDag.Tokens, NeuralDag.Crypto, AutoCloseable {

    /** BLAKE3 derive-key context of qudag_encrypt. */
    static final String ENCRYPT_CONTEXT = "neural-dag 2026-12 qudag_encrypt v1";

    /** Tag prefixed to the data qudag_sign signs and qudag_verify checks. */
    static final String SIGN_TAG = "neural-dag/sql/sign/v1";

    /** Live KEM handles (and, separately, registered identities) at most. */
    static final int MAX_KEYS = 1024;

    /** Largest plaintext, data to sign, or metadata text accepted. */
    static final int MAX_BYTES = 1 << 20;

    static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    private static final int MICROS = 1_000_000;
    private static final Pattern PROPOSAL_ID = Pattern.compile("[0-9a-f]{64}");

    /** What the builder collected: the named networks and the identity, if one was given. */
    record Setup(
            Map<String, QuDagNetwork> networks, @Nullable NodeIdentity identity) {
        Setup {
            networks = Map.copyOf(networks);
        }

        static Setup none() {
            return new Setup(Map.of(), null);
        }
    }

    /** Runs an import against the scope's bank under its lock, then persists the bank. */
    @FunctionalInterface
    interface BankAccess {
        PatternImporter.ImportStats importLocked(Function<DagReasoningBank, PatternImporter.ImportStats> work);
    }

    private final Map<String, QuDagNetwork> networks;
    private final NodeIdentity identity;
    private final boolean ownsIdentity;
    private final DataSource dataSource;
    private final String proposals;
    private final String scope;
    private final VectorCodec vectors;
    private final BankAccess bank;
    private final SecureRandom random = new SecureRandom();
    private final Map<UUID, KemKeyPair> keys = new ConcurrentHashMap<>();
    private final Map<UUID, NodeIdentity> identities = new ConcurrentHashMap<>();
    private final PatternImporter importer;
    private final Object lock = new Object();
    private @Nullable DagReasoningBank sinkBank;
    private @Nullable ReasoningBankSink sink;
    private volatile @Nullable QuDagClient client;
    private volatile boolean closed;

    PgQuDag(Setup setup, DataSource dataSource, DagSchema.Installed installed, String scope, BankAccess bank) {
        this.networks = setup.networks();
        NodeIdentity given = setup.identity();
        this.ownsIdentity = given == null;
        this.identity = given == null ? NodeIdentity.generate() : given;
        this.dataSource = dataSource;
        this.proposals = installed.schema().table("dag_qudag_proposals");
        this.scope = scope;
        this.vectors = new VectorCodec(installed);
        this.bank = bank;
        this.importer = PatternImporter.create(this::toBank);
    }

    /* The importer's sink: the bank of the import running now (set under the scope's lock). */
    private void toBank(SyncedPattern p) {
        DagReasoningBank b = Objects.requireNonNull(sinkBank, "no import running");
        ReasoningBankSink s = sink;
        if (s == null) {
            s = ReasoningBankSink.create(b);
            sink = s;
        }
        s.importPattern(p);
    }

    boolean isConnected() {
        QuDagClient c = client;
        return c != null && c.isConnected();
    }

    // ------------------------------------------------------------------ QuDAG

    @Override
    public NeuralDag.ConnectRow connect(String endpoint, @Nullable UUID identityKey) {
        Objects.requireNonNull(endpoint, "endpoint");
        NodeIdentity who = identity;
        if (identityKey != null) {
            NodeIdentity registered = identities.get(identityKey);
            if (registered == null) {
                throw RvException.of(RvCode.QUDAG_AUTH_FAILED, "unknown identity handle", null);
            }
            who = registered;
        }
        QuDagNetwork network = networks.get(endpoint);
        if (network == null) {
            throw RvException.of(
                    RvCode.QUDAG_DISCONNECTED,
                    "no QuDAG network is registered under endpoint '" + Texts.clip(endpoint) + "'",
                    null);
        }
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException("the facade is closed");
            }
            QuDagTransport t;
            try {
                t = network.open(who);
            } catch (RuntimeException e) {
                throw rv(e);
            }
            QuDagClient next = QuDagClient.connect(t, who);
            QuDagClient old = client;
            client = next;
            if (old != null) {
                old.close();
            }
            int version = 0;
            if (next.isConnected()) {
                version = await(next.status()).networkVersion();
            }
            return new NeuralDag.ConnectRow(next.isConnected(), next.nodeId(), version);
        }
    }

    @Override
    public NeuralDag.QudagStatusRow status() {
        QuDagClient c = client;
        if (c == null || !c.isConnected()) {
            return new NeuralDag.QudagStatusRow(
                    false, c == null ? identity.nodeId() : c.nodeId(), 0, -1, "disconnected");
        }
        NodeStatus s = await(c.status());
        return new NeuralDag.QudagStatusRow(s.connected(), c.nodeId(), s.peers(), s.latestRound(), s.sync());
    }

    @Override
    public NeuralDag.ProposalRow proposePattern(float[] vector, String metadataJson, double stakeAmount) {
        return proposePattern(vector, metadataJson, stakeAmount, DifferentialPrivacy.MIN_MEMBERS, 1.0);
    }

    @Override
    public NeuralDag.ProposalRow proposePattern(
            float[] vector, String metadataJson, double stakeAmount, int memberCount, double quality) {
        Objects.requireNonNull(vector, "vector");
        Objects.requireNonNull(metadataJson, "metadataJson");
        float[] v = checkVector(vector);
        Map<String, String> metadata = metadata(metadataJson);
        long stakeMicros = micros(stakeAmount, "stake_amount");
        PatternProposal proposal;
        try {
            proposal = PatternProposal.of(v, memberCount, quality, metadata, PrivacyParams.defaults())
                    .withStake(stakeMicros);
        } catch (IllegalArgumentException e) {
            throw rv(e);
        }
        QuDagClient c = connected();
        String id = await(c.proposePattern(proposal));
        Instant submitted = Instant.now();
        ProposalState state = await(c.proposalStatus(id));
        String status = name(state);
        try {
            Jdbc.inTransaction(dataSource, conn -> {
                try (PreparedStatement ps = conn.prepareStatement("INSERT INTO " + proposals
                        + " (proposal_id, scope, submitted_at, status, votes_for, votes_against, finalized,"
                        + " stake_amount, pattern_vector, metadata) VALUES (?, ?, ?, ?, ?, ?, ?, ?, "
                        + vectors.bindMarker() + ", CAST(? AS jsonb)) ON CONFLICT (scope, proposal_id) DO NOTHING")) {
                    ps.setString(1, id);
                    ps.setString(2, scope);
                    ps.setTimestamp(3, Timestamp.from(submitted));
                    ps.setString(4, status);
                    ps.setDouble(5, state.votesFor());
                    ps.setDouble(6, state.votesAgainst());
                    ps.setBoolean(7, state.status().isFinal());
                    ps.setDouble(8, stakeMicros / (double) MICROS);
                    ps.setString(9, vectors.literal(v));
                    ps.setString(10, Json.write(metadata));
                    return ps.executeUpdate();
                }
            });
        } catch (SQLException e) {
            throw Jdbc.failure("recording the proposal", e);
        }
        return new NeuralDag.ProposalRow(id, submitted, status);
    }

    @Override
    public NeuralDag.ProposalStatusRow proposalStatus(String proposalId) {
        Objects.requireNonNull(proposalId, "proposalId");
        if (!PROPOSAL_ID.matcher(proposalId).matches()) {
            throw DagArgumentException.invalid(
                    "a proposal id is 64 lower-case hex digits, got '" + Texts.clip(proposalId) + "'");
        }
        QuDagClient c = connected();
        ProposalState state = await(c.proposalStatus(proposalId));
        String status = name(state);
        boolean fin = state.status().isFinal();
        java.util.Optional<Instant> seen;
        try {
            seen = Jdbc.inTransaction(dataSource, conn -> {
                try (PreparedStatement ps = conn.prepareStatement("INSERT INTO " + proposals + " AS q"
                        + " (proposal_id, scope, status, votes_for, votes_against, finalized, finalized_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, CASE WHEN ? THEN now() END)"
                        + " ON CONFLICT (scope, proposal_id) DO UPDATE SET status = EXCLUDED.status,"
                        + " votes_for = EXCLUDED.votes_for, votes_against = EXCLUDED.votes_against,"
                        + " finalized = EXCLUDED.finalized,"
                        + " finalized_at = coalesce(q.finalized_at, EXCLUDED.finalized_at)"
                        + " RETURNING finalized_at")) {
                    ps.setString(1, proposalId);
                    ps.setString(2, scope);
                    ps.setString(3, status);
                    ps.setDouble(4, state.votesFor());
                    ps.setDouble(5, state.votesAgainst());
                    ps.setBoolean(6, fin);
                    ps.setBoolean(7, fin);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        Timestamp ts = rs.getTimestamp(1);
                        return java.util.Optional.ofNullable(ts).map(Timestamp::toInstant);
                    }
                }
            });
        } catch (SQLException e) {
            throw Jdbc.failure("recording the proposal status", e);
        }
        return new NeuralDag.ProposalStatusRow(status, state.votesFor(), state.votesAgainst(), fin, seen.orElse(null));
    }

    @Override
    public NeuralDag.SyncRow syncPatterns(long sinceRound) {
        if (sinceRound < 0) {
            throw DagArgumentException.invalid("since_round must be >= 0: " + sinceRound);
        }
        QuDagClient c = connected();
        List<SyncedPattern> received = await(c.syncPatterns(sinceRound));
        List<SyncedPattern> fitting = new ArrayList<>(received.size());
        for (SyncedPattern p : received) {
            if (p.vector().length == DagSchema.DIMENSION) {
                fitting.add(p);
            }
        }
        PatternImporter.ImportStats stats = bank.importLocked(b -> {
            synchronized (importer) {
                if (sinkBank != b) {
                    sinkBank = b;
                    sink = null;
                }
                return importer.importAll(fitting);
            }
        });
        return new NeuralDag.SyncRow(received.size(), stats.applied(), stats.conflictsResolved());
    }

    @Override
    public UUID registerIdentity(NodeIdentity id) {
        Objects.requireNonNull(id, "identity");
        synchronized (identities) {
            if (identities.size() >= MAX_KEYS) {
                throw DagArgumentException.invalid("at most " + MAX_KEYS + " identities can be registered");
            }
            UUID handle = UUID.randomUUID();
            identities.put(handle, id);
            return handle;
        }
    }

    // ------------------------------------------------------------------ Tokens

    @Override
    public double balance() {
        return await(connected().balance()) / (double) MICROS;
    }

    @Override
    public NeuralDag.StakeRow stake(double amount) {
        if (!Double.isFinite(amount) || amount != Math.rint(amount) || amount < 0 || amount > 1e9) {
            throw DagArgumentException.invalid("amount must be a whole number of rUv: " + amount);
        }
        TokenLedger.StakeReceipt r = await(connected().stake((long) amount));
        return new NeuralDag.StakeRow(r.stakedMicros() / (double) MICROS, r.txHash());
    }

    @Override
    public NeuralDag.ClaimRow claimRewards() {
        TokenLedger.ClaimReceipt r = await(connected().claimRewards());
        return new NeuralDag.ClaimRow(r.amountMicros() / (double) MICROS, r.txHash(), r.source());
    }

    @Override
    public NeuralDag.StakingInfoRow stakingInfo() {
        TokenLedger.StakingInfo i = await(connected().stakingInfo());
        return new NeuralDag.StakingInfoRow(
                i.stakedMicros() / (double) MICROS,
                i.pendingMicros() / (double) MICROS,
                i.lockUntil(),
                i.aprEstimate());
    }

    // ------------------------------------------------------------------ Crypto

    @Override
    public NeuralDag.KemKeypairRow generateKemKeypair() {
        synchronized (keys) {
            if (closed) {
                throw new IllegalStateException("the facade is closed");
            }
            if (keys.size() >= MAX_KEYS) {
                throw DagArgumentException.invalid(
                        "at most " + MAX_KEYS + " KEM secret keys can be held; destroy one first");
            }
            KemKeyPair kp = QuDagCrypto.kemKeyPair(random);
            UUID handle = UUID.randomUUID();
            keys.put(handle, kp);
            return new NeuralDag.KemKeypairRow(kp.publicKey(), handle);
        }
    }

    @Override
    public NeuralDag.EncryptRow encrypt(byte[] plaintext, byte[] recipientPubkey) {
        Objects.requireNonNull(plaintext, "plaintext");
        Objects.requireNonNull(recipientPubkey, "recipientPubkey");
        checkSize(plaintext, "plaintext");
        try (Encapsulation e = QuDagCrypto.encapsulate(recipientPubkey, random)) {
            byte[] ct = e.ciphertext();
            byte[] key = e.sharedSecret().apply(ss -> QuDagCrypto.deriveKey(ENCRYPT_CONTEXT, ss));
            try {
                byte[] nonce = new byte[QuDagCrypto.NONCE_BYTES];
                random.nextBytes(nonce);
                byte[] sealed = QuDagCrypto.aeadSeal(key, nonce, aad(ct), plaintext);
                byte[] out = new byte[nonce.length + sealed.length];
                System.arraycopy(nonce, 0, out, 0, nonce.length);
                System.arraycopy(sealed, 0, out, nonce.length, sealed.length);
                return new NeuralDag.EncryptRow(out, ct);
            } finally {
                Arrays.fill(key, (byte) 0);
            }
        } catch (QuDagException e) {
            throw rv(e);
        }
    }

    @Override
    public byte[] decrypt(byte[] ciphertext, byte[] encapsulatedKey, UUID secretKeyId) {
        Objects.requireNonNull(ciphertext, "ciphertext");
        Objects.requireNonNull(encapsulatedKey, "encapsulatedKey");
        Objects.requireNonNull(secretKeyId, "secretKeyId");
        KemKeyPair kp = keys.get(secretKeyId);
        if (kp == null) {
            throw crypto("unknown secret key handle");
        }
        int min = QuDagCrypto.NONCE_BYTES + QuDagCrypto.AEAD_TAG_BYTES;
        if (ciphertext.length < min || ciphertext.length > MAX_BYTES + min) {
            throw crypto("ciphertext must have " + min + "…" + (MAX_BYTES + min) + " bytes, got " + ciphertext.length);
        }
        try (SecretBytes ss = QuDagCrypto.decapsulate(kp.secretKey(), encapsulatedKey)) {
            byte[] key = ss.apply(s -> QuDagCrypto.deriveKey(ENCRYPT_CONTEXT, s));
            try {
                byte[] nonce = Arrays.copyOfRange(ciphertext, 0, QuDagCrypto.NONCE_BYTES);
                byte[] sealed = Arrays.copyOfRange(ciphertext, QuDagCrypto.NONCE_BYTES, ciphertext.length);
                return QuDagCrypto.aeadOpen(key, nonce, aad(encapsulatedKey), sealed);
            } finally {
                Arrays.fill(key, (byte) 0);
            }
        } catch (QuDagException e) {
            throw rv(e);
        } catch (IllegalStateException e) {
            // the key was destroyed while this call was running
            throw crypto("unknown secret key handle");
        }
    }

    private static byte[] aad(byte[] encapsulatedKey) {
        byte[] tag = ENCRYPT_CONTEXT.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[tag.length + encapsulatedKey.length];
        System.arraycopy(tag, 0, out, 0, tag.length);
        System.arraycopy(encapsulatedKey, 0, out, tag.length, encapsulatedKey.length);
        return out;
    }

    private static byte[] tagged(byte[] data) {
        byte[] tag = SIGN_TAG.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[tag.length + 1 + data.length];
        System.arraycopy(tag, 0, out, 0, tag.length);
        // a zero byte ends the tag, so no tag is a prefix of another tagged message
        System.arraycopy(data, 0, out, tag.length + 1, data.length);
        return out;
    }

    @Override
    public byte[] sign(byte[] data) {
        Objects.requireNonNull(data, "data");
        checkSize(data, "data");
        try {
            return identity.sign(tagged(data));
        } catch (QuDagException e) {
            throw rv(e);
        }
    }

    @Override
    public boolean verify(byte[] data, byte[] signature, byte[] pubkey) {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(signature, "signature");
        Objects.requireNonNull(pubkey, "pubkey");
        checkSize(data, "data");
        if (signature.length != QuDagCrypto.SIGNATURE_BYTES) {
            throw crypto(
                    "an ML-DSA-65 signature has " + QuDagCrypto.SIGNATURE_BYTES + " bytes, got " + signature.length);
        }
        if (pubkey.length != QuDagCrypto.DSA_PUBLIC_KEY_BYTES) {
            throw crypto(
                    "an ML-DSA-65 public key has " + QuDagCrypto.DSA_PUBLIC_KEY_BYTES + " bytes, got " + pubkey.length);
        }
        return QuDagCrypto.verify(pubkey, tagged(data), signature);
    }

    @Override
    public byte[] signingPublicKey() {
        return identity.publicIdentity().dsaPublicKey();
    }

    @Override
    public boolean destroyKey(UUID secretKeyId) {
        KemKeyPair kp = keys.remove(Objects.requireNonNull(secretKeyId, "secretKeyId"));
        if (kp == null) {
            return false;
        }
        kp.close();
        return true;
    }

    /** Live KEM handles. */
    int keyCount() {
        return keys.size();
    }

    /** The key pair behind a handle, for tests that look for its secret where it must not be. */
    @Nullable
    KemKeyPair heldKey(UUID handle) {
        return keys.get(handle);
    }

    // ------------------------------------------------------------------ lifecycle

    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            QuDagClient c = client;
            client = null;
            if (c != null) {
                c.close();
            }
        }
        synchronized (keys) {
            for (KemKeyPair kp : keys.values()) {
                kp.close();
            }
            keys.clear();
        }
        identities.clear();
        if (ownsIdentity) {
            identity.close();
        }
    }

    // ------------------------------------------------------------------ helpers

    private QuDagClient connected() {
        QuDagClient c = client;
        if (c == null || !c.isConnected()) {
            throw RvException.of(
                    RvCode.QUDAG_DISCONNECTED, "not connected to a QuDAG network (call qudag_connect)", null);
        }
        return c;
    }

    private static String name(ProposalState s) {
        return s.status().name().toLowerCase(Locale.ROOT);
    }

    private static float[] checkVector(float[] v) {
        if (v.length != DagSchema.DIMENSION) {
            throw DagArgumentException.invalid(
                    "pattern_vector must have " + DagSchema.DIMENSION + " values, not " + v.length);
        }
        for (int i = 0; i < v.length; i++) {
            if (!Float.isFinite(v[i])) {
                throw DagArgumentException.invalid("pattern_vector[" + i + "] is not finite: " + v[i]);
            }
        }
        return v.clone();
    }

    private static void checkSize(byte[] b, String name) {
        if (b.length > MAX_BYTES) {
            throw DagArgumentException.invalid(name + " must have at most " + MAX_BYTES + " bytes, got " + b.length);
        }
    }

    private static long micros(double rUv, String name) {
        if (!Double.isFinite(rUv) || rUv < 0 || rUv > 1e9) {
            throw DagArgumentException.invalid(name + " must be in [0, 1e9] rUv: " + rUv);
        }
        return Math.round(rUv * MICROS);
    }

    /* A flat JSON object as string metadata: numbers and booleans keep their JSON text. */
    static Map<String, String> metadata(String json) {
        if (json.length() > MAX_BYTES) {
            throw DagArgumentException.invalid("metadata must have at most " + MAX_BYTES + " characters");
        }
        Map<String, Object> parsed = Json.parseObject(json);
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : parsed.entrySet()) {
            Object v = e.getValue();
            if (v instanceof String s) {
                out.put(e.getKey(), s);
            } else if (v instanceof Number || v instanceof Boolean) {
                out.put(e.getKey(), Json.write(v));
            } else {
                throw DagArgumentException.invalid("metadata must be a flat JSON object; '" + Texts.clip(e.getKey())
                        + "' is not text, a number or a boolean");
            }
        }
        return out;
    }

    private static RuntimeException crypto(String message) {
        return RvException.of(RvCode.CRYPTO_ERROR, message, null);
    }

    private static <T> T await(CompletableFuture<T> f) {
        try {
            return f.get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw RvException.of(RvCode.QUDAG_DISCONNECTED, "interrupted while waiting", e);
        } catch (TimeoutException e) {
            throw RvException.of(RvCode.QUDAG_DISCONNECTED, "no answer within " + CALL_TIMEOUT.toSeconds() + " s", e);
        } catch (ExecutionException e) {
            throw rv(e.getCause() == null ? e : e.getCause());
        }
    }

    /* dag-qudag's failures as RvExceptions. */
    static RuntimeException rv(Throwable thrown) {
        Throwable t = thrown;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof RvException) {
            return (RuntimeException) t;
        }
        if (t instanceof QuDagException q) {
            RvCode code = switch (q.code()) {
                case RV005_QUDAG_DISCONNECTED -> RvCode.QUDAG_DISCONNECTED;
                case RV006_QUDAG_AUTH_FAILED -> RvCode.QUDAG_AUTH_FAILED;
                case RV007_INSUFFICIENT_STAKE -> RvCode.INSUFFICIENT_STAKE;
                case RV008_CRYPTO_ERROR -> RvCode.CRYPTO_ERROR;
                case RV011_INVALID_ARGUMENT -> RvCode.INVALID_ARGUMENT;
            };
            String m = String.valueOf(q.getMessage());
            String prefix = q.code().sqlState() + ": ";
            return RvException.of(code, m.startsWith(prefix) ? m.substring(prefix.length()) : m, q);
        }
        if (t instanceof IllegalArgumentException) {
            return RvException.of(RvCode.INVALID_ARGUMENT, String.valueOf(t.getMessage()), t);
        }
        if (t instanceof CancellationException || t instanceof java.io.UncheckedIOException) {
            return RvException.of(RvCode.QUDAG_DISCONNECTED, "the QuDAG call failed: " + t.getMessage(), t);
        }
        if (t instanceof IllegalStateException) {
            // the node's ledger refused the operation in its current state (no stake, still locked)
            return RvException.of(RvCode.INSUFFICIENT_STAKE, String.valueOf(t.getMessage()), t);
        }
        if (t instanceof RuntimeException r) {
            return r;
        }
        return RvException.of(RvCode.QUDAG_DISCONNECTED, "the QuDAG call failed: " + t, t);
    }
}
