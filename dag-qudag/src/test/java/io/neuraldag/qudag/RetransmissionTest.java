package io.neuraldag.qudag;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Retransmitted poll answers: a voter is counted once per round however many of its answers
 * arrive, answers from peers outside the sample never count, two different signed answers from one
 * voter in one round flag it, and the effective quorum follows the effective sample.
 */
class RetransmissionTest {
    /* A 7-node network (no rounds run) with one valid proposal admitted at every node. */
    private static InMemoryNetwork network(List<String> proposalId) {
        InMemoryNetwork net = InMemoryNetwork.create(InMemoryNetwork.Config.of(7, 11));
        QuDagClient c = QuDagClient.connect(net.transport(0), net.identity(0));
        String id = c.proposePattern(
                        PatternProposal.of(AcceptanceFlow.vector(1), 100, 0.9, Map.of(), PrivacyParams.defaults()))
                .join();
        SignedEnvelope env = net.node(0).undecided().get(0);
        for (int j = 1; j < 7; j++) {
            assertThat(net.node(j).answerPoll(env)).isNotNull();
        }
        proposalId.add(id);
        return net;
    }

    private static QuDagNode.Answer answer(InMemoryNetwork net, int j, String id) {
        Vote v = net.node(j).ownVote(id);
        assertThat(v).isNotNull();
        return new QuDagNode.Answer(net.identity(j).nodeId(), java.util.Objects.requireNonNull(v));
    }

    private static List<String> ids(InMemoryNetwork net, int... js) {
        List<String> out = new ArrayList<>();
        for (int j : js) {
            out.add(net.identity(j).nodeId());
        }
        return out;
    }

    @Test
    void aVoterAnsweringEveryTryCountsOnce() {
        List<String> pid = new ArrayList<>();
        try (InMemoryNetwork net = network(pid)) {
            String id = pid.get(0);
            QuDagNode node = net.node(0);
            // k_eff = 6, alpha 4: three voters answering four tries each are still three votes
            List<QuDagNode.Answer> answers = new ArrayList<>();
            for (int t = 0; t <= 3; t++) {
                for (int j = 1; j <= 3; j++) {
                    answers.add(answer(net, j, id));
                }
            }
            assertThat(node.applyRound(id, ids(net, 1, 2, 3, 4, 5, 6), answers)).isNull();
            ProposalState s = node.state(id);
            assertThat(s.votesFor()).isEqualTo(3);
            assertThat(s.distinctValidators()).isZero(); // 3 < alpha 4: no successful round
            // a fourth distinct voter makes the round succeed; duplicates still add nothing
            answers.add(answer(net, 4, id));
            answers.add(answer(net, 4, id));
            node.applyRound(id, ids(net, 1, 2, 3, 4, 5, 6), answers);
            assertThat(node.state(id).votesFor()).isEqualTo(4);
            assertThat(node.state(id).distinctValidators()).isEqualTo(4);
            assertThat(node.byzantine()).isEmpty();
        }
    }

    @Test
    void answersFromPeersOutsideTheSampleAreIgnored() {
        List<String> pid = new ArrayList<>();
        try (InMemoryNetwork net = network(pid)) {
            String id = pid.get(0);
            QuDagNode node = net.node(0);
            List<QuDagNode.Answer> answers = new ArrayList<>();
            for (int j = 1; j <= 6; j++) {
                answers.add(answer(net, j, id));
            }
            // only 1 and 2 were sampled (k_eff 2, alpha_eff 2)
            node.applyRound(id, ids(net, 1, 2), answers);
            assertThat(node.state(id).votesFor()).isEqualTo(2);
            assertThat(node.state(id).distinctValidators()).isEqualTo(2);
            assertThat(node.isExcluded(net.identity(5).nodeId())).isFalse();
        }
    }

    @Test
    void twoDifferentAnswersFromOneVoterInOneRoundFlagItAndCountNeither() {
        List<String> pid = new ArrayList<>();
        try (InMemoryNetwork net = network(pid)) {
            String id = pid.get(0);
            QuDagNode node = net.node(0);
            List<QuDagNode.Answer> answers = new ArrayList<>();
            for (int j = 1; j <= 4; j++) {
                answers.add(answer(net, j, id));
            }
            // voter 4's retransmitted answer says the opposite, validly signed
            answers.add(new QuDagNode.Answer(net.identity(4).nodeId(), Vote.sign(net.identity(4), id, false)));
            node.applyRound(id, ids(net, 1, 2, 3, 4, 5, 6), answers);
            assertThat(node.byzantine()).containsExactly(net.identity(4).nodeId());
            assertThat(node.state(id).votesFor()).isEqualTo(3);
            assertThat(node.state(id).votesAgainst()).isZero();
            assertThat(node.state(id).distinctValidators()).isZero();
        }
    }

    @Test
    void aShrunkSampleNeedsAStrictMajorityOfItself() {
        List<String> pid = new ArrayList<>();
        try (InMemoryNetwork net = network(pid)) {
            String id = pid.get(0);
            QuDagNode node = net.node(0);
            // 4 candidates left: alpha_eff = 3; two agreeing answers are not enough, three are
            node.applyRound(id, ids(net, 1, 2, 3, 4), List.of(answer(net, 1, id), answer(net, 2, id)));
            assertThat(node.state(id).distinctValidators()).isZero();
            node.applyRound(
                    id, ids(net, 1, 2, 3, 4), List.of(answer(net, 1, id), answer(net, 2, id), answer(net, 3, id)));
            assertThat(node.state(id).distinctValidators()).isEqualTo(3);
            assertThat(node.sampleSize(4)).isEqualTo(4);
            assertThat(node.sampleSize(100)).isEqualTo(6);
            assertThat(node.minValidators()).isEqualTo(4);
        }
    }

    @Test
    void lossyRoundsRetransmitAndEveryHonestNodeDecides() {
        try (InMemoryNetwork lossy =
                        InMemoryNetwork.create(InMemoryNetwork.Config.of(7, 21).withDropRate(0.2));
                InMemoryNetwork single = InMemoryNetwork.create(InMemoryNetwork.Config.of(7, 21)
                        .withDropRate(0.2)
                        .withQudag(QudagConfig.builder()
                                .snowball(SnowballParams.defaults().withMaxRetries(0))
                                .build()))) {
            long[] rounds = new long[2];
            long[] sent = new long[2];
            int k = 0;
            for (InMemoryNetwork net : List.of(lossy, single)) {
                QuDagClient c = QuDagClient.connect(net.transport(0), net.identity(0));
                String id = c.proposePattern(PatternProposal.of(
                                AcceptanceFlow.vector(2), 100, 0.9, Map.of(), PrivacyParams.defaults()))
                        .join();
                rounds[k] = net.runUntilQuiet(100);
                sent[k] = net.stats().sent();
                if (k == 0) {
                    for (int i = 0; i < 7; i++) {
                        assertThat(net.state(i, id).status()).isEqualTo(ConsensusStatus.FINALIZED);
                    }
                }
                k++;
            }
            // without retransmission the same loss stalls every node for all 100 rounds
            assertThat(rounds[0]).isLessThan(100);
            assertThat(rounds[1]).isEqualTo(100);
            assertThat(sent[0]).isPositive();
        }
    }
}
