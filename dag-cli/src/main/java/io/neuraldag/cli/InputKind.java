package io.neuraldag.cli;

/* The input formats the command reads, with the name a report shows and the key JSON output uses. */
enum InputKind {
    CANONICAL("canonical", "neural-dag JSON"),
    BENCH("bench", "benchmark JSON"),
    UPSTREAM("upstream", "upstream JSON"),
    FIXTURE("fixture", "fixture JSON"),
    POSTGRES_EXPLAIN("postgres_explain", "PostgreSQL EXPLAIN JSON");

    private final String key;
    private final String displayName;

    InputKind(String key, String displayName) {
        this.key = key;
        this.displayName = displayName;
    }

    String key() {
        return key;
    }

    String displayName() {
        return displayName;
    }
}
