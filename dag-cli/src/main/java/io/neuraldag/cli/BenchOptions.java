package io.neuraldag.cli;

import java.nio.file.Path;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/* The options every bench command shares (a picocli mixin): the seed, the output directory and the server. */
final class BenchOptions {

    @Option(names = "--seed", paramLabel = "SEED", defaultValue = "42", description = "seed; default: 42")
    long seed = 42;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            defaultValue = "corr-bench",
            description = "directory for the report files; default: corr-bench")
    Path out = Path.of("corr-bench");

    @Option(
            names = "--url",
            paramLabel = "JDBC_URL",
            description =
                    "server; default: $NEURALDAG_PG_URL, else" + " jdbc:postgresql://127.0.0.1:5432/test?user=postgres")
    @Nullable
    String url;

    /** The JDBC URL: --url, else $NEURALDAG_PG_URL, else the local test database. */
    String jdbc(Map<String, String> env) {
        return BenchCommand.url(url, env);
    }
}
