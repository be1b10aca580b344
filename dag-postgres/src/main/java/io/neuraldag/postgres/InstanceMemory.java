package io.neuraldag.postgres;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/*
 * The hint advisor's instance-level correction: a kernel-weighted nearest-neighbour memory of the
 * latency model's residuals, per (template, arm), in the space of the query's bind values.
 *
 * Why. Plan features see only what the planner estimates. On the queries where the planner is wrong
 * (a skewed key, a correlation, ORDER BY … LIMIT under a filter whose matches sit at one end of the
 * index) the estimates of two instances of a template are the same while their latencies differ by
 * orders of magnitude; what differs is the bind values. Instances with nearby bind values tend to
 * behave alike, so the residual of the model on an instance's neighbours, for the same arm, corrects
 * the prediction for it (the idea of AQO's per-query k-nearest-neighbour feedback, applied to
 * latency residuals in bind space).
 *
 * Bind encoding: a number, a date or time (epoch day / second) or a boolean is numeric; anything else
 * (text, NULL, arrays) is categorical by equality. Distance between two points of one template:
 * sqrt(mean over positions of c²), c = |Δ| / range of that position over the template's
 * observations (clamped to 1; 0 or 1 when the range is 0) for numeric positions, 0/1 for
 * categorical ones and 1 where the kinds differ; points of another arity are never neighbours.
 * The mean runs over the template's relevant positions only: at each refresh the smallest subset of
 * positions is chosen under which the kernel predicts the template's latencies, left one out, about
 * as well as under the best subset (a query whose trap depends on one of three binds generalises
 * across the other two).
 * Relations between binds are candidate positions too: for two numeric positions i < j, whether
 * b_j − b_i equals the difference most frequent over the template's observations (the constants of
 * correlated columns agree, a year matches a country's code), 0/1 like a categorical position. A
 * relation is a candidate where at least MIN_RELATION_SHARE of the observations, and at least
 * MIN_RELATION_POINTS, agree and at least MIN_RELATION_POINTS disagree; of candidates that split the
 * observations alike only the first counts, and at most MAX_RELATIONS do. Relations count only once
 * the relevance search has chosen them: until then a new kind of position would push every
 * neighbour away.
 * Weight exp(-(d/BANDWIDTH)²). Correction r̂ = Σ w·r / (Σ w + PRIOR_WEIGHT): shrunk toward 0 when
 * there are no close neighbours, so it never invents an effect from far-away instances. Its spread
 * for Thompson sampling is that of the estimate itself, sqrt(Σ w · v) / (Σ w + PRIOR_WEIGHT), with v
 * = (Σ w s² + PRIOR_WEIGHT σ_t²) / (Σ w + PRIOR_WEIGHT) the neighbours' weighted residual variance s²
 * shrunk toward the template's σ_t²: 0 without neighbours (the ensemble's own spread explores then),
 * largest at a few close neighbours, and about s / sqrt(Σ w) once close neighbours agree (an instance
 * whose neighbours all ran alike is not explored again). (Exploring with σ_t where there is no
 * neighbour was tried: on a template whose fast half has a 600 times slower alternative it ran that
 * alternative on fast instances.)
 *
 * Bounded: a cell keeps its cellLimit most recent observations (older ones are dropped first, and
 * each template's ranges are taken again from what is kept at every refresh), so the kernel scans of
 * choose() and the refresh cost at most O(cellLimit) per cell.
 *
 * Not thread-safe: the advisor calls it under its lock.
 */
final class InstanceMemory {
    static final double BANDWIDTH = 0.2;
    static final double PRIOR_WEIGHT = 0.25;
    static final double MIN_SIGMA = 0.1;
    /* Positions beyond this are ignored: a statement with hundreds of binds is an IN list, not a point. */
    static final int MAX_POSITIONS = 16;
    /* Relevance: observations needed before positions are dropped, how many of a cell's observations
     * it looks at (evenly spaced), the size up to which every subset is tried, the share of the best
     * subset's error reduction a smaller subset may give up, and the share of the cells' own
     * error the binds must explain before any position is dropped. */
    static final int MIN_RELEVANCE_POINTS = 12;
    static final int RELEVANCE_SAMPLE = 128;
    static final double MIN_EXPLAINED = 0.5;
    static final int MAX_EXHAUSTIVE = 6;
    static final double RELEVANCE_TOLERANCE = 0.05;
    /* Relations between binds: the share and count of observations that must agree, the count that
     * must disagree, and how many relations a template may have. */
    static final double MIN_RELATION_SHARE = 0.25;
    static final int MIN_RELATION_POINTS = 4;
    static final int MAX_RELATIONS = 4;
    /* The observations a cell keeps by default (the most recent ones). */
    static final int CELL_LIMIT = 1024;

    /** One encoded bind vector (immutable once built: the arrays are not exposed). */
    static final class Point {
        private final double[] values;
        private final boolean[] categorical;

        Point(double[] values, boolean[] categorical) {
            this.values = values;
            this.categorical = categorical;
        }

        int arity() {
            return values.length;
        }

        double value(int i) {
            return values[i];
        }

        boolean categorical(int i) {
            return categorical[i];
        }
    }

    /** A kernel estimate: the shrunk weighted mean residual, the total kernel weight and the estimate's spread. */
    record Estimate(double correction, double weight, double sd) {}

    private static final class Cell {
        final int limit;
        final List<Point> points = new ArrayList<>();
        double[] residuals = new double[8];
        /* ln(charged ms) of each point */
        double[] ys = new double[8];
        /* The observation id of each point, to refresh residuals after a retrain; -1 for one
         * without plan features (nothing was planned), which has a latency but never a residual. */
        long[] observations = new long[8];
        /* The points' values and kinds laid out one after the other (point i at start[i], arity[i]
         * values), for the kernel scans of choose(): a scan reads three arrays in order instead of
         * two small arrays per point wherever the heap put them, which after a query has run on the
         * database are mostly out of the caches. */
        double[] values = new double[16];
        boolean[] kinds = new boolean[16];
        int[] start = new int[8];
        int[] arity = new int[8];
        int used;

        Cell(int limit) {
            this.limit = limit;
        }

        int size() {
            return points.size();
        }

        void add(Point p, double y, double residual, long observation) {
            if (points.size() == limit) {
                dropOldest();
            }
            int n = points.size();
            if (n == residuals.length) {
                residuals = Arrays.copyOf(residuals, n * 2);
                ys = Arrays.copyOf(ys, n * 2);
                observations = Arrays.copyOf(observations, n * 2);
                start = Arrays.copyOf(start, n * 2);
                arity = Arrays.copyOf(arity, n * 2);
            }
            int a = p.arity();
            if (used + a > values.length) {
                int grown = Math.max(values.length * 2, used + a);
                values = Arrays.copyOf(values, grown);
                kinds = Arrays.copyOf(kinds, grown);
            }
            System.arraycopy(p.values, 0, values, used, a);
            System.arraycopy(p.categorical, 0, kinds, used, a);
            start[n] = used;
            arity[n] = a;
            used += a;
            points.add(p);
            residuals[n] = residual;
            ys[n] = y;
            observations[n] = observation;
        }

        /* Removes the first (oldest) point, keeping the others' order. */
        private void dropOldest() {
            int n = points.size();
            int a = arity[0];
            points.remove(0);
            System.arraycopy(residuals, 1, residuals, 0, n - 1);
            System.arraycopy(ys, 1, ys, 0, n - 1);
            System.arraycopy(observations, 1, observations, 0, n - 1);
            System.arraycopy(arity, 1, arity, 0, n - 1);
            System.arraycopy(values, a, values, 0, used - a);
            System.arraycopy(kinds, a, kinds, 0, used - a);
            for (int k = 0; k < n - 1; k++) {
                start[k] = start[k + 1] - a;
            }
            used -= a;
        }
    }

    private static final class TemplateStats {
        double[] min = new double[0];
        double[] max = new double[0];
        double sigma = 1.0;
        /* Candidate relations, chosen at each refresh: b[relJ] - b[relI] == relDiff. */
        int[] relI = new int[0];
        int[] relJ = new int[0];
        double[] relDiff = new double[0];
        /* The positions the distance counts: the bind positions, then the relations (null: every
         * bind position and no relation), chosen at each refresh. */
        boolean @Nullable [] active;
        /* Every bind position and every candidate relation (null while there is no relation: every
         * bind position), for strictWeight; set with the relations. */
        boolean @Nullable [] every;

        int relations() {
            return relI.length;
        }

        boolean agrees(Point p, int r) {
            return agrees(p.values, p.categorical, 0, r);
        }

        /* Whether the point whose values and kinds start at o in v and k agrees with relation r. */
        boolean agrees(double[] v, boolean[] k, int o, int r) {
            int i = o + relI[r];
            int j = o + relJ[r];
            return !k[i] && !k[j] && v[j] - v[i] == relDiff[r];
        }
    }

    private final Map<String, Map<String, Cell>> cells = new HashMap<>();
    private final Map<String, TemplateStats> stats = new HashMap<>();
    private final String relevancePrefix;
    private final int cellLimit;

    /** A memory that chooses each template's relevant positions from all its cells. */
    InstanceMemory() {
        this("");
    }

    /** A memory that chooses each template's relevant positions from the cells whose key starts with the prefix. */
    InstanceMemory(String relevancePrefix) {
        this(relevancePrefix, CELL_LIMIT);
    }

    /** As {@link #InstanceMemory(String)}, each cell keeping its cellLimit (>= 2) most recent observations. */
    InstanceMemory(String relevancePrefix, int cellLimit) {
        if (cellLimit < 2) {
            throw new IllegalArgumentException("cellLimit must be >= 2, got " + cellLimit);
        }
        this.relevancePrefix = relevancePrefix;
        this.cellLimit = cellLimit;
    }

    static Point encode(List<?> binds) {
        int n = Math.min(binds.size(), MAX_POSITIONS);
        double[] v = new double[n];
        boolean[] cat = new boolean[n];
        for (int i = 0; i < n; i++) {
            Object b = binds.get(i);
            double x = numeric(b);
            if (Double.isNaN(x)) {
                cat[i] = true;
                v[i] = b == null ? 0 : 1 + (b.toString().hashCode() & 0x7fffffff);
            } else {
                v[i] = x;
            }
        }
        return new Point(v, cat);
    }

    private static double numeric(@Nullable Object b) {
        double x = switch (b) {
            case null -> Double.NaN;
            case Number num -> num.doubleValue();
            case Boolean bool -> bool ? 1 : 0;
            case LocalDate d -> d.toEpochDay();
            case java.sql.Date d -> d.toLocalDate().toEpochDay();
            case java.sql.Timestamp t -> t.getTime() / 1000.0;
            case LocalDateTime t -> t.toEpochSecond(ZoneOffset.UTC);
            case OffsetDateTime t -> t.toEpochSecond();
            case Instant t -> t.getEpochSecond();
            default -> Double.NaN;
        };
        return Double.isFinite(x) ? x : Double.NaN;
    }

    /**
     * Records an observation of arm on template: its ln(charged ms), its residual (NaN when there is
     * no model yet) and its observation id (-1 when it has no plan features). A cell at its limit
     * drops its oldest observation first.
     */
    void add(String template, String arm, Point p, double y, double residual, long observation) {
        cells.computeIfAbsent(template, k -> new HashMap<>())
                .computeIfAbsent(arm, k -> new Cell(cellLimit))
                .add(p, y, residual, observation);
        TemplateStats s = stats.computeIfAbsent(template, k -> new TemplateStats());
        if (s.min.length != p.arity()) {
            if (s.min.length == 0) {
                s.min = p.values.clone();
                s.max = p.values.clone();
            }
            return;
        }
        for (int i = 0; i < p.arity(); i++) {
            if (!p.categorical(i)) {
                s.min[i] = Math.min(s.min[i], p.value(i));
                s.max[i] = Math.max(s.max[i], p.value(i));
            }
        }
    }

    /** As {@link #refresh(double[], long)} with the first observation id 0. */
    void refresh(double[] residualByObservation) {
        refresh(residualByObservation, 0);
    }

    /**
     * Replaces every residual after a refit: that of observation id o from residualByObservation[o −
     * first] where the array holds it (the others keep theirs), each template's ranges (from the
     * observations kept) and σ (the residual standard deviation of its observations, floored at
     * MIN_SIGMA; the pooled one while a template has fewer than 3).
     */
    void refresh(double[] residualByObservation, long first) {
        double sum2 = 0;
        int count = 0;
        Map<String, double[]> perTemplate = new HashMap<>();
        for (Map.Entry<String, Map<String, Cell>> t : cells.entrySet()) {
            double[] acc = perTemplate.computeIfAbsent(t.getKey(), k -> new double[2]);
            for (Cell cell : t.getValue().values()) {
                for (int i = 0; i < cell.size(); i++) {
                    long o = cell.observations[i] - first;
                    if (cell.observations[i] >= 0 && o >= 0 && o < residualByObservation.length) {
                        // later observations keep the residual they got from the model they were seen
                        // with, and so do those older than the model's training window
                        cell.residuals[i] = residualByObservation[(int) o];
                    }
                    double r = cell.residuals[i];
                    if (Double.isFinite(r)) {
                        acc[0] += r * r;
                        acc[1]++;
                        sum2 += r * r;
                        count++;
                    }
                }
            }
        }
        double pooled = count == 0 ? 1.0 : Math.max(MIN_SIGMA, Math.sqrt(sum2 / count));
        for (Map.Entry<String, double[]> e : perTemplate.entrySet()) {
            double[] acc = e.getValue();
            TemplateStats s = stats.computeIfAbsent(e.getKey(), k -> new TemplateStats());
            s.sigma = acc[1] < 3 ? pooled : Math.max(MIN_SIGMA, Math.sqrt(acc[0] / acc[1]));
        }
        for (Map.Entry<String, Map<String, Cell>> t : cells.entrySet()) {
            TemplateStats s = stats.get(t.getKey());
            if (s != null) {
                ranges(s, t.getValue());
                relations(s, t.getValue());
                if (s.relations() == 0) {
                    s.every = null;
                } else {
                    s.every = new boolean[s.min.length + s.relations()];
                    Arrays.fill(s.every, true);
                }
                s.active = relevant(s, t.getValue());
            }
        }
    }

    /*
     * The template's numeric ranges again from the observations its cells keep (of the template's
     * arity; a position numeric in none of them gets the range [0, 0]; unchanged when no kept
     * observation has that arity): dropped observations no longer stretch them.
     */
    private static void ranges(TemplateStats s, Map<String, Cell> templateCells) {
        int d = s.min.length;
        double[] min = new double[d];
        double[] max = new double[d];
        Arrays.fill(min, Double.POSITIVE_INFINITY);
        Arrays.fill(max, Double.NEGATIVE_INFINITY);
        boolean any = false;
        for (Cell cell : templateCells.values()) {
            for (int i = 0; i < cell.size(); i++) {
                if (cell.arity[i] != d) {
                    continue;
                }
                any = true;
                int o = cell.start[i];
                for (int k = 0; k < d; k++) {
                    if (!cell.kinds[o + k]) {
                        min[k] = Math.min(min[k], cell.values[o + k]);
                        max[k] = Math.max(max[k], cell.values[o + k]);
                    }
                }
            }
        }
        if (!any) {
            return;
        }
        for (int k = 0; k < d; k++) {
            if (min[k] > max[k]) {
                min[k] = 0;
                max[k] = 0;
            }
        }
        s.min = min;
        s.max = max;
    }

    /*
     * Chooses the template's candidate relations from the observations of the cells of
     * relevancePrefix (see the class comment): for each pair of positions numeric in every
     * observation, the most frequent difference (the smallest on a tie), kept where enough
     * observations agree and enough disagree and the split is not that of an earlier pair.
     */
    void relations(TemplateStats s, Map<String, Cell> templateCells) {
        int d = s.min.length;
        List<Point> pts = new ArrayList<>();
        for (Map.Entry<String, Cell> e : templateCells.entrySet()) {
            if (e.getKey().startsWith(relevancePrefix)) {
                for (Point p : e.getValue().points) {
                    if (p.arity() == d) {
                        pts.add(p);
                    }
                }
            }
        }
        List<int[]> pairs = new ArrayList<>();
        List<Double> diffs = new ArrayList<>();
        List<boolean[]> splits = new ArrayList<>();
        int n = pts.size();
        if (n >= MIN_RELEVANCE_POINTS) {
            boolean[] numeric = new boolean[d];
            Arrays.fill(numeric, true);
            for (Point p : pts) {
                for (int i = 0; i < d; i++) {
                    numeric[i] &= !p.categorical(i);
                }
            }
            double[] delta = new double[n];
            for (int i = 0; i < d && pairs.size() < MAX_RELATIONS; i++) {
                for (int j = i + 1; j < d && numeric[i] && pairs.size() < MAX_RELATIONS; j++) {
                    if (!numeric[j]) {
                        continue;
                    }
                    for (int k = 0; k < n; k++) {
                        delta[k] = pts.get(k).value(j) - pts.get(k).value(i);
                    }
                    double[] sorted = delta.clone();
                    Arrays.sort(sorted);
                    double mode = sorted[0];
                    int modeCount = 0;
                    for (int k = 0; k < n; ) {
                        int run = k;
                        while (run < n && sorted[run] == sorted[k]) {
                            run++;
                        }
                        if (run - k > modeCount) {
                            modeCount = run - k;
                            mode = sorted[k];
                        }
                        k = run;
                    }
                    if (modeCount < MIN_RELATION_POINTS
                            || modeCount < MIN_RELATION_SHARE * n
                            || n - modeCount < MIN_RELATION_POINTS) {
                        continue;
                    }
                    boolean[] split = new boolean[n];
                    for (int k = 0; k < n; k++) {
                        split[k] = delta[k] == mode;
                    }
                    boolean seen = false;
                    for (boolean[] other : splits) {
                        seen |= Arrays.equals(other, split);
                    }
                    if (!seen) {
                        pairs.add(new int[] {i, j});
                        diffs.add(mode);
                        splits.add(split);
                    }
                }
            }
        }
        int r = pairs.size();
        s.relI = new int[r];
        s.relJ = new int[r];
        s.relDiff = new double[r];
        for (int k = 0; k < r; k++) {
            s.relI[k] = pairs.get(k)[0];
            s.relJ[k] = pairs.get(k)[1];
            s.relDiff[k] = diffs.get(k);
        }
    }

    /*
     * The positions that matter for a template: the smallest subset of positions under which the
     * kernel mean of the other observations of a cell predicts each observation's ln-latency about as
     * well as the best subset does (leave-one-out squared error over the cells of relevancePrefix,
     * shrunk toward the cell's mean as the estimates are; a subset may give up RELEVANCE_TOLERANCE of
     * the reduction the best subset brings over no position at all; among subsets of one size the
     * least error). A position that does not improve the prediction is
     * dropped, so that instances differing only there are neighbours. Every subset for up to
     * MAX_EXHAUSTIVE positions, else backward elimination from all of them. All positions (null) until
     * there are MIN_RELEVANCE_POINTS such observations, when all of them are needed, and when the
     * binds explain less than MIN_EXPLAINED of the error of the cells' means: a cell whose
     * instances all ran alike (an arm the policy runs on one kind of instance only) is no evidence
     * that a position does not matter.
     */
    boolean @Nullable [] relevant(TemplateStats s, Map<String, Cell> templateCells) {
        int binds = s.min.length;
        int d = binds + s.relations();
        if (binds == 0) {
            return null;
        }
        List<Cell> used = new ArrayList<>();
        int points = 0;
        for (Map.Entry<String, Cell> e : templateCells.entrySet()) {
            if (e.getKey().startsWith(relevancePrefix) && e.getValue().size() >= 3) {
                used.add(e.getValue());
                points += Math.min(e.getValue().size(), RELEVANCE_SAMPLE);
            }
        }
        if (points < MIN_RELEVANCE_POINTS) {
            return null;
        }
        boolean[] chosen;
        if (d <= MAX_EXHAUSTIVE) {
            int masks = 1 << d;
            double[] err = new double[masks];
            double least = Double.POSITIVE_INFINITY;
            for (int mask = 0; mask < masks; mask++) {
                err[mask] = looError(s, used, positions(mask, d));
                least = Math.min(least, err[mask]);
            }
            if (least > (1 - MIN_EXPLAINED) * err[0]) {
                // the binds explain little beyond each cell's mean: no evidence to drop a position on
                return null;
            }
            int pick = masks - 1;
            for (int mask = 0; mask < masks; mask++) {
                if (err[mask] <= least + RELEVANCE_TOLERANCE * (err[0] - least)) {
                    int size = Integer.bitCount(mask);
                    int best = Integer.bitCount(pick);
                    if (size < best || (size == best && err[mask] < err[pick])) {
                        pick = mask;
                    }
                }
            }
            chosen = positions(pick, d);
        } else {
            chosen = new boolean[d];
            Arrays.fill(chosen, true);
            double least = looError(s, used, chosen);
            double none = looError(s, used, new boolean[d]);
            if (least > (1 - MIN_EXPLAINED) * none) {
                return null;
            }
            while (true) {
                boolean[] step = null;
                double stepError = Double.POSITIVE_INFINITY;
                for (int i = 0; i < d; i++) {
                    if (chosen[i]) {
                        boolean[] m = chosen.clone();
                        m[i] = false;
                        double e = looError(s, used, m);
                        if (e < stepError) {
                            stepError = e;
                            step = m;
                        }
                    }
                }
                if (step == null || stepError > least + RELEVANCE_TOLERANCE * (none - least)) {
                    break;
                }
                chosen = step;
                least = Math.min(least, stepError);
            }
        }
        for (int i = 0; i < d; i++) {
            if (chosen[i] != i < binds) {
                return chosen;
            }
        }
        return null;
    }

    private static boolean[] positions(int mask, int d) {
        boolean[] m = new boolean[d];
        for (int i = 0; i < d; i++) {
            m[i] = (mask >>> i & 1) != 0;
        }
        return m;
    }

    /* Leave-one-out squared error of the shrunk kernel mean of ln-latency under the given positions,
     * over at most RELEVANCE_SAMPLE evenly spaced observations of each cell. */
    static double looError(TemplateStats s, List<Cell> used, boolean[] active) {
        double err = 0;
        for (Cell cell : used) {
            int n = cell.size();
            int stride = (n + RELEVANCE_SAMPLE - 1) / RELEVANCE_SAMPLE;
            int m = 0;
            double sumY = 0;
            for (int i = 0; i < n; i += stride) {
                sumY += cell.ys[i];
                m++;
            }
            for (int i = 0; i < n; i += stride) {
                Point pi = cell.points.get(i);
                double sw = 0;
                double swy = 0;
                for (int j = 0; j < n; j += stride) {
                    if (j == i) {
                        continue;
                    }
                    double dist = distance(s, pi, cell.points.get(j), active);
                    if (dist < 1) {
                        double z = dist / BANDWIDTH;
                        double w = Math.exp(-z * z);
                        sw += w;
                        swy += w * cell.ys[j];
                    }
                }
                double rest = (sumY - cell.ys[i]) / (m - 1);
                double pred = (swy + PRIOR_WEIGHT * rest) / (sw + PRIOR_WEIGHT);
                double r = cell.ys[i] - pred;
                err += r * r;
            }
        }
        return err;
    }

    /** The positions the distance of a template counts (null: all, or an unknown template); a copy. */
    boolean @Nullable [] relevantPositions(String template) {
        TemplateStats s = stats.get(template);
        return s == null || s.active == null ? null : s.active.clone();
    }

    /** The kernel estimate of arm's residual on template at point p, shrunk with PRIOR_WEIGHT. */
    Estimate estimate(String template, String arm, Point p) {
        return estimate(template, arm, p, PRIOR_WEIGHT);
    }

    /** The kernel estimate with another prior weight (> 0). */
    Estimate estimate(String template, String arm, Point p, double priorWeight) {
        TemplateStats s = stats.get(template);
        double sigma = s == null ? 1.0 : s.sigma;
        Cell cell = cells.getOrDefault(template, Map.of()).get(arm);
        double sw = 0;
        double swr = 0;
        double swr2 = 0;
        if (cell != null && s != null) {
            for (int i = 0; i < cell.size(); i++) {
                double r = cell.residuals[i];
                if (!Double.isFinite(r)) {
                    continue;
                }
                double d = distance(s, p, cell, i, s.active);
                if (d < 1) {
                    double z = d / BANDWIDTH;
                    double w = Math.exp(-z * z);
                    sw += w;
                    swr += w * r;
                    swr2 += w * r * r;
                }
            }
        }
        double denom = sw + priorWeight;
        // Σ w s² = Σ w r² − (Σ w r)² / Σ w, clamped at 0 against rounding
        double spread = sw > 0 ? Math.max(0, swr2 - swr * swr / sw) : 0;
        double v = (spread + priorWeight * sigma * sigma) / denom;
        double sd = Math.sqrt(sw * v) / denom;
        return new Estimate(swr / denom, sw, sd);
    }

    /**
     * The kernel-weighted mean ln(charged ms) of arm's observations on template near p and its total
     * weight (0, with a NaN mean, when there is no neighbour). The mean of the logarithms: a far,
     * weakly weighted slow neighbour does not outweigh many close fast ones.
     */
    Estimate latency(String template, String arm, Point p) {
        return kernelLatency(template, arm, p, false);
    }

    /**
     * As {@link #latency}, under the strictest distance (every bind position and every candidate
     * relation, as {@link #strictWeight}): the latency of runs at instances like this one in every
     * respect the memory can tell.
     */
    Estimate strictLatency(String template, String arm, Point p) {
        return kernelLatency(template, arm, p, true);
    }

    private Estimate kernelLatency(String template, String arm, Point p, boolean strict) {
        TemplateStats s = stats.get(template);
        Cell cell = cells.getOrDefault(template, Map.of()).get(arm);
        double sw = 0;
        double swy = 0;
        if (cell != null && s != null) {
            boolean[] positions = strict ? s.every : s.active;
            for (int i = 0; i < cell.size(); i++) {
                double d = distance(s, p, cell, i, positions);
                if (d < 1) {
                    double z = d / BANDWIDTH;
                    double w = Math.exp(-z * z);
                    sw += w;
                    swy += w * cell.ys[i];
                }
            }
        }
        return new Estimate(sw > 0 ? swy / sw : Double.NaN, sw, 0);
    }

    /** Forgets everything about a template. */
    void remove(String template) {
        cells.remove(template);
        stats.remove(template);
    }

    /** How many observations arm has on template. */
    int count(String template, String arm) {
        Cell cell = cells.getOrDefault(template, Map.of()).get(arm);
        return cell == null ? 0 : cell.size();
    }

    /**
     * The total kernel weight of arm's observations on template near p under the strictest distance:
     * every bind position and every candidate relation, chosen by the relevance search or not (0
     * without observations). A point that differs from every observation in a relation the search
     * has not chosen yet (a trap's constants that agree where the observations' disagree) has no
     * neighbour under it.
     */
    double strictWeight(String template, String arm, Point p) {
        return strictLatency(template, arm, p).weight();
    }

    /* distance(s, a, point i of cell, active), read from the cell's flat layout. */
    private static double distance(TemplateStats s, Point a, Cell cell, int i, boolean @Nullable [] active) {
        return distance(s, a, cell.values, cell.kinds, cell.start[i], cell.arity[i], active);
    }

    /** Distance in [0, 1] over the template's relevant positions; 1 for points of another arity. */
    static double distance(TemplateStats s, Point a, Point b) {
        return distance(s, a, b, s.active);
    }

    /** Distance in [0, 1] over the given positions (null: all); 0 when none counts. */
    static double distance(TemplateStats s, Point a, Point b, boolean @Nullable [] active) {
        return distance(s, a, b.values, b.categorical, 0, b.arity(), active);
    }

    /* The distance from a to the point of arity bn whose values and kinds start at o in bv and bk. */
    private static double distance(
            TemplateStats s, Point a, double[] bv, boolean[] bk, int o, int bn, boolean @Nullable [] active) {
        int n = a.arity();
        if (n != bn || s.min.length != n) {
            return 1;
        }
        double sum = 0;
        int counted = 0;
        for (int k = 0; k < n; k++) {
            if (active != null && !active[k]) {
                continue;
            }
            counted++;
            double c;
            boolean ak = a.categorical[k];
            if (ak || bk[o + k]) {
                c = ak == bk[o + k] && a.values[k] == bv[o + k] ? 0 : 1;
            } else {
                double delta = Math.abs(a.values[k] - bv[o + k]);
                double range = s.max[k] - s.min[k];
                c = range > 0 ? Math.min(1, delta / range) : delta == 0 ? 0 : 1;
            }
            sum += c * c;
        }
        if (active != null) {
            for (int r = 0; r < s.relations() && n + r < active.length; r++) {
                if (active[n + r]) {
                    counted++;
                    sum += s.agrees(a, r) == s.agrees(bv, bk, o, r) ? 0 : 1;
                }
            }
        }
        return counted == 0 ? 0 : Math.sqrt(sum / counted);
    }
}
