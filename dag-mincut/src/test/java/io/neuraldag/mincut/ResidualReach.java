package io.neuraldag.mincut;

/** The mincut tests' brute-force oracle: residual reachability by scanning every arc. */
final class ResidualReach {
    private ResidualReach() {}

    /** Brute-force residual reachability from src, never entering nodes with a non-zero block entry. */
    static boolean[] from(FlowNetwork net, double[] f, int src, int[] block) {
        boolean[] seen = new boolean[net.nodeCount];
        int[] q = new int[net.nodeCount];
        seen[src] = true;
        q[0] = src;
        int tail = 1;
        for (int head = 0; head < tail; head++) {
            int x = q[head];
            for (int a = 0; a < net.arcCount(); a++) {
                int y = -1;
                if (net.tail(a) == x && net.cap[a] - f[a] > 0.0) {
                    y = net.head(a);
                } else if (net.head(a) == x && f[a] > 0.0) {
                    y = net.tail(a);
                }
                if (y >= 0 && !seen[y] && block[y] == 0) {
                    seen[y] = true;
                    q[tail++] = y;
                }
            }
        }
        return seen;
    }
}
