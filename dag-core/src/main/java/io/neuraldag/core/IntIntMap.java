package io.neuraldag.core;

import java.util.Arrays;

/*
 * The int -> int map behind QueryDag's id -> slot index: a direct-address table for small keys in
 * front of an open-addressing hash table (linear probing) for the rest. Keys are node ids (>= 0) and
 * values slot indices (>= 0); get() of a missing key returns -1.
 *
 * Direct part: direct[key] holds value + 1 for every key < direct.length, 0 when absent, so a fresh
 * (zeroed) array needs no fill. Ids are usually 0..n-1 in insertion order (assigned by nextId() or by
 * a plan importer), and then every lookup is one array read with no hashing and no probing. The
 * direct table only grows to cover a key k when k < 2 * (size + 1) + 64, i.e. while the keys stay
 * dense, so its length is at most about 4 * size + 128 at the moment it grows: sparse or huge ids
 * (1 << 30) go to the hash part instead and cannot make it large.
 *
 * Hash part, for keys >= direct.length: EMPTY (-1) marks a free cell and TOMBSTONE (-2) a deleted
 * one, so keys can never collide with the markers. The table is a power of two, kept at most half
 * full counting tombstones; a rehash drops the tombstones. When the direct table grows, hash entries
 * whose keys it now covers move into it, so a key lives in exactly one part.
 *
 * Not thread-safe.
 */
final class IntIntMap {
    private static final int EMPTY = -1;
    private static final int TOMBSTONE = -2;
    private static final int[] NO_INTS = new int[0];

    private int[] direct;
    private int directSize;

    private int[] keys;
    private int[] values;
    private int hashSize;
    private int used;
    private int mask;

    IntIntMap(int expected) {
        direct = new int[Math.max(4, expected)];
        keys = NO_INTS;
        values = NO_INTS;
        mask = -1;
    }

    IntIntMap(IntIntMap other) {
        direct = other.direct.clone();
        directSize = other.directSize;
        keys = other.keys.clone();
        values = other.values.clone();
        hashSize = other.hashSize;
        used = other.used;
        mask = other.mask;
    }

    /** The map of each key {@code k < n} to the value {@code k}, all in the direct part. */
    static IntIntMap identity(int n) {
        IntIntMap m = new IntIntMap(n);
        int[] d = m.direct;
        for (int k = 0; k < n; k++) {
            d[k] = k + 1;
        }
        m.directSize = n;
        return m;
    }

    int size() {
        return directSize + hashSize;
    }

    private static int mix(int key) {
        int h = key * 0x9E3779B9;
        return h ^ (h >>> 16);
    }

    int get(int key) {
        int[] d = direct;
        if (key >= 0 && key < d.length) {
            return d[key] - 1;
        }
        return key < 0 || hashSize == 0 ? -1 : hashGet(key);
    }

    private int hashGet(int key) {
        int[] k = keys;
        int i = mix(key) & mask;
        while (true) {
            int c = k[i];
            if (c == key) {
                return values[i];
            }
            if (c == EMPTY) {
                return -1;
            }
            i = (i + 1) & mask;
        }
    }

    /** Inserts or replaces; {@code key >= 0}, {@code value >= 0} (get of a negative key is -1). */
    void put(int key, int value) {
        int[] d = direct;
        if (key < d.length) {
            if (d[key] == 0) {
                directSize++;
            }
            d[key] = value + 1;
            return;
        }
        if (key < 2 * (size() + 1) + 64) {
            growDirect(key);
            put(key, value);
            return;
        }
        hashPut(key, value);
    }

    private void growDirect(int key) {
        int len = Math.max(direct.length * 2, key + 1);
        direct = Arrays.copyOf(direct, len);
        if (hashSize == 0) {
            return;
        }
        int[] oldKeys = keys;
        int[] oldValues = values;
        keys = NO_INTS;
        values = NO_INTS;
        mask = -1;
        hashSize = 0;
        used = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            int k = oldKeys[i];
            if (k < 0) {
                continue;
            }
            if (k < len) {
                direct[k] = oldValues[i] + 1;
                directSize++;
            } else {
                hashPut(k, oldValues[i]);
            }
        }
    }

    private void hashPut(int key, int value) {
        if (keys.length == 0) {
            rehash(16);
        }
        int i = mix(key) & mask;
        int firstFree = -1;
        while (true) {
            int k = keys[i];
            if (k == key) {
                values[i] = value;
                return;
            }
            if (k == EMPTY) {
                break;
            }
            if (k == TOMBSTONE && firstFree < 0) {
                firstFree = i;
            }
            i = (i + 1) & mask;
        }
        if (firstFree >= 0) {
            i = firstFree;
        } else {
            used++;
        }
        keys[i] = key;
        values[i] = value;
        hashSize++;
        if (used * 2 > keys.length) {
            rehash(hashSize * 2 > keys.length / 2 ? keys.length * 2 : keys.length);
        }
    }

    void remove(int key) {
        int[] d = direct;
        if (key >= 0 && key < d.length) {
            if (d[key] != 0) {
                d[key] = 0;
                directSize--;
            }
            return;
        }
        if (hashSize == 0) {
            return;
        }
        int i = mix(key) & mask;
        while (true) {
            int k = keys[i];
            if (k == key) {
                keys[i] = TOMBSTONE;
                hashSize--;
                return;
            }
            if (k == EMPTY) {
                return;
            }
            i = (i + 1) & mask;
        }
    }

    private void rehash(int capacity) {
        int[] oldKeys = keys;
        int[] oldValues = values;
        keys = new int[capacity];
        values = new int[capacity];
        Arrays.fill(keys, EMPTY);
        mask = capacity - 1;
        used = 0;
        hashSize = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] >= 0) {
                hashPut(oldKeys[i], oldValues[i]);
            }
        }
    }
}
