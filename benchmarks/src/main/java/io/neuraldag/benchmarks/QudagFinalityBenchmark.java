package io.neuraldag.benchmarks;

import io.neuraldag.qudag.ConsensusStatus;
import io.neuraldag.qudag.InMemoryNetwork;
import io.neuraldag.qudag.NodeIdentity;
import io.neuraldag.qudag.PatternProposal;
import io.neuraldag.qudag.PrivacyParams;
import io.neuraldag.qudag.QuDagClient;
import io.neuraldag.qudag.QudagConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Wall time of one proposal's way to finality on a 7-node {@link InMemoryNetwork}: a new network
 * (its network key derived from the seed; the 7 node identities made once per trial), node 0
 * proposes a 256-float pattern of 500 members (differential privacy, ML-DSA signature, ML-KEM
 * envelope), and Snowball rounds (default preset: k 6, alpha 4, beta 15) run until every honest
 * node has decided. Every invocation uses the next seed. The auxiliary counters {@code rounds} and
 * {@code runs} sum the virtual rounds to the last honest decision and the runs, per iteration:
 * rounds ÷ runs is the mean number of virtual rounds (100 ms of virtual time each).
 *
 * <ul>
 *   <li>{@code none}: 7 honest nodes, no loss;
 *   <li>{@code byzantine2}: nodes 5 and 6 flip and equivocate, no loss, minValidators 4 (the honest
 *       peers of a node once both are excluded).
 * </ul>
 *
 * <p>Run (repository root, after {@code ./mvnw -B -pl benchmarks -am package -DskipTests}):
 *
 * <pre>{@code
 * java -jar benchmarks/target/benchmarks.jar -f 1 -wi 3 -w 1s -i 5 -r 1s -tu ms -bm avgt QudagFinalityBenchmark
 * }</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
@SuppressWarnings("NullAway.Init") // JMH fills the fields in @Setup before any benchmark runs
public class QudagFinalityBenchmark {
    /** Fault scenario: {@code none} or {@code byzantine2}. */
    @Param({"none", "byzantine2"})
    public String faults;

    private List<NodeIdentity> identities;
    private float[] vector;
    private long seed;

    /** Virtual rounds to finality, summed per iteration, and the number of runs. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Rounds {
        /** Sum of the virtual rounds to the last honest decision. */
        public long rounds;

        /** Runs counted. */
        public long runs;

        /** Undecided runs (should stay 0). */
        public long undecided;

        /** Clears the counters before each iteration. */
        @Setup(Level.Iteration)
        public void clear() {
            rounds = 0;
            runs = 0;
            undecided = 0;
        }
    }

    /** Makes the identities and the pattern once. */
    @Setup(Level.Trial)
    public void setUp() {
        identities = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            identities.add(NodeIdentity.fromSeed(70_000 + i));
        }
        SplittableRandom r = new SplittableRandom(7);
        vector = new float[256];
        for (int i = 0; i < vector.length; i++) {
            vector[i] = (float) r.nextGaussian();
        }
    }

    /**
     * One proposal from submission to the last honest node's decision.
     *
     * @param counters the round counters
     * @return the rounds to finality
     */
    @Benchmark
    public long proposalToFinality(Rounds counters) {
        InMemoryNetwork.Config cfg = InMemoryNetwork.Config.of(7, ++seed).withIdentities(identities);
        if (faults.equals("byzantine2")) {
            cfg = cfg.withQudag(QudagConfig.builder().minValidators(4).build())
                    .withByzantine(Map.of(
                            5, InMemoryNetwork.Byzantine.EQUIVOCATE,
                            6, InMemoryNetwork.Byzantine.FLIP));
        }
        try (InMemoryNetwork net = InMemoryNetwork.create(cfg)) {
            QuDagClient client = QuDagClient.connect(net.transport(0), net.identity(0));
            String id = client.proposePattern(PatternProposal.of(vector, 500, 0.9, Map.of(), PrivacyParams.defaults()))
                    .join();
            net.runUntilQuiet(100);
            long last = -1;
            for (int i = 0; i < net.size(); i++) {
                if (net.isByzantine(i)) {
                    continue;
                }
                var s = net.state(i, id);
                if (s.status() != ConsensusStatus.FINALIZED) {
                    counters.undecided++;
                }
                last = Math.max(last, s.finalizedRound());
            }
            counters.rounds += last;
            counters.runs++;
            return last;
        }
    }
}
