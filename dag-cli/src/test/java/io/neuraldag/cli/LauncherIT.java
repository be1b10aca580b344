package io.neuraldag.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.neuraldag.core.Operator;
import io.neuraldag.core.QueryDag;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code bin/neural-dag} as a process (after {@code package}, so the shaded jar exists and the
 * launcher does not build): JDK discovery in each of its three places, rejection of an old JDK,
 * symlinked invocation, and relative file arguments from another directory.
 */
class LauncherIT {
    private static final Path ROOT = Path.of(System.getProperty("neuraldag.repoRoot", ".."))
            .toAbsolutePath()
            .normalize();
    private static final Path LAUNCHER = ROOT.resolve("bin/neural-dag");
    private static final Path JAR = ROOT.resolve("dag-cli/target/neural-dag.jar");
    private static final Path THIS_JDK = Path.of(System.getProperty("java.home"));

    @TempDir
    Path tmp;

    record Result(int code, String out, String err) {}

    @BeforeAll
    static void jarIsBuilt() {
        assertThat(LAUNCHER).isExecutable();
        assertThat(JAR).as("the shaded jar (built in the package phase)").isRegularFile();
    }

    private static Result run(Path cwd, Map<String, String> env, List<String> command)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(cwd.toFile());
        pb.environment().remove("JAVA_HOME");
        pb.environment().remove("NEURAL_DAG_JVM_DIR");
        pb.environment().remove("NEURAL_DAG_JAVA_OPTS");
        pb.environment().remove("NEURALDAG_PG_URL");
        pb.environment().putAll(env);
        Path out = Files.createTempFile("launcher", ".out");
        Path err = Files.createTempFile("launcher", ".err");
        try {
            Process p =
                    pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("launcher finished").isTrue();
            return new Result(
                    p.exitValue(),
                    Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private Path sampleDag() throws IOException {
        QueryDag dag = new QueryDag();
        dag.addNode(0, new Operator.SeqScan("users"));
        dag.addNode(1, new Operator.Result());
        dag.addEdge(0, 1);
        Path dir = Files.createDirectories(tmp.resolve("work"));
        Files.writeString(dir.resolve("dag.json"), dag.toJson());
        return dir;
    }

    private static String pathWith(Path binDir) {
        return binDir + ":/usr/local/bin:/usr/bin:/bin";
    }

    @Test
    void relativeFileFromAnotherDirectoryWithJavaHome() throws Exception {
        Path cwd = sampleDag();
        Result r =
                run(cwd, Map.of("JAVA_HOME", THIS_JDK.toString()), List.of(LAUNCHER.toString(), "analyze", "dag.json"));
        assertThat(r.err()).isEmpty();
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("file             dag.json\n").contains("nodes            2\n");
    }

    @Test
    void readmeQuickStartCommandFromTheRepositoryRoot() throws Exception {
        Result r = run(
                ROOT,
                Map.of("JAVA_HOME", THIS_JDK.toString()),
                List.of("bin/neural-dag", "analyze", "examples/plans/05_hash_join_q3.json"));
        assertThat(r.err()).isEmpty();
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("critical path").contains("bottleneck score");
    }

    @Test
    void throughASymlinkAndJavaOnPath() throws Exception {
        Path link = Files.createSymbolicLink(tmp.resolve("nd"), LAUNCHER);
        Result r = run(
                tmp,
                Map.of("JAVA_HOME", "/nonexistent", "PATH", pathWith(THIS_JDK.resolve("bin"))),
                List.of(link.toString(), "--version"));
        assertThat(r.err()).isEmpty();
        assertThat(r.code()).isZero();
        assertThat(r.out().strip()).isEqualTo("neural-dag " + NeuralDagCli.Version.version());
    }

    @Test
    void fallsBackToTheNewestJdkInTheJvmDirectory() throws Exception {
        Path jvms = Files.createDirectories(tmp.resolve("jvm"));
        Files.createSymbolicLink(jvms.resolve("this-jdk"), THIS_JDK);
        Path old = jvms.resolve("old-jdk");
        fakeJava(Files.createDirectories(old.resolve("bin")), "1.8.0_392");
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        fakeJava(bin, "17.0.15");
        Result r = run(
                tmp,
                Map.of("PATH", pathWith(bin), "NEURAL_DAG_JVM_DIR", jvms.toString(), "JAVA_HOME", old.toString()),
                List.of(LAUNCHER.toString(), "--version"));
        assertThat(r.err()).isEmpty();
        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith("neural-dag ");
    }

    @Test
    void noSuitableJdkExitsWithTwoAndOneLine() throws Exception {
        Path jvms = Files.createDirectories(tmp.resolve("jvm"));
        fakeJava(Files.createDirectories(jvms.resolve("jdk-17/bin")), "17.0.2");
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        fakeJava(bin, "11.0.21");
        Result r = run(
                tmp,
                Map.of("PATH", pathWith(bin), "NEURAL_DAG_JVM_DIR", jvms.toString()),
                List.of(LAUNCHER.toString(), "--version"));
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).startsWith("neural-dag: no JDK 21 or newer found");
    }

    @Test
    void badInputThroughTheLauncher() throws Exception {
        Result r = run(
                tmp, Map.of("JAVA_HOME", THIS_JDK.toString()), List.of(LAUNCHER.toString(), "analyze", "missing.json"));
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("neural-dag: missing.json: no such file\n");
    }

    @Test
    void pgWithoutUrlExitsWithTwoAndOneLine() throws Exception {
        Result r = run(tmp, Map.of("JAVA_HOME", THIS_JDK.toString()), List.of(LAUNCHER.toString(), "pg", "status"));
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err())
                .isEqualTo("neural-dag: pg: no database URL: set NEURALDAG_PG_URL or pass --url"
                        + " jdbc:postgresql://HOST:PORT/DB\n");
    }

    @Test
    void pgAnalyzeWithTheUrlFromTheEnvironment() throws Exception {
        String url = io.neuraldag.postgres.PgConnections.url();
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(
                url, io.neuraldag.postgres.PgConnections.user(), System.getenv("NEURALDAG_PG_PASSWORD"))) {
            assertThat(c.isValid(2)).isTrue();
        } catch (java.sql.SQLException e) {
            org.junit.jupiter.api.Assumptions.assumeFalse(
                    "true".equalsIgnoreCase(System.getenv("CI")), "CI=true: a database is required");
            org.junit.jupiter.api.Assumptions.abort("no PostgreSQL reachable at " + url + ": " + e.getMessage());
        }
        Result r = run(
                tmp,
                Map.of("JAVA_HOME", THIS_JDK.toString(), "NEURALDAG_PG_URL", url),
                List.of(
                        LAUNCHER.toString(),
                        "pg",
                        "analyze",
                        "SELECT g FROM generate_series(1, 10) g ORDER BY g DESC"));
        assertThat(r.err()).isEmpty();
        assertThat(r.code()).isZero();
        assertThat(r.out())
                .contains("nodes            2\n")
                .containsPattern("(?m)^0\\s+Sort\\s")
                .contains("Result");
    }

    /** A stand-in "java" that only answers -version, like the given release would. */
    private static void fakeJava(Path binDir, String version) throws IOException {
        Path java = binDir.resolve("java");
        Files.writeString(
                java,
                "#!/bin/sh\necho 'openjdk version \"" + version + "\" 2024-01-16' >&2\nexit 0\n",
                StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
