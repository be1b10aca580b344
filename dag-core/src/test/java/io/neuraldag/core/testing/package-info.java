/**
 * Shared test fixtures for every neural-dag module, shipped in dag-core's {@code test-jar}:
 * {@link io.neuraldag.core.testing.RandomDags} (seeded random DAG families for property tests),
 * {@link io.neuraldag.core.testing.TestDags} (the fixed plans of the M1 complexity levels) and
 * {@link io.neuraldag.core.testing.DagOracles} (brute-force reference algorithms to check results
 * against).
 *
 * <p>Use from another module with
 * {@code <dependency><groupId>io.neuraldag</groupId><artifactId>dag-core</artifactId>
 * <type>test-jar</type><scope>test</scope></dependency>}.
 */
@NullMarked
package io.neuraldag.core.testing;

import org.jspecify.annotations.NullMarked;
