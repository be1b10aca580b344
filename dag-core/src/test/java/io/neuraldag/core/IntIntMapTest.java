package io.neuraldag.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The id-to-slot map behind {@link QueryDag}, against {@link HashMap} under random operations: keys
 * from a small range (all in the direct table), mixed dense and huge keys (both parts, with hash
 * entries migrating when the direct table grows), and descending insertion (keys that start in the
 * hash part).
 */
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

    @ParameterizedTest(name = "seed={0}")
    @ValueSource(longs = {11, 12, 13, 14, 15, 16, 17, 18})
    void mixedDenseAndSparseKeysBehaveLikeAHashMap(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        IntIntMap map = new IntIntMap(r.nextInt(8));
        Map<Integer, Integer> ref = new HashMap<>();
        int next = 0;
        for (int step = 0; step < 40_000; step++) {
            int key = switch (r.nextInt(4)) {
                case 0 -> next++;
                case 1 -> r.nextInt(next + 200);
                case 2 -> r.nextInt(Integer.MAX_VALUE);
                default -> Math.max(0, next + 500 - r.nextInt(1000));
            };
            int op = r.nextInt(10);
            if (op < 5) {
                int v = r.nextInt(1 << 20);
                map.put(key, v);
                ref.put(key, v);
            } else if (op < 7) {
                map.remove(key);
                ref.remove(key);
            } else if (map.get(key) != ref.getOrDefault(key, -1)) {
                throw new AssertionError("seed " + seed + ": get(" + key + ") at step " + step);
            }
            if (map.size() != ref.size()) {
                throw new AssertionError("seed " + seed + ": size at step " + step);
            }
        }
        for (Map.Entry<Integer, Integer> e : ref.entrySet()) {
            assertThat(map.get(e.getKey()))
                    .as("seed %d key %d", seed, e.getKey())
                    .isEqualTo(e.getValue());
        }
        assertThat(map.get(-1)).isEqualTo(-1);
        assertThat(map.get(Integer.MAX_VALUE)).isEqualTo(-1);
        IntIntMap copy = new IntIntMap(map);
        for (Integer k : ref.keySet()) {
            copy.remove(k);
        }
        assertThat(copy.size()).isZero();
        assertThat(map.size()).isEqualTo(ref.size());
    }

    @ParameterizedTest(name = "n={0}")
    @ValueSource(ints = {1, 7, 100, 1000, 5000})
    void descendingInsertionFindsEveryKey(int n) {
        IntIntMap map = new IntIntMap(4);
        for (int k = n - 1; k >= 0; k--) {
            map.put(k, 3 * k);
        }
        for (int k = 0; k < n; k++) {
            assertThat(map.get(k)).isEqualTo(3 * k);
        }
        assertThat(map.get(n)).isEqualTo(-1);
        assertThat(map.size()).isEqualTo(n);
    }
}
