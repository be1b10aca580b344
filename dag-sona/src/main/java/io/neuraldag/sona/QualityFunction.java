package io.neuraldag.sona;

/**
 * How an execution is scored as a quality {@code Q} in {@code [0, 1]} (spec 02 §1.3). An engine
 * uses exactly one function ({@link SonaConfig#qualityFunction()}): the two differ in time scale by
 * a factor 1000, so their values must never be mixed. Thread-safe.
 */
public enum QualityFunction {
    /**
     * The default: {@code Q = 0.5/(1 + exec_ms/1000) + 0.5·clamp((r + 1)/2, 0, 1)} with {@code r}
     * the {@linkplain ExecutionMetrics#improvement() improvement}. Example: 100 ms against a
     * 150 ms baseline gives 0.787879.
     */
    EXECUTION_AND_IMPROVEMENT {
        @Override
        public double quality(ExecutionMetrics m) {
            double r = m.improvement();
            double gain = Math.min(1.0, Math.max(0.0, (r + 1.0) / 2.0));
            return 0.5 / (1.0 + m.executionMs() / 1000.0) + 0.5 * gain;
        }
    },

    /**
     * The latency, memory and cache mix: {@code Q = 0.5/(1 + latency_ms) + 0.3/(1 + memory_MiB) +
     * 0.2·hitRate}, with memory in MiB ({@code 2^20} bytes). An unknown memory or hit rate
     * contributes 0. Example: 2 ms, 0.5 MiB, hit rate 0.9 gives 0.546667.
     */
    LATENCY_MEMORY_CACHE {
        @Override
        public double quality(ExecutionMetrics m) {
            double q = 0.5 / (1.0 + m.executionMs());
            if (m.hasMemoryBytes()) {
                q += 0.3 / (1.0 + m.memoryBytes() / (double) (1 << 20));
            }
            if (m.hasCacheHitRatio()) {
                q += 0.2 * m.cacheHitRatio();
            }
            return q;
        }
    };

    /**
     * Scores one execution.
     *
     * @param metrics what was measured
     * @return Q in {@code [0, 1]}
     */
    public abstract double quality(ExecutionMetrics metrics);
}
