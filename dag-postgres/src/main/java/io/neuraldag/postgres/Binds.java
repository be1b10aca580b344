package io.neuraldag.postgres;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/*
 * The parameter values of a prepared statement, recorded as they are set so that the capture can
 * replay them on its EXPLAIN. A value the wrapper cannot replay (a stream, a reader, a LOB) marks
 * the binds opaque until clearParameters(): such executions are not captured.
 */
final class Binds {
    private PlanExplainer.@Nullable Binder[] slots = new PlanExplainer.Binder[8];
    private int max;
    private boolean opaque;

    void set(int index, PlanExplainer.Binder b) {
        if (index < 1 || index > 65_535) {
            opaque = true;
            return;
        }
        if (index > slots.length) {
            slots = Arrays.copyOf(slots, Math.max(index, slots.length * 2));
        }
        slots[index - 1] = b;
        max = Math.max(max, index);
    }

    void opaque() {
        opaque = true;
    }

    void clear() {
        Arrays.fill(slots, 0, max, null);
        max = 0;
        opaque = false;
    }

    /** A binder replaying every recorded value, or null when that is not possible. */
    PlanExplainer.@Nullable Binder replay() {
        if (opaque) {
            return null;
        }
        PlanExplainer.Binder[] copy = new PlanExplainer.Binder[max];
        for (int i = 0; i < max; i++) {
            PlanExplainer.Binder b = slots[i];
            if (b == null) {
                return null; // a gap: the driver would reject the execution anyway
            }
            copy[i] = b;
        }
        return ps -> {
            for (PlanExplainer.Binder b : copy) {
                b.bind(ps);
            }
        };
    }

    static final PlanExplainer.Binder NONE = ps -> {};

    static void bindAll(PreparedStatement ps, PlanExplainer.Binder b) throws SQLException {
        b.bind(ps);
    }
}
