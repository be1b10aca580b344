package io.neuraldag.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.neuraldag.qudag.KemKeyPair;
import io.neuraldag.qudag.LoopbackCluster;
import io.neuraldag.qudag.NodeIdentity;
import io.neuraldag.qudag.QuDagCrypto;
import io.neuraldag.qudag.QudagConfig;
import io.neuraldag.qudag.SnowballParams;
import io.neuraldag.qudag.SocketTransport;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The QuDAG, Tokens and Crypto groups on the real PostgreSQL and a real 3-node loopback cluster:
 * the facade is node 1's client (its identity is a member, its requests go over TCP), through the
 * Java API and through dag_request/dag_response, including hostile inputs.
 */
@ExtendWith(PgDatabase.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(300)
class QuDagSqlIT {
    private static final String ENDPOINT = "loopback://node-1";

    private PgFixture pg;
    private LoopbackCluster cluster;
    private NeuralDag dag;
    private SqlRequestListener listener;
    private String s;

    @BeforeAll
    void start(PgFixture fixture) {
        this.pg = fixture;
        QudagConfig cfg = QudagConfig.builder()
                .snowball(new SnowballParams(15, 9, 8, 50, Duration.ofMillis(200)))
                .minValidators(2)
                .build();
        cluster = LoopbackCluster.start(3, cfg, 77);
        dag = NeuralDag.builder(pg.dataSource())
                .schema(pg.schema())
                .engineBase(LearningFixtures.fastEngine())
                .qudagIdentity(cluster.identity(1))
                .qudagNetwork(
                        ENDPOINT,
                        self -> SocketTransport.connect(
                                cluster.address(1), cluster.identity(1).publicIdentity(), self, Duration.ofSeconds(5)))
                .build();
        listener = SqlRequestListener.start(dag, pg.dataSource());
        s = Jdbc.quoteIdent(pg.schema().name());
    }

    @AfterAll
    void stop() {
        if (listener != null) {
            listener.close();
        }
        if (dag != null) {
            dag.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    private String call(String fn, String args) throws SQLException {
        return ApiFixtures.call(pg, fn, args);
    }

    /** The SQLSTATE a queued call raises. */
    private String sqlState(String fn, String args) {
        try {
            call(fn, args);
        } catch (SQLException e) {
            return String.valueOf(e.getSQLState());
        }
        throw new AssertionError(fn + " " + args + " did not fail");
    }

    private static <T> RvCode codeOf(Supplier<T> s) {
        T value;
        try {
            value = s.get();
        } catch (RuntimeException e) {
            if (e instanceof RvException rv) {
                return rv.code();
            }
            throw new AssertionError("not an RvException: " + e, e);
        }
        throw new AssertionError("did not fail: " + value);
    }

    private static float[] vector(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[DagSchema.DIMENSION];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return v;
    }

    private static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }

    private static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }

    private static String json(String text) {
        return Json.write(text);
    }

    @Test
    @Order(1)
    void whileDisconnectedNetworkCallsAreRv005AndStatusSaysSo() throws SQLException {
        assertThat(dag.qudag().status().connected()).isFalse();
        assertThat(dag.qudag().status().syncStatus()).isEqualTo("disconnected");
        assertThat(dag.state().status().qudagConnected()).isFalse();
        assertThat(codeOf(() -> dag.qudag().proposePattern(vector(1), "{}", 0))).isEqualTo(RvCode.QUDAG_DISCONNECTED);
        assertThat(codeOf(() -> dag.qudag().syncPatterns(0))).isEqualTo(RvCode.QUDAG_DISCONNECTED);
        assertThat(codeOf(() -> dag.tokens().balance())).isEqualTo(RvCode.QUDAG_DISCONNECTED);
        assertThat(codeOf(() -> dag.tokens().stake(100))).isEqualTo(RvCode.QUDAG_DISCONNECTED);
        assertThat(sqlState("qudag_balance", "{}")).isEqualTo("RV005");
        assertThat(sqlState("qudag_claim_rewards", "{}")).isEqualTo("RV005");
        assertThat(call("qudag_status", "{}")).contains("\"connected\": false");
    }

    @Test
    @Order(2)
    void connectFailuresKeepTheFacadeDisconnected() {
        assertThat(codeOf(() -> dag.qudag().connect("loopback://nowhere", null)))
                .isEqualTo(RvCode.QUDAG_DISCONNECTED);
        assertThat(sqlState("qudag_connect", "{\"endpoint\": \"'; DROP TABLE x; --\"}"))
                .isEqualTo("RV005");
        // a handle nobody issued
        assertThat(sqlState(
                        "qudag_connect",
                        "{\"endpoint\": " + json(ENDPOINT) + ", \"identity_key\": \"" + UUID.randomUUID() + "\"}"))
                .isEqualTo("RV006");
        assertThat(sqlState("qudag_connect", "{\"endpoint\": " + json(ENDPOINT) + ", \"identity_key\": \"nope\"}"))
                .isEqualTo("RV011");
        // a registered identity that is no member of the network: the node refuses it
        try (NodeIdentity stranger = NodeIdentity.fromSeed(4242)) {
            UUID handle = dag.qudag().registerIdentity(stranger);
            NeuralDag.ConnectRow row = dag.qudag().connect(ENDPOINT, handle);
            assertThat(row.connected()).isFalse();
            assertThat(row.nodeId()).isEqualTo(stranger.nodeId());
            assertThat(dag.qudag().status().connected()).isFalse();
            assertThat(codeOf(() -> dag.tokens().balance())).isEqualTo(RvCode.QUDAG_DISCONNECTED);
        }
    }

    @Test
    @Order(3)
    void proposeFinalizeSyncAndTokensThroughTheJavaApi() throws Exception {
        NeuralDag.ConnectRow row = dag.qudag().connect(ENDPOINT, null);
        assertThat(row.connected()).isTrue();
        assertThat(row.nodeId()).isEqualTo(cluster.identity(1).nodeId());
        assertThat(row.networkVersion()).isEqualTo(1);
        NeuralDag.QudagStatusRow st = dag.qudag().status();
        assertThat(st.connected()).isTrue();
        assertThat(st.peers()).isEqualTo(2);
        assertThat(dag.state().status().qudagConnected()).isTrue();

        float[] v = vector(7);
        // the released quality carries Laplace noise of scale 1 / (0.1 n): with n = 1000 members a
        // quality of 1.0 falls below the validators' 0.3 with probability e^-70 / 2
        NeuralDag.ProposalRow p =
                dag.qudag().proposePattern(v, "{\"plan\": \"knn\", \"rows\": 1000, \"ok\": true}", 0, 1000, 1.0);
        assertThat(p.proposalId()).matches("[0-9a-f]{64}");
        NeuralDag.ProposalStatusRow ps = awaitFinal(p.proposalId());
        assertThat(ps.status()).isEqualTo("finalized");
        assertThat(ps.finalizedAt()).isNotNull();
        assertThat(ps.votesFor()).isGreaterThan(ps.votesAgainst());
        // the first time seen final is kept
        assertThat(dag.qudag().proposalStatus(p.proposalId()).finalizedAt()).isEqualTo(ps.finalizedAt());
        assertThat(ApiFixtures.rows(
                        pg,
                        "SELECT status, finalized, metadata->>'rows', cardinality(CAST(pattern_vector AS real[]))"
                                + " FROM " + s + ".dag_qudag_proposals WHERE proposal_id = ?",
                        p.proposalId()))
                .containsExactly(List.of("finalized", "t", "1000", "256"));
        assertThat(ApiFixtures.rows(
                        pg,
                        "SELECT finalized FROM " + s + ".dag_qudag_proposals() WHERE proposal_id = ?",
                        p.proposalId()))
                .containsExactly(List.of("t"));

        // node 0 proposes too: sync brings both into the reasoning bank, once
        String other;
        try (io.neuraldag.qudag.QuDagClient c0 =
                io.neuraldag.qudag.QuDagClient.connect(cluster.transport(0), cluster.identity(0))) {
            other = c0.proposePattern(io.neuraldag.qudag.PatternProposal.of(
                            vector(8), 500, 0.9, Map.of("from", "node-0"), io.neuraldag.qudag.PrivacyParams.defaults()))
                    .join();
        }
        awaitFinal(other);
        long patternsBefore = pg.queryLong("SELECT count(*) FROM " + s + ".dag_patterns");
        NeuralDag.SyncRow sync = awaitSynced(2);
        assertThat(sync.patternsApplied()).isEqualTo(2);
        assertThat(sync.conflictsResolved()).isZero();
        NeuralDag.SyncRow again = dag.qudag().syncPatterns(0);
        assertThat(again.patternsReceived()).isEqualTo(2);
        assertThat(again.patternsApplied()).isZero();
        assertThat(pg.queryLong("SELECT count(*) FROM " + s + ".dag_patterns")).isEqualTo(patternsBefore + 2);
        assertThat(cosine(vector(7), vector(8))).isLessThan(0.3);
        // the synced centroids carry Gaussian noise of σ ≈ 2C/(n ε)·c per coordinate: with 1000 and
        // 500 members both stay close to what was proposed, and pattern search finds each of them
        for (float[] proposedVector : List.of(vector(7), vector(8))) {
            List<NeuralDag.PatternMatch> found = dag.patterns().queryPatterns(proposedVector, 1, 0.9);
            assertThat(found).hasSize(1);
            assertThat(found.get(0).similarity()).isGreaterThan(0.9);
        }
        assertThat(dag.patterns().queryPatterns(vector(9), 1, 0.9)).isEmpty();

        // tokens: the ledger's arithmetic, seen through the facade
        double b0 = dag.tokens().balance();
        assertThat(b0).isEqualTo(cluster.ledger(1).balance(cluster.identity(1).nodeId()) / 1e6);
        NeuralDag.StakeRow stake = dag.tokens().stake(100);
        assertThat(stake.newStake()).isEqualTo(100.0);
        assertThat(stake.txHash()).isNotBlank();
        assertThat(dag.tokens().balance()).isEqualTo(b0 - 100);
        NeuralDag.StakingInfoRow info = dag.tokens().stakingInfo();
        assertThat(info.stakedAmount()).isEqualTo(100.0);
        assertThat(info.lockUntil()).isAfter(java.time.Instant.now().plus(Duration.ofDays(29)));
        double pending = info.pendingRewards();
        NeuralDag.ClaimRow claim = dag.tokens().claimRewards();
        assertThat(claim.amount()).isGreaterThanOrEqualTo(pending);
        assertThat(dag.tokens().balance()).isEqualTo(b0 - 100 + claim.amount());
        assertThat(dag.tokens().stakingInfo().pendingRewards()).isZero();
        // hostile amounts change nothing
        double b1 = dag.tokens().balance();
        assertThat(codeOf(() -> dag.tokens().stake(100))).isEqualTo(RvCode.INVALID_ARGUMENT); // second stake
        assertThat(codeOf(() -> dag.tokens().stake(12.5))).isEqualTo(RvCode.INVALID_ARGUMENT);
        assertThat(codeOf(() -> dag.tokens().stake(Double.NaN))).isEqualTo(RvCode.INVALID_ARGUMENT);
        assertThat(codeOf(() -> dag.tokens().stake(-100))).isEqualTo(RvCode.INVALID_ARGUMENT);
        assertThat(dag.tokens().balance()).isEqualTo(b1);
        assertThat(codeOf(() -> dag.qudag().proposePattern(v, "{}", 1e12))).isEqualTo(RvCode.INVALID_ARGUMENT);
    }

    private NeuralDag.ProposalStatusRow awaitFinal(String id) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (true) {
            try {
                NeuralDag.ProposalStatusRow r = dag.qudag().proposalStatus(id);
                if (r.finalized() || System.nanoTime() > deadline) {
                    return r;
                }
            } catch (DagArgumentException e) {
                // node 1 has not heard of another node's proposal yet
                if (System.nanoTime() > deadline) {
                    throw e;
                }
            }
            Thread.sleep(100);
        }
    }

    /* Finalized at node 0 does not mean finalized at node 1 yet: wait until node 1 reports n. */
    private NeuralDag.SyncRow awaitSynced(int n) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        int applied = 0;
        while (true) {
            NeuralDag.SyncRow r = dag.qudag().syncPatterns(0);
            applied += r.patternsApplied();
            if (r.patternsReceived() >= n || System.nanoTime() > deadline) {
                return new NeuralDag.SyncRow(r.patternsReceived(), applied, r.conflictsResolved());
            }
            Thread.sleep(100);
        }
    }

    @Test
    @Order(4)
    void theQuDagGroupThroughTheQueue() throws Exception {
        assertThat(call("qudag_connect", "{\"endpoint\": " + json(ENDPOINT) + "}"))
                .contains("\"connected\": true")
                .contains(cluster.identity(1).nodeId());
        long statusId = pg.queryLong("SELECT " + s + ".dag_request('qudag_status')");
        assertThat(ApiFixtures.rows(
                        pg,
                        "SELECT r->>'connected', r->>'peers', r->>'sync_status' IS NOT NULL FROM jsonb_array_elements("
                                + s + ".dag_response(?, 20000)->'rows') r",
                        statusId))
                .containsExactly(List.of("true", "2", "t"));
        String vec = Json.write(vector(9));
        String proposed = call(
                "qudag_propose_pattern",
                "{\"pattern_vector\": " + vec + ", \"metadata\": {\"source\": \"sql\"}, \"member_count\": 1000,"
                        + " \"quality\": 1.0}");
        List<?> rows = (List<?>)
                java.util.Objects.requireNonNull(Json.parseObject(proposed).get("rows"));
        String id = String.valueOf(((Map<?, ?>) rows.get(0)).get("proposal_id"));
        assertThat(id).matches("[0-9a-f]{64}");
        String status = "";
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!status.contains("\"finalized\": true") && System.nanoTime() < deadline) {
            status = call("qudag_proposal_status", "{\"id\": \"" + id + "\"}");
            Thread.sleep(100);
        }
        assertThat(status).contains("\"status\": \"finalized\"").contains("\"finalized\": true");
        assertThat(call("qudag_sync_patterns", "{\"since_round\": 0}")).contains("\"patterns_received\": ");
        assertThat(call("qudag_balance", "{}")).matches("\\{\"value\": [0-9.]+}");
        assertThat(call("qudag_staking_info", "{}")).contains("\"staked_amount\": 100.0");
        assertThat(call("qudag_claim_rewards", "{}")).contains("\"tx_hash\"");
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            value = {
                "qudag_proposal_status | {\"id\": \"'; DROP TABLE x; --\"} | RV011",
                "qudag_proposal_status | {\"id\": \"ABCDEF\"} | RV011",
                "qudag_proposal_status | {} | RV011",
                "qudag_sync_patterns | {\"since_round\": -1} | RV011",
                "qudag_sync_patterns | {\"since_round\": \"0\"} | RV011",
                "qudag_propose_pattern | {\"pattern_vector\": [1, 2, 3], \"metadata\": {}} | RV011",
                "qudag_propose_pattern | {\"pattern_vector\": VEC, \"metadata\": {}, \"member_count\": 9} | RV011",
                "qudag_propose_pattern | {\"pattern_vector\": VEC, \"metadata\": {}, \"member_count\": 1.5} | RV011",
                "qudag_propose_pattern | {\"pattern_vector\": VEC, \"metadata\": {}, \"quality\": 1.5} | RV011",
                "qudag_propose_pattern | {\"pattern_vector\": VEC, \"metadata\": {}, \"quality\": -0.1} | RV011",
                "qudag_propose_pattern | {\"pattern_vector\": VEC, \"metadata\": {}, \"colour\": 1} | RV011",
                "qudag_propose_pattern | {\"pattern_vector\": [1], \"metadata\": {\"a\": {\"nested\": 1}}} | RV011",
                "qudag_stake | {\"amount\": \"100\"} | RV011",
                "qudag_stake | {\"amount\": 5} | RV011",
                "qudag_encrypt | {\"plaintext\": \"%%%\", \"recipient_pubkey\": \"AAAA\"} | RV011",
                "qudag_encrypt | {\"plaintext\": \"AAAA\", \"recipient_pubkey\": \"AAAA\"} | RV008",
                "qudag_decrypt | {\"ciphertext\": \"AAAA\", \"encapsulated_key\": \"AAAA\", \"secret_key_id\": \"x\"} | RV011",
                "qudag_verify | {\"data\": \"AAAA\", \"signature\": \"AAAA\", \"pubkey\": \"AAAA\"} | RV008",
                "qudag_sign | {\"data\": \"AAAA\", \"key\": \"AAAA\"} | RV011",
                "qudag_destroy_key | {\"secret_key_id\": 7} | RV011",
            })
    @Order(5)
    void hostileArgumentsGetAnRvSqlState(String fn, String args, String state) {
        // VEC: a valid 256-vector, so only the argument under test is wrong
        assertThat(sqlState(fn, args.replace("VEC", Json.write(vector(11))))).isEqualTo(state);
    }

    @Test
    @Order(6)
    void kemRoundTripThroughSqlAndEveryTamperingIsRv008() throws Exception {
        long kpId = pg.queryLong("SELECT " + s + ".dag_request('qudag_generate_kem_keypair')");
        List<List<String>> kp = ApiFixtures.rows(
                pg,
                "SELECT r->>'public_key', r->>'secret_key_id' FROM jsonb_array_elements(" + s
                        + ".dag_response(?, 20000)->'rows') r",
                kpId);
        String pk = kp.get(0).get(0);
        String handle = kp.get(0).get(1);
        assertThat(Base64.getDecoder().decode(pk)).hasSize(QuDagCrypto.KEM_PUBLIC_KEY_BYTES);
        // a plaintext long enough that PostgreSQL's base64 breaks lines, encoded by the server
        String text = "a secret pattern note, ".repeat(20);
        long encId = pg.queryLong(
                "SELECT " + s + ".dag_request('qudag_encrypt', jsonb_build_object('plaintext',"
                        + " encode(convert_to(?, 'UTF8'), 'base64'), 'recipient_pubkey', ?::text))",
                text,
                pk);
        List<List<String>> enc = ApiFixtures.rows(
                pg,
                "SELECT r->>'ciphertext', r->>'encapsulated_key' FROM jsonb_array_elements(" + s
                        + ".dag_response(?, 20000)->'rows') r",
                encId);
        String ct = enc.get(0).get(0);
        String ek = enc.get(0).get(1);
        assertThat(Base64.getDecoder().decode(ek)).hasSize(QuDagCrypto.KEM_CIPHERTEXT_BYTES);
        long decId = pg.queryLong(
                "SELECT " + s + ".dag_request('qudag_decrypt', jsonb_build_object('ciphertext', ?::text,"
                        + " 'encapsulated_key', ?::text, 'secret_key_id', ?::text))",
                ct,
                ek,
                handle);
        List<List<String>> dec = ApiFixtures.rows(
                pg, "SELECT convert_from(decode(" + s + ".dag_response(?, 20000)->>'value', 'base64'), 'UTF8')", decId);
        assertThat(dec).containsExactly(List.of(text));

        // the secret key is in no response and in no table
        KemKeyPair held = java.util.Objects.requireNonNull(((PgQuDag) dag.crypto()).heldKey(UUID.fromString(handle)));
        byte[] sk = held.secretKey().copy();
        String skB64 = b64(sk);
        java.util.Arrays.fill(sk, (byte) 0);
        assertThat(pg.queryLong(
                        "SELECT count(*) FROM " + s + ".dag_responses WHERE strpos(result::text, ?) > 0",
                        skB64.substring(0, 64)))
                .isZero();
        assertThat(pg.queryLong("SELECT count(*) FROM " + s + ".dag_keystore")).isZero();

        byte[] ctb = Base64.getDecoder().decode(ct);
        byte[] ekb = Base64.getDecoder().decode(ek);
        UUID h = UUID.fromString(handle);
        // every 7th byte of the nonce + body, and every 31st of the encapsulated key, flipped in turn
        for (int i = 0; i < ctb.length; i += 7) {
            byte[] t = ctb.clone();
            t[i] ^= 1;
            assertThat(codeOf(() -> dag.crypto().decrypt(t, ekb, h)))
                    .as("ciphertext byte %d", i)
                    .isEqualTo(RvCode.CRYPTO_ERROR);
        }
        for (int i = 0; i < ekb.length; i += 31) {
            byte[] t = ekb.clone();
            t[i] ^= (byte) 0x80;
            assertThat(codeOf(() -> dag.crypto().decrypt(ctb, t, h)))
                    .as("encapsulated key byte %d", i)
                    .isEqualTo(RvCode.CRYPTO_ERROR);
        }
        assertThat(codeOf(() -> dag.crypto().decrypt(java.util.Arrays.copyOf(ctb, ctb.length - 1), ekb, h)))
                .isEqualTo(RvCode.CRYPTO_ERROR);
        assertThat(codeOf(() -> dag.crypto().decrypt(java.util.Arrays.copyOf(ctb, 27), ekb, h)))
                .isEqualTo(RvCode.CRYPTO_ERROR);
        assertThat(codeOf(() -> dag.crypto().decrypt(ctb, java.util.Arrays.copyOf(ekb, 1087), h)))
                .isEqualTo(RvCode.CRYPTO_ERROR);
        // another key pair's handle, and a forged handle
        UUID otherHandle = dag.crypto().generateKemKeypair().secretKeyId();
        assertThat(codeOf(() -> dag.crypto().decrypt(ctb, ekb, otherHandle))).isEqualTo(RvCode.CRYPTO_ERROR);
        assertThat(sqlState(
                        "qudag_decrypt",
                        "{\"ciphertext\": " + json(ct) + ", \"encapsulated_key\": " + json(ek)
                                + ", \"secret_key_id\": \"" + UUID.randomUUID() + "\"}"))
                .isEqualTo("RV008");
        // destroyed: the handle is gone
        assertThat(call("qudag_destroy_key", "{\"secret_key_id\": \"" + handle + "\"}"))
                .isEqualTo("{\"value\": true}");
        assertThat(held.secretKey().isDestroyed()).isTrue();
        assertThat(codeOf(() -> dag.crypto().decrypt(ctb, ekb, h))).isEqualTo(RvCode.CRYPTO_ERROR);
        assertThat(dag.crypto().destroyKey(h)).isFalse();
        assertThat(dag.crypto().destroyKey(otherHandle)).isTrue();
    }

    @Test
    @Order(7)
    void signaturesVerifyOnlyForTheirDataKeyAndTag() throws Exception {
        byte[] data = "pattern 42 is good".getBytes(StandardCharsets.UTF_8);
        String sig = String.valueOf(Json.parseObject(call("qudag_sign", "{\"data\": " + json(b64(data)) + "}"))
                .get("value"));
        byte[] sigb = Base64.getDecoder().decode(sig);
        assertThat(sigb).hasSize(QuDagCrypto.SIGNATURE_BYTES);
        byte[] pk = dag.crypto().signingPublicKey();
        assertThat(pk).isEqualTo(cluster.identity(1).publicIdentity().dsaPublicKey());
        String pkB64 = String.valueOf(
                Json.parseObject(call("qudag_signing_public_key", "{}")).get("value"));
        assertThat(pkB64).isEqualTo(b64(pk));
        assertThat(call(
                        "qudag_verify",
                        "{\"data\": " + json(b64(data)) + ", \"signature\": " + json(sig) + ", \"pubkey\": "
                                + json(pkB64) + "}"))
                .isEqualTo("{\"value\": true}");
        // a flipped bit anywhere in a sample of positions, another key, other data: false
        for (int i = 0; i < sigb.length; i += 97) {
            byte[] t = sigb.clone();
            t[i] ^= 4;
            assertThat(dag.crypto().verify(data, t, pk))
                    .as("signature byte %d", i)
                    .isFalse();
        }
        assertThat(dag.crypto()
                        .verify(data, sigb, cluster.identity(0).publicIdentity().dsaPublicKey()))
                .isFalse();
        assertThat(dag.crypto().verify("pattern 43 is good".getBytes(StandardCharsets.UTF_8), sigb, pk))
                .isFalse();
        assertThat(dag.crypto().verify(data, new byte[QuDagCrypto.SIGNATURE_BYTES], pk))
                .isFalse();
        // malformed lengths are errors, not false
        assertThat(codeOf(() -> dag.crypto().verify(data, java.util.Arrays.copyOf(sigb, 3308), pk)))
                .isEqualTo(RvCode.CRYPTO_ERROR);
        assertThat(codeOf(() -> dag.crypto().verify(data, java.util.Arrays.copyOf(sigb, 3310), pk)))
                .isEqualTo(RvCode.CRYPTO_ERROR);
        assertThat(codeOf(() -> dag.crypto().verify(data, sigb, java.util.Arrays.copyOf(pk, 100))))
                .isEqualTo(RvCode.CRYPTO_ERROR);
        // domain separation: the SQL signature is no signature of the raw data, and a raw signature
        // by the same node does not pass qudag_verify
        assertThat(QuDagCrypto.verify(pk, data, sigb)).isFalse();
        assertThat(dag.crypto().verify(data, cluster.identity(1).sign(data), pk))
                .isFalse();
    }

    @Test
    @Order(8)
    void keyHandlesAreBounded() {
        PgQuDag q = (PgQuDag) dag.crypto();
        int before = q.keyCount();
        List<UUID> made = new java.util.ArrayList<>();
        try {
            while (q.keyCount() < PgQuDag.MAX_KEYS) {
                made.add(dag.crypto().generateKemKeypair().secretKeyId());
            }
            assertThat(codeOf(() -> dag.crypto().generateKemKeypair())).isEqualTo(RvCode.INVALID_ARGUMENT);
            assertThat(q.keyCount()).isEqualTo(PgQuDag.MAX_KEYS);
        } finally {
            for (UUID u : made) {
                dag.crypto().destroyKey(u);
            }
        }
        assertThat(q.keyCount()).isEqualTo(before);
    }

    @Test
    @Order(9)
    void oversizedInputsAreRefusedBeforeAnyWork() {
        byte[] big = new byte[PgQuDag.MAX_BYTES + 1];
        byte[] pk = dag.crypto().generateKemKeypair().publicKey();
        assertThat(codeOf(() -> dag.crypto().encrypt(big, pk))).isEqualTo(RvCode.INVALID_ARGUMENT);
        assertThat(codeOf(() -> dag.crypto().sign(big))).isEqualTo(RvCode.INVALID_ARGUMENT);
        float[] nan = vector(3);
        nan[17] = Float.NaN;
        assertThat(codeOf(() -> dag.qudag().proposePattern(nan, "{}", 0))).isEqualTo(RvCode.INVALID_ARGUMENT);
        assertThat(codeOf(() -> dag.qudag().proposePattern(vector(3), "[1]", 0)))
                .isEqualTo(RvCode.INVALID_ARGUMENT);
    }
}
