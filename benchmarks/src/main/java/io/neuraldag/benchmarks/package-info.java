/**
 * JMH benchmarks of neural-dag on the four shared benchmark DAGs (10, 100, 500 and 1000 nodes).
 * Build and run from the repository root:
 *
 * <pre>{@code
 * ./mvnw -B -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar -f 1 -wi 3 -w 1s -i 5 -r 1s -tu us -bm avgt 'Core.*'
 * }</pre>
 *
 * Results and the comparison with the original implementation are in {@code docs/benchmarks.md}.
 */
@NullMarked
package io.neuraldag.benchmarks;

import org.jspecify.annotations.NullMarked;
