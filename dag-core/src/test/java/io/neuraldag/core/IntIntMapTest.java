package io.neuraldag.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The id-to-slot map behind {@link QueryDag}, against {@link HashMap} under random operations. */
class IntIntMapTest {

    @ParameterizedTest(name = "seed={0}")
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void behavesLikeAHashMap(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        IntIntMap map = new IntIntMap(r.nextInt(20));
        Map<Integer, Integer> ref = new HashMap<>();
        int keyRange = 1 + r.nextInt(5000);
        for (int step = 0; step < 30_000; step++) {
            int key = r.nextInt(keyRange);
            switch (r.nextInt(3)) {
                case 0 -> {
                    int v = r.nextInt(1 << 20);
                    map.put(key, v);
                    ref.put(key, v);
                }
                case 1 -> {
                    map.remove(key);
                    ref.remove(key);
                }
                default -> {
                    if (map.get(key) != ref.getOrDefault(key, -1)) {
                        throw new AssertionError("get(" + key + ") at step " + step);
                    }
                }
            }
            if (map.size() != ref.size()) {
                throw new AssertionError("size at step " + step);
            }
        }
        IntIntMap copy = new IntIntMap(map);
        for (Map.Entry<Integer, Integer> e : ref.entrySet()) {
            assertThat(copy.get(e.getKey())).isEqualTo(e.getValue());
            copy.remove(e.getKey());
            assertThat(map.get(e.getKey())).isEqualTo(e.getValue());
        }
        assertThat(copy.size()).isZero();
        assertThat(map.size()).isEqualTo(ref.size());
        assertThat(map.get(Integer.MAX_VALUE)).isEqualTo(-1);
    }
}
