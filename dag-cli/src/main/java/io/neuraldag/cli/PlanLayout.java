package io.neuraldag.cli;

import io.neuraldag.core.DagSnapshot;
import java.util.Arrays;

/*
 * A layered drawing of a plan (Sugiyama-style, without dummy nodes), for the HTML report.
 *
 * 1. Layers: a node's layer is its level (longest edge count from a source), so every edge goes
 *    to a strictly higher layer; sinks end on top when layer L is drawn at y = (maxLevel - L).
 * 2. Order within layers: the barycenter heuristic (Sugiyama, Tagawa and Toda 1981), SWEEPS
 *    alternating passes; a node's key is the mean relative position (rank / width) of its
 *    neighbours on the already placed side, a node without such neighbours keeps its position.
 * 3. x coordinates: ROUNDS rounds in which every node wants the mean x of all its neighbours and
 *    each layer is packed into that wish in its order with at least `slot` between centres (a
 *    left-to-right pass pushing right, a right-to-left pass pushing left, then their average,
 *    pushed right once more so the separation holds). The drawing is then shifted to start at
 *    `margin`.
 *
 * Complexity O(SWEEPS * (n log n + m) + ROUNDS * (n + m)). Coordinates are centres in pixels;
 * arrays are indexed like the snapshot and owned by this object.
 */
final class PlanLayout {
    private static final int SWEEPS = 8;
    private static final int ROUNDS = 6;

    final double[] x;
    final double[] y;
    final double width;
    final double height;

    private PlanLayout(DagSnapshot s, double slot, double layerGap, double margin) {
        int n = s.size();
        this.x = new double[n];
        this.y = new double[n];
        int layers = s.levelCount();
        if (n == 0) {
            this.width = 2 * margin;
            this.height = 2 * margin;
            return;
        }
        // nodes of each layer in their current order: members[start[L] .. start[L+1])
        int[] start = new int[layers + 1];
        for (int i = 0; i < n; i++) {
            start[s.level(i) + 1]++;
        }
        for (int L = 0; L < layers; L++) {
            start[L + 1] += start[L];
        }
        int[] members = new int[n];
        int[] fill = Arrays.copyOf(start, layers);
        for (int i = 0; i < n; i++) {
            members[fill[s.level(i)]++] = i;
        }
        double[] rel = new double[n];
        assignRelative(members, start, layers, rel);

        double[] key = new double[n];
        for (int sweep = 0; sweep < SWEEPS; sweep++) {
            boolean down = sweep % 2 == 0; // down: from the top layer, keyed by consumers
            for (int step = 1; step < layers; step++) {
                int L = down ? layers - 1 - step : step;
                for (int k = start[L]; k < start[L + 1]; k++) {
                    int v = members[k];
                    double sum = 0;
                    int count = 0;
                    if (down) {
                        for (int p = s.outStart(v); p < s.outEnd(v); p++) {
                            sum += rel[s.outTarget(p)];
                            count++;
                        }
                    } else {
                        for (int p = s.inStart(v); p < s.inEnd(v); p++) {
                            sum += rel[s.inSource(p)];
                            count++;
                        }
                    }
                    key[v] = count == 0 ? rel[v] : sum / count;
                }
                sortLayer(members, start[L], start[L + 1], key, rel);
                assignRelative(members, start, L, L + 1, rel);
            }
        }

        int widest = 0;
        for (int L = 0; L < layers; L++) {
            widest = Math.max(widest, start[L + 1] - start[L]);
        }
        double span = widest * slot;
        for (int L = 0; L < layers; L++) {
            int w = start[L + 1] - start[L];
            for (int k = 0; k < w; k++) {
                x[members[start[L] + k]] = (k + 0.5) * span / w;
            }
        }
        double[] wish = new double[n];
        double[] left = new double[widest];
        double[] right = new double[widest];
        for (int round = 0; round < ROUNDS; round++) {
            for (int v = 0; v < n; v++) {
                double sum = 0;
                int count = 0;
                for (int p = s.outStart(v); p < s.outEnd(v); p++) {
                    sum += x[s.outTarget(p)];
                    count++;
                }
                for (int p = s.inStart(v); p < s.inEnd(v); p++) {
                    sum += x[s.inSource(p)];
                    count++;
                }
                wish[v] = count == 0 ? x[v] : 0.5 * x[v] + 0.5 * sum / count;
            }
            for (int L = 0; L < layers; L++) {
                int from = start[L];
                int w = start[L + 1] - from;
                for (int k = 0; k < w; k++) {
                    double d = wish[members[from + k]];
                    left[k] = k == 0 ? d : Math.max(d, left[k - 1] + slot);
                }
                for (int k = w - 1; k >= 0; k--) {
                    double d = wish[members[from + k]];
                    right[k] = k == w - 1 ? d : Math.min(d, right[k + 1] - slot);
                }
                double prev = Double.NEGATIVE_INFINITY;
                for (int k = 0; k < w; k++) {
                    double c = Math.max(0.5 * (left[k] + right[k]), prev + slot);
                    x[members[from + k]] = c;
                    prev = c;
                }
            }
        }
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int v = 0; v < n; v++) {
            min = Math.min(min, x[v]);
            max = Math.max(max, x[v]);
        }
        for (int v = 0; v < n; v++) {
            x[v] += margin + slot / 2 - min;
            y[v] = margin + layerGap / 2 + (layers - 1 - s.level(v)) * layerGap;
        }
        this.width = max - min + slot + 2 * margin;
        this.height = layers * layerGap + 2 * margin;
    }

    static PlanLayout of(DagSnapshot s, double slot, double layerGap, double margin) {
        return new PlanLayout(s, slot, layerGap, margin);
    }

    private static void assignRelative(int[] members, int[] start, int layers, double[] rel) {
        assignRelative(members, start, 0, layers, rel);
    }

    private static void assignRelative(int[] members, int[] start, int fromLayer, int toLayer, double[] rel) {
        for (int L = fromLayer; L < toLayer; L++) {
            int w = start[L + 1] - start[L];
            for (int k = 0; k < w; k++) {
                rel[members[start[L] + k]] = (k + 0.5) / w;
            }
        }
    }

    /* Insertion sort of members[from, to) by key, ties by the current relative position: stable, small layers. */
    private static void sortLayer(int[] members, int from, int to, double[] key, double[] rel) {
        for (int a = from + 1; a < to; a++) {
            int v = members[a];
            int b = a - 1;
            while (b >= from && before(v, members[b], key, rel)) {
                members[b + 1] = members[b];
                b--;
            }
            members[b + 1] = v;
        }
    }

    private static boolean before(int v, int u, double[] key, double[] rel) {
        int c = Double.compare(key[v], key[u]);
        return c < 0 || (c == 0 && rel[v] < rel[u]);
    }
}
