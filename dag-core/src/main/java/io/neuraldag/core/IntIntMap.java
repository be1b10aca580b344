package io.neuraldag.core;

import java.util.Arrays;

/*
 * Open-addressing int -> int map with linear probing, for the id -> slot index of QueryDag.
 * Keys are node ids (>= 0); EMPTY (-1) marks a free cell and TOMBSTONE (-2) a deleted one, so keys
 * can never collide with the markers. The table is a power of two, kept at most half full counting
 * tombstones; a rehash drops the tombstones. get() of a missing key returns -1. Not thread-safe.
 */
final class IntIntMap {
    private static final int EMPTY = -1;
    private static final int TOMBSTONE = -2;

    private int[] keys;
    private int[] values;
    private int size;
    private int used;
    private int mask;

    IntIntMap(int expected) {
        int cap = Integer.highestOneBit(Math.max(4, expected) * 2 - 1) << 1;
        keys = new int[cap];
        values = new int[cap];
        Arrays.fill(keys, EMPTY);
        mask = cap - 1;
    }

    IntIntMap(IntIntMap other) {
        keys = other.keys.clone();
        values = other.values.clone();
        size = other.size;
        used = other.used;
        mask = other.mask;
    }

    int size() {
        return size;
    }

    private static int mix(int key) {
        int h = key * 0x9E3779B9;
        return h ^ (h >>> 16);
    }

    int get(int key) {
        int i = mix(key) & mask;
        while (true) {
            int k = keys[i];
            if (k == key) {
                return values[i];
            }
            if (k == EMPTY) {
                return -1;
            }
            i = (i + 1) & mask;
        }
    }

    /** Inserts or replaces. */
    void put(int key, int value) {
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
        size++;
        if (used * 2 > keys.length) {
            rehash(size * 2 > keys.length / 2 ? keys.length * 2 : keys.length);
        }
    }

    void remove(int key) {
        int i = mix(key) & mask;
        while (true) {
            int k = keys[i];
            if (k == key) {
                keys[i] = TOMBSTONE;
                size--;
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
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] >= 0) {
                put(oldKeys[i], oldValues[i]);
            }
        }
    }
}
