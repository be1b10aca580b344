package io.neuraldag.bench;

import java.util.List;

/* One query instance: a template's SQL with its bind values; trap says the parameters were drawn from the trap half. */
record Instance(String templateId, String sql, List<Object> binds, boolean trap) {
    Instance {
        binds = List.copyOf(binds);
    }

    /* Identifies the instance: same template and binds, same query. */
    String key() {
        return templateId + binds;
    }
}
