package io.neuraldag.core.plan;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The real PostgreSQL 15 plans of {@code examples/plans/} at the repository root.
 *
 * <p>Surefire runs with the module directory ({@code dag-core/}) as working directory, so the
 * examples are read from {@code ../examples/plans/}. That holds for the reactor build and for {@code
 * -pl dag-core}; a build that starts elsewhere can point {@code neuraldag.examples} at the folder.
 */
final class ExamplePlans {
    static final Path DIR = Path.of(System.getProperty("neuraldag.examples", "../examples/plans"));

    private ExamplePlans() {}

    /** File names of all example plans, sorted. */
    static List<String> names() {
        try (Stream<Path> files = Files.list(DIR)) {
            List<String> names = new ArrayList<>();
            files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".json"))
                    .sorted()
                    .forEach(names::add);
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + DIR.toAbsolutePath(), e);
        }
    }

    /** The JSON text of one example, by file name or by its two-digit prefix ("05"). */
    static String read(String nameOrNumber) {
        String name = nameOrNumber;
        if (nameOrNumber.length() == 2) {
            name = names().stream()
                    .filter(n -> n.startsWith(nameOrNumber + "_"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no example " + nameOrNumber));
        }
        try {
            return Files.readString(DIR.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ImportedPlan load(String nameOrNumber) {
        return PostgresPlans.fromExplainJson(read(nameOrNumber));
    }
}
