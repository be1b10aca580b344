package io.neuraldag.bench;

import io.neuraldag.postgres.HintAdvisor;
import io.neuraldag.postgres.HintArm;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/* The learned chooser of dag-postgres (HintAdvisor over the planner arms) behind the runner's Chooser. */
final class LearnedChooser implements Chooser {
    private static final List<Arm> RUNNER_ARMS = Arm.plannerArms();
    private final HintAdvisor advisor;
    private final long timeoutMillis;

    LearnedChooser(HintAdvisor advisor, long timeoutMillis) {
        this.advisor = advisor;
        this.timeoutMillis = timeoutMillis;
    }

    static Chooser.Factory factory() {
        return (seed, timeout) -> new LearnedChooser(
                HintAdvisor.builder()
                        .arms(HintArm.plannerArms())
                        .seed(seed)
                        .timeoutChargeFactor(2.0)
                        .statementTimeoutMillis(timeout)
                        .build(),
                timeout);
    }

    @Override
    public Pick choose(Connection c, Instance q, boolean forceDefault) throws SQLException {
        HintAdvisor.Choice choice = advisor.choose(c, q.templateId(), q.sql(), q.binds());
        if (forceDefault && !choice.chosen().isDefault()) {
            HintAdvisor.Candidate d = choice.candidates().stream()
                    .filter(x -> x.arm().isDefault())
                    .findFirst()
                    .orElseThrow(() -> new BenchException("the advisor planned no default arm"));
            choice = new HintAdvisor.Choice(
                    choice.templateId(),
                    d.arm(),
                    d.predictedMillis(),
                    choice.candidates(),
                    choice.planningNanos(),
                    choice.guarded(),
                    choice.binds());
        }
        // the advisor's planner arms are the counterparts of the runner's, in the same order (the
        // runner names them after its oracle arms)
        List<HintArm> own = advisor.arms();
        Map<String, Double> predictions = new HashMap<>();
        if (own.size() == RUNNER_ARMS.size()) {
            for (HintAdvisor.Candidate cand : choice.candidates()) {
                int i = own.indexOf(cand.arm());
                if (i >= 0) {
                    predictions.put(RUNNER_ARMS.get(i).name(), cand.predictedMillis());
                }
            }
        }
        return new Pick(arm(choice.chosen()), choice.predictedMillis(), predictions, choice.guarded(), choice);
    }

    @Override
    public void observe(Pick pick, Exec.Result result) {
        advisor.observe(
                (HintAdvisor.Choice) pick.token(),
                result.timedOut() ? timeoutMillis : result.millis(),
                result.timedOut());
    }

    @Override
    public long retrain() {
        return advisor.retrain().nanos();
    }

    static Arm arm(HintArm h) {
        List<Map.Entry<String, String>> s =
                h.settings().stream().map(x -> Map.entry(x.name(), x.value())).toList();
        return new Arm(h.name(), s);
    }
}
