package io.neuraldag.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.neuraldag.qudag.InMemoryNetwork;
import io.neuraldag.qudag.SnowballParams;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/*
 * "neural-dag qudag simulate": runs QudagSimulation with the validated options and prints the
 * rounds to finality, the message counters, the decisions of the honest nodes, whether safety and
 * validity held, and what the honest nodes' reasoning banks received, as text or JSON. The output
 * depends only on the options (no wall-clock time is printed), so a run can be replayed. With
 * f >= n/3 Byzantine nodes the run goes ahead, and the report says that safety is not guaranteed.
 */
@Command(
        name = "simulate",
        mixinStandardHelpOptions = true,
        versionProvider = NeuralDagCli.Version.class,
        sortOptions = false,
        usageHelpAutoWidth = true,
        header = "Run Snowball consensus on a seeded in-memory network and report what happened.",
        description = {
            "Starts NODES simulated nodes (real ML-DSA signatures, ML-KEM envelopes, validation and Snowball"
                    + " votes; only the wire is simulated, on a virtual clock). The last BYZANTINE nodes"
                    + " misbehave. Node 0 proposes a valid pattern (quality 0.9) and node 1 a low-quality one"
                    + " (quality 0.0); rounds run until every honest node has decided both or MAX rounds have"
                    + " passed. Each honest node then syncs the finalized patterns into its own SONA reasoning"
                    + " bank.",
            "",
            "Prints the rounds to finality, messages sent, delivered and dropped, the honest nodes' decisions,"
                    + " and whether safety held (no two honest nodes decided a proposal differently). Safety is"
                    + " guaranteed only for fewer than NODES/3 Byzantine nodes. Equal options give equal output.",
            ""
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:simulation run (whatever its outcome)", "1:internal error", "2:invalid option value"},
        footer = "")
final class QudagSimulateCommand implements Callable<Integer> {
    /** Output formats of this command. */
    enum Format {
        TEXT,
        JSON
    }

    private static final JsonFactory JSON = JsonFactory.builder().build();

    @Option(
            names = "--nodes",
            paramLabel = "NODES",
            defaultValue = "7",
            description = "network size n, 2..1000; default: 7")
    private int nodes = 7;

    @Option(
            names = "--byzantine",
            paramLabel = "BYZANTINE",
            defaultValue = "0",
            description = "Byzantine nodes f, 0..n-1 (the highest indices); default: 0")
    private int byzantine;

    @Option(
            names = "--behavior",
            paramLabel = "KIND",
            defaultValue = "mixed",
            description = "how Byzantine nodes misbehave: flip, equivocate, forge, replay, or mixed (in turn);"
                    + " default: mixed")
    private QudagSimulation.Behavior behavior = QudagSimulation.Behavior.MIXED;

    @Option(
            names = "--drop",
            paramLabel = "P",
            defaultValue = "0",
            description = "probability that a message is lost, [0, 1); default: 0")
    private double drop;

    @Option(names = "--seed", paramLabel = "SEED", defaultValue = "1", description = "simulation seed; default: 1")
    private long seed = 1;

    @Option(
            names = "--preset",
            paramLabel = "PRESET",
            defaultValue = "default",
            description = "Snowball preset: default (k 20, alpha 12, beta 15, 100 rounds), fast (15/9/8/50)"
                    + " or high-security (30/21/25/200); k is capped at n-1; default: default")
    private String preset = "default";

    @Option(
            names = "--max-rounds",
            paramLabel = "MAX",
            description = "rounds to run at most, 1..100000; default: the preset's maxRounds")
    private @Nullable Integer maxRounds;

    @Option(
            names = "--min-validators",
            paramLabel = "V",
            description = "distinct validators a decision needs, 1..n-1, capped at n-1-floor((n-1)/3);"
                    + " default: min(5, n-1-f), so that the"
                    + " honest peers alone can reach it")
    private @Nullable Integer minValidators;

    @Option(
            names = "--format",
            paramLabel = "FORMAT",
            defaultValue = "text",
            description = "output format: text or json; default: text")
    private Format format = Format.TEXT;

    @Spec
    @SuppressWarnings("NullAway.Init") // injected by picocli before call()
    private CommandSpec spec;

    @Override
    public Integer call() {
        QudagSimulation.Params params = params();
        QudagSimulation.Result result = QudagSimulation.run(params);
        String report = switch (format) {
            case TEXT -> text(result);
            case JSON -> json(result);
        };
        PrintWriter out = spec.commandLine().getOut();
        out.print(report);
        out.flush();
        return 0;
    }

    /* Validates every option before anything runs; a bad value is one line and exit code 2. */
    QudagSimulation.Params params() {
        if (nodes < 2 || nodes > 1000) {
            throw new CliException("--nodes", "must be in [2, 1000]: " + nodes);
        }
        if (byzantine < 0 || byzantine > nodes - 1) {
            throw new CliException(
                    "--byzantine", "must be in [0, " + (nodes - 1) + "] (at least one honest node): " + byzantine);
        }
        if (!(drop >= 0 && drop < 1)) {
            throw new CliException("--drop", "must be a probability in [0, 1): " + drop);
        }
        SnowballParams snowball = switch (preset.strip().toLowerCase(Locale.ROOT)) {
            case "default" -> SnowballParams.defaults();
            case "fast" -> SnowballParams.fast();
            case "high-security", "high_security" -> SnowballParams.highSecurity();
            default -> throw new CliException("--preset", "must be default, fast or high-security: " + preset);
        };
        Integer mr = maxRounds;
        int rounds = mr == null ? snowball.maxRounds() : mr;
        if (rounds < 1 || rounds > 100_000) {
            throw new CliException("--max-rounds", "must be in [1, 100000]: " + rounds);
        }
        Integer mv = minValidators;
        int validators = mv == null ? Math.max(1, Math.min(5, nodes - 1 - byzantine)) : mv;
        if (validators < 1 || validators > nodes - 1) {
            throw new CliException("--min-validators", "must be in [1, " + (nodes - 1) + "]: " + validators);
        }
        return new QudagSimulation.Params(
                nodes,
                byzantine,
                behavior,
                drop,
                seed,
                preset.strip().toLowerCase(Locale.ROOT).replace('_', '-'),
                snowball,
                rounds,
                validators);
    }

    private static String warning(QudagSimulation.Params p) {
        return p.byzantine() + " of " + p.nodes() + " nodes are Byzantine (f >= n/3): safety is not guaranteed";
    }

    private static String behaviors(Map<Integer, InMemoryNetwork.Byzantine> byz) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<Integer, InMemoryNetwork.Byzantine> e : new TreeMap<>(byz).entrySet()) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(e.getKey()).append(' ').append(e.getValue().name().toLowerCase(Locale.ROOT));
        }
        return sb.toString();
    }

    /* Three significant digits, without exponent down to 1e-4. */
    private static String significant(double v) {
        return v == 0 || v >= 1e-4
                ? new java.math.BigDecimal(v)
                        .round(new java.math.MathContext(3))
                        .stripTrailingZeros()
                        .toPlainString()
                : String.format(Locale.ROOT, "%.2e", v);
    }

    static String text(QudagSimulation.Result r) {
        QudagSimulation.Params p = r.params();
        SnowballParams s = p.effective();
        String nl = System.lineSeparator();
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(
                Locale.ROOT,
                "qudag simulate: %d nodes, %d Byzantine%s, drop %s, seed %d%n",
                p.nodes(),
                p.byzantine(),
                p.byzantine() == 0 ? "" : " (" + behaviors(r.byzantineNodes()) + ")",
                Numbers.rounded(p.drop()),
                p.seed()));
        sb.append(String.format(
                Locale.ROOT,
                "snowball: preset %s, k %d, alpha %d, beta %d, max rounds %d, round %d ms, retries %d,"
                        + " min validators %d%n",
                p.preset(),
                s.k(),
                s.alpha(),
                s.beta(),
                p.maxRounds(),
                s.roundTimeout().toMillis(),
                s.maxRetries(),
                p.effectiveMinValidators()));
        if (!p.safetyGuaranteed()) {
            sb.append("warning: ").append(warning(p)).append(nl);
        }
        sb.append(nl);
        sb.append("proposal     proposer  expected   finalized  rejected  undecided  decided in rounds")
                .append(nl);
        for (QudagSimulation.ProposalOutcome o : r.proposals()) {
            sb.append(String.format(
                    Locale.ROOT,
                    "%-11s  %8s  %-9s  %9d  %8d  %9d  %s%n",
                    o.name(),
                    "node " + o.proposer(),
                    o.expected().name().toLowerCase(Locale.ROOT),
                    o.finalized(),
                    o.rejected(),
                    o.undecided(),
                    o.firstDecisionRound() < 0 ? "-" : o.firstDecisionRound() + ".." + o.lastDecisionRound()));
        }
        sb.append(nl);
        if (r.roundsToFinality() >= 0) {
            sb.append(String.format(
                    Locale.ROOT,
                    "rounds to finality: %d (virtual time %s s), %d rounds run%n",
                    r.roundsToFinality(),
                    Numbers.rounded(r.virtualMillisToFinality() / 1000.0),
                    r.roundsRun()));
        } else {
            sb.append(String.format(
                    Locale.ROOT,
                    "rounds to finality: not reached in %d rounds (some honest node undecided)%n",
                    r.roundsRun()));
            sb.append(String.format(
                    Locale.ROOT,
                    "note: a poll of %d peers gets at least alpha %d answers with probability %s at drop %s"
                            + " (query and answer, %d retries), %d such polls in a row with probability %s%n",
                    s.k(),
                    s.alpha(),
                    significant(r.pollSuccess()),
                    Numbers.rounded(p.drop()),
                    s.maxRetries(),
                    s.beta(),
                    significant(Math.pow(r.pollSuccess(), s.beta()))));
        }
        sb.append(String.format(
                Locale.ROOT,
                "messages: %d sent, %d delivered, %d dropped (%s %%)%n",
                r.sent(),
                r.delivered(),
                r.dropped(),
                r.sent() == 0 ? "0" : Numbers.rounded(Math.round(1000.0 * r.dropped() / r.sent()) / 10.0)));
        sb.append(String.format(
                Locale.ROOT,
                "flagged Byzantine by honest nodes: %d of %d Byzantine, %d honest%n",
                r.byzantineFlagged(),
                p.byzantine(),
                r.honestFlagged()));
        sb.append("safety: ")
                .append(r.safetyHeld() ? "held" : "VIOLATED")
                .append(" (no two honest nodes decided a proposal differently")
                .append(r.safetyHeld() ? ")" : ": they did)")
                .append(nl);
        sb.append("validity: ")
                .append(r.validityHeld() ? "held" : "VIOLATED")
                .append(" (no honest node finalized the low-quality proposal or rejected the valid one)")
                .append(nl);
        sb.append(String.format(
                Locale.ROOT,
                "reasoning banks: valid pattern synced into %d of %d honest nodes, found by querySimilar at %d%n",
                r.banksSynced(),
                r.honestNodes(),
                r.banksFound()));
        return sb.toString();
    }

    static String json(QudagSimulation.Result r) {
        QudagSimulation.Params p = r.params();
        SnowballParams s = p.effective();
        StringWriter w = new StringWriter(2048);
        try (JsonGenerator g = JSON.createGenerator(w)) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeNumberField("nodes", p.nodes());
            g.writeNumberField("byzantine", p.byzantine());
            g.writeStringField("behavior", p.behavior().name().toLowerCase(Locale.ROOT));
            g.writeArrayFieldStart("byzantine_nodes");
            for (Map.Entry<Integer, InMemoryNetwork.Byzantine> e : new TreeMap<>(r.byzantineNodes()).entrySet()) {
                g.writeStartObject();
                g.writeNumberField("index", e.getKey());
                g.writeStringField("behavior", e.getValue().name().toLowerCase(Locale.ROOT));
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeNumberField("drop", p.drop());
            g.writeNumberField("seed", p.seed());
            g.writeObjectFieldStart("snowball");
            g.writeStringField("preset", p.preset());
            g.writeNumberField("k", s.k());
            g.writeNumberField("alpha", s.alpha());
            g.writeNumberField("beta", s.beta());
            g.writeNumberField("max_rounds", p.maxRounds());
            g.writeNumberField("round_timeout_ms", s.roundTimeout().toMillis());
            g.writeNumberField("max_retries", s.maxRetries());
            g.writeNumberField("min_validators", p.effectiveMinValidators());
            g.writeEndObject();
            g.writeBooleanField("safety_guaranteed", p.safetyGuaranteed());
            if (!p.safetyGuaranteed()) {
                g.writeStringField("warning", warning(p));
            }
            g.writeNumberField("poll_success_probability", r.pollSuccess());
            g.writeNumberField("rounds_run", r.roundsRun());
            if (r.roundsToFinality() >= 0) {
                g.writeNumberField("rounds_to_finality", r.roundsToFinality());
                g.writeNumberField("virtual_ms_to_finality", r.virtualMillisToFinality());
            } else {
                g.writeNullField("rounds_to_finality");
                g.writeNullField("virtual_ms_to_finality");
            }
            g.writeObjectFieldStart("messages");
            g.writeNumberField("sent", r.sent());
            g.writeNumberField("delivered", r.delivered());
            g.writeNumberField("dropped", r.dropped());
            g.writeEndObject();
            g.writeArrayFieldStart("proposals");
            for (QudagSimulation.ProposalOutcome o : r.proposals()) {
                g.writeStartObject();
                g.writeStringField("name", o.name());
                g.writeNumberField("proposer", o.proposer());
                g.writeStringField("expected", o.expected().name().toLowerCase(Locale.ROOT));
                g.writeNumberField("finalized", o.finalized());
                g.writeNumberField("rejected", o.rejected());
                g.writeNumberField("undecided", o.undecided());
                if (o.firstDecisionRound() >= 0) {
                    g.writeNumberField("first_decision_round", o.firstDecisionRound());
                    g.writeNumberField("last_decision_round", o.lastDecisionRound());
                }
                g.writeBooleanField("agreed", o.agreed());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeBooleanField("safety_held", r.safetyHeld());
            g.writeBooleanField("validity_held", r.validityHeld());
            g.writeObjectFieldStart("flagged_byzantine");
            g.writeNumberField("byzantine", r.byzantineFlagged());
            g.writeNumberField("honest", r.honestFlagged());
            g.writeEndObject();
            g.writeObjectFieldStart("reasoning_banks");
            g.writeNumberField("honest_nodes", r.honestNodes());
            g.writeNumberField("synced", r.banksSynced());
            g.writeNumberField("found", r.banksFound());
            g.writeEndObject();
            g.writeEndObject();
        } catch (IOException e) {
            // a StringWriter does not fail
            throw new UncheckedIOException(e);
        }
        return w.append(System.lineSeparator()).toString();
    }
}
