package io.neuraldag.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/*
 * A planner hint set: settings applied with set_config(..., is_local => true) in the query's
 * transaction. The runner's own copy of the arms, so the oracle and the baselines do not depend on
 * the chooser under test.
 */
record Arm(String name, List<Map.Entry<String, String>> settings) {

    Arm {
        settings = List.copyOf(settings);
    }

    boolean isDefault() {
        return settings.isEmpty();
    }

    void applyLocal(Connection c) throws SQLException {
        for (Map.Entry<String, String> s : settings) {
            try (PreparedStatement ps = c.prepareStatement("SELECT set_config(?, ?, true)")) {
                ps.setString(1, s.getKey());
                ps.setString(2, s.getValue());
                ps.execute();
            }
        }
    }

    /* The planner arms of issue 8: all on, and four combinations of switched-off join and scan methods. */
    static List<Arm> plannerArms() {
        Map.Entry<String, String> noNest = Map.entry("enable_nestloop", "off");
        Map.Entry<String, String> noIndex = Map.entry("enable_indexscan", "off");
        Map.Entry<String, String> noMerge = Map.entry("enable_mergejoin", "off");
        return List.of(
                new Arm("default", List.of()),
                new Arm("no_nestloop", List.of(noNest)),
                new Arm("no_index_no_merge", List.of(noIndex, noMerge)),
                new Arm("no_nestloop_index_merge", List.of(noNest, noIndex, noMerge)),
                new Arm("no_mergejoin", List.of(noMerge)));
    }
}
