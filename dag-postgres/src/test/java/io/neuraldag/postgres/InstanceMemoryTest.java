package io.neuraldag.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The hint advisor's bind-space residual memory, against hand computations and a brute-force kernel. */
class InstanceMemoryTest {

    static LongStream seeds() {
        return LongStream.rangeClosed(1, 200);
    }

    @Test
    void bindsAreEncodedByKind() {
        InstanceMemory.Point p = InstanceMemory.encode(
                Arrays.asList(7, 2.5, true, LocalDate.of(2020, 1, 2), java.sql.Date.valueOf("2020-01-02"), "DE", null));
        assertEquals(7, p.arity());
        assertEquals(7.0, p.value(0));
        assertEquals(2.5, p.value(1));
        assertEquals(1.0, p.value(2));
        assertEquals((double) LocalDate.of(2020, 1, 2).toEpochDay(), p.value(3));
        assertEquals(p.value(3), p.value(4), "java.sql.Date like LocalDate");
        assertFalse(p.categorical(0) || p.categorical(1) || p.categorical(2) || p.categorical(3));
        assertTrue(p.categorical(5), "text is categorical");
        assertTrue(p.categorical(6), "NULL is categorical");
        assertTrue(InstanceMemory.encode(List.of(Double.NaN)).categorical(0), "a NaN is no coordinate");
        List<Integer> many = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            many.add(i);
        }
        assertEquals(InstanceMemory.MAX_POSITIONS, InstanceMemory.encode(many).arity());
    }

    @Test
    void estimateIsTheShrunkKernelMeanOfTheNeighbours() {
        InstanceMemory m = new InstanceMemory();
        // range of position 0 over the template: 0..10
        m.add("t", "a", InstanceMemory.encode(List.of(0)), 0, 2.0, 0);
        m.add("t", "a", InstanceMemory.encode(List.of(10)), 0, -1.0, 1);
        m.add("t", "b", InstanceMemory.encode(List.of(5)), 0, 4.0, 2);
        // at 0: the point at 0 weighs 1; the point at 10 is at distance 1, no neighbour
        InstanceMemory.Estimate e = m.estimate("t", "a", InstanceMemory.encode(List.of(0)));
        assertEquals(1.0, e.weight(), 1e-12);
        assertEquals(2.0 / (1 + InstanceMemory.PRIOR_WEIGHT), e.correction(), 1e-12);
        // at 1: distance 0.1
        InstanceMemory.Estimate f = m.estimate("t", "a", InstanceMemory.encode(List.of(1)));
        double w = Math.exp(-Math.pow(0.1 / InstanceMemory.BANDWIDTH, 2));
        // the point at 10 is at distance 0.9 from 1: a weight of its own, tiny
        double w10 = Math.exp(-Math.pow(0.9 / InstanceMemory.BANDWIDTH, 2));
        assertEquals(w + w10, f.weight(), 1e-12);
        assertEquals((2.0 * w - w10) / (w + w10 + InstanceMemory.PRIOR_WEIGHT), f.correction(), 1e-12);
        // arms do not mix; an unknown arm, template or arity has no neighbour
        assertEquals(
                4.0 / (1 + InstanceMemory.PRIOR_WEIGHT),
                m.estimate("t", "b", InstanceMemory.encode(List.of(5))).correction(),
                1e-12);
        assertEquals(0, m.estimate("t", "c", InstanceMemory.encode(List.of(0))).weight());
        assertEquals(0, m.estimate("u", "a", InstanceMemory.encode(List.of(0))).weight());
        InstanceMemory.Estimate other = m.estimate("t", "a", InstanceMemory.encode(List.of(0, 1)));
        assertEquals(0, other.weight());
        assertEquals(0, other.correction());
        assertEquals(0, other.sd(), "no neighbour: no spread of its own");
        // a residual still unknown (no model yet) counts only once refreshed
        m.add("t", "a", InstanceMemory.encode(List.of(0)), 0, Double.NaN, 3);
        assertEquals(
                1.0, m.estimate("t", "a", InstanceMemory.encode(List.of(0))).weight(), 1e-12);
        m.refresh(new double[] {2.0, -1.0, 4.0, 6.0});
        InstanceMemory.Estimate g = m.estimate("t", "a", InstanceMemory.encode(List.of(0)));
        assertEquals(2.0, g.weight(), 1e-12);
        assertEquals((2.0 + 6.0) / (2 + InstanceMemory.PRIOR_WEIGHT), g.correction(), 1e-12);
    }

    @Test
    void categoricalPositionsMatchOnlyWhenEqual() {
        InstanceMemory m = new InstanceMemory();
        m.add("t", "a", InstanceMemory.encode(List.of("DE", 1)), 0, 3.0, 0);
        m.add("t", "a", InstanceMemory.encode(List.of("FR", 2)), 0, 3.0, 1);
        assertEquals(
                1.0,
                m.estimate("t", "a", InstanceMemory.encode(List.of("DE", 1))).weight(),
                1e-12);
        // one of two positions differs fully: distance sqrt(1/2), far beyond the bandwidth
        InstanceMemory.Estimate it = m.estimate("t", "a", InstanceMemory.encode(List.of("IT", 1)));
        assertEquals(Math.exp(-0.5 / Math.pow(InstanceMemory.BANDWIDTH, 2)), it.weight(), 1e-15);
        assertTrue(it.weight() < 1e-4);
    }

    @Test
    void latencyIsTheKernelMeanOfTheObservedLatencies() {
        InstanceMemory m = new InstanceMemory();
        m.add("t", "default", InstanceMemory.encode(List.of(0)), Math.log(400), Double.NaN, -1);
        m.add("t", "default", InstanceMemory.encode(List.of(100)), Math.log(1), Double.NaN, -1);
        InstanceMemory.Estimate slow = m.latency("t", "default", InstanceMemory.encode(List.of(0)));
        assertEquals(Math.log(400), slow.correction(), 1e-12);
        assertEquals(1.0, slow.weight(), 1e-12);
        // half way: both equally far, a negligible weight, the plain mean of the two
        InstanceMemory.Estimate mid = m.latency("t", "default", InstanceMemory.encode(List.of(50)));
        assertEquals(2 * Math.exp(-Math.pow(0.5 / InstanceMemory.BANDWIDTH, 2)), mid.weight(), 1e-12);
        assertEquals(Math.log(400) / 2, mid.correction(), 1e-9, "the mean of the logarithms");
        assertTrue(
                Double.isNaN(m.latency("t", "default", InstanceMemory.encode(List.of(1, 2)))
                        .correction()),
                "no neighbour of another arity");
        // a point without plan features is never refreshed into a residual
        m.refresh(new double[] {9, 9});
        assertEquals(
                0, m.estimate("t", "default", InstanceMemory.encode(List.of(0))).weight());
    }

    @Test
    void aCellKeepsItsMostRecentObservations() {
        InstanceMemory m = new InstanceMemory("", 4);
        InstanceMemory.Point p = InstanceMemory.encode(List.of(7));
        for (int y = 1; y <= 6; y++) {
            m.add("t", "a", p, y, Double.NaN, -1);
        }
        assertEquals(4, m.count("t", "a"));
        InstanceMemory.Estimate e = m.latency("t", "a", p);
        assertEquals(4.0, e.weight(), 1e-12);
        assertEquals((3 + 4 + 5 + 6) / 4.0, e.correction(), 1e-12, "the two oldest were dropped");
        assertEquals(0, m.count("t", "b"), "other cells are apart");
    }

    @Test
    void aRefreshTakesTheRangesAgainFromTheKeptObservations() {
        InstanceMemory m = new InstanceMemory("", 3);
        m.add("t", "a", InstanceMemory.encode(List.of(1000)), 0, Double.NaN, -1);
        for (int x = 0; x <= 2; x++) {
            m.add("t", "a", InstanceMemory.encode(List.of(x)), 1, Double.NaN, -1);
        }
        InstanceMemory.Point zero = InstanceMemory.encode(List.of(0));
        // before the refresh the dropped 1000 still stretches the range: 0, 1 and 2 are all close
        double stretched = m.latency("t", "a", zero).weight();
        double w1 = Math.exp(-Math.pow(0.001 / InstanceMemory.BANDWIDTH, 2));
        double w2 = Math.exp(-Math.pow(0.002 / InstanceMemory.BANDWIDTH, 2));
        assertEquals(1 + w1 + w2, stretched, 1e-12);
        m.refresh(new double[0]);
        // range [0, 2]: 1 is 0.5 away, 2 is at distance 1 (no weight)
        double tight = m.latency("t", "a", zero).weight();
        assertEquals(1 + Math.exp(-Math.pow(0.5 / InstanceMemory.BANDWIDTH, 2)), tight, 1e-12);
    }

    @Test
    void aRefreshMapsResidualsByObservationId() {
        InstanceMemory m = new InstanceMemory();
        InstanceMemory.Point p = InstanceMemory.encode(List.of(3));
        for (int id = 10; id < 14; id++) {
            m.add("t", "a", p, 0, Double.NaN, id);
        }
        // the model's window starts at id 12: ids 10 and 11 keep their (NaN) residual
        m.refresh(new double[] {0.5, 1.5}, 12);
        InstanceMemory.Estimate e = m.estimate("t", "a", p);
        assertEquals(2.0, e.weight(), 1e-12);
        assertEquals(2.0 / (2 + InstanceMemory.PRIOR_WEIGHT), e.correction(), 1e-12);
        m.refresh(new double[] {1, 1, 1, 1, 1}, 9);
        InstanceMemory.Estimate all = m.estimate("t", "a", p);
        assertEquals(4.0, all.weight(), 1e-12);
        assertEquals(4.0 / (4 + InstanceMemory.PRIOR_WEIGHT), all.correction(), 1e-12);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void estimateMatchesABruteForceKernel(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int arity = 1 + r.nextInt(4);
        // a cell keeps its `limit` most recent observations: the kernel sums run over those only
        // (the ranges, taken again from the kept ones only at a refresh, still span all of them)
        int limit = 2 + r.nextInt(60);
        InstanceMemory m = new InstanceMemory("", limit);
        List<double[]> pts = new ArrayList<>();
        List<Double> res = new ArrayList<>();
        List<boolean[]> cats = new ArrayList<>();
        int n = 1 + r.nextInt(80);
        int dropped = Math.max(0, n - limit);
        for (int i = 0; i < n; i++) {
            List<Object> binds = new ArrayList<>();
            double[] v = new double[arity];
            boolean[] cat = new boolean[arity];
            for (int j = 0; j < arity; j++) {
                if (j == arity - 1 && arity > 1) {
                    String s = "c" + r.nextInt(2);
                    binds.add(s);
                    cat[j] = true;
                    v[j] = s.hashCode();
                } else {
                    int x = r.nextInt(20);
                    binds.add(x);
                    v[j] = x;
                }
            }
            double rr = r.nextDouble(-3, 3);
            // the latency (ln ms) one above the residual, so the kernel means of the two differ by 1
            m.add("t", "a", InstanceMemory.encode(binds), rr + 1, rr, i);
            pts.add(v);
            cats.add(cat);
            res.add(rr);
        }
        double[] lo = new double[arity];
        double[] hi = new double[arity];
        Arrays.fill(lo, Double.POSITIVE_INFINITY);
        Arrays.fill(hi, Double.NEGATIVE_INFINITY);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < arity; j++) {
                if (!cats.get(i)[j]) {
                    lo[j] = Math.min(lo[j], pts.get(i)[j]);
                    hi[j] = Math.max(hi[j], pts.get(i)[j]);
                }
            }
        }
        // query at a random observed point or a random new one
        List<Object> q = new ArrayList<>();
        double[] qv = new double[arity];
        for (int j = 0; j < arity; j++) {
            if (j == arity - 1 && arity > 1) {
                String s = "c" + r.nextInt(2);
                q.add(s);
                qv[j] = s.hashCode();
            } else {
                int x = r.nextInt(20);
                q.add(x);
                qv[j] = x;
            }
        }
        double sw = 0;
        double swr = 0;
        List<Double> weights = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (i < dropped) {
                weights.add(0.0);
                continue;
            }
            double sum = 0;
            for (int j = 0; j < arity; j++) {
                double c;
                if (j == arity - 1 && arity > 1) {
                    c = qv[j] == pts.get(i)[j] ? 0 : 1;
                } else {
                    double range = hi[j] - lo[j];
                    double d = Math.abs(qv[j] - pts.get(i)[j]);
                    c = range > 0 ? Math.min(1, d / range) : d == 0 ? 0 : 1;
                }
                sum += c * c;
            }
            double dist = Math.sqrt(sum / arity);
            weights.add(dist < 1 ? Math.exp(-Math.pow(dist / InstanceMemory.BANDWIDTH, 2)) : 0.0);
            if (dist < 1) {
                double z = dist / InstanceMemory.BANDWIDTH;
                sw += Math.exp(-z * z);
                swr += Math.exp(-z * z) * res.get(i);
            }
        }
        InstanceMemory.Estimate e = m.estimate("t", "a", InstanceMemory.encode(q));
        assertEquals(sw, e.weight(), 1e-9, "seed " + seed);
        assertEquals(Math.min(n, limit), m.count("t", "a"), "seed " + seed);
        // no refresh, so no candidate relation: the strictest distance is the one over every position
        assertEquals(sw, m.strictWeight("t", "a", InstanceMemory.encode(q)), 1e-9, "seed " + seed);
        InstanceMemory.Estimate strict = m.strictLatency("t", "a", InstanceMemory.encode(q));
        assertEquals(sw, strict.weight(), 1e-9, "seed " + seed);
        if (sw > 0) {
            assertEquals(swr / sw + 1, strict.correction(), 1e-9, "seed " + seed);
        } else {
            assertTrue(Double.isNaN(strict.correction()), "seed " + seed);
        }
        assertEquals(swr / (sw + InstanceMemory.PRIOR_WEIGHT), e.correction(), 1e-9, "seed " + seed);
        // the spread: sqrt(Σ w · v) / (Σ w + P), v = (Σ w (r − r̄)² + P σ²) / (Σ w + P), two passes,
        // σ = 1 before a refresh
        double mean = sw > 0 ? swr / sw : 0;
        double dev = 0;
        for (int i = 0; i < n; i++) {
            double w = weights.get(i);
            dev += w * Math.pow(res.get(i) - mean, 2);
        }
        double prior = InstanceMemory.PRIOR_WEIGHT;
        double v = (dev + prior) / (sw + prior);
        assertEquals(Math.sqrt(sw * v) / (sw + prior), e.sd(), 1e-9, "seed " + seed);
    }

    @Test
    void aTrapOnOnePositionIsLearnedAcrossTheOthers() {
        // (k, 100 + k, year): slow for the old years whatever k, fast for 2024
        InstanceMemory m = new InstanceMemory("arm:");
        SplittableRandom r = new SplittableRandom(7);
        for (int i = 0; i < 30; i++) {
            int k = r.nextInt(10);
            int year = r.nextBoolean() ? 2015 + r.nextInt(2) : 2024;
            double y = Math.log(year < 2020 ? 300 : 0.5) + r.nextDouble(-0.1, 0.1);
            m.add("t", "arm:default", InstanceMemory.encode(List.of(k, 100 + k, year)), y, Double.NaN, -1);
            // a cell of another prefix with the opposite pattern must not count
            m.add("t", "plan:x", InstanceMemory.encode(List.of(k, 100 + k, year)), k, Double.NaN, -1);
        }
        assertEquals(null, m.relevantPositions("t"), "chosen at a refresh only");
        InstanceMemory.Estimate before = m.latency("t", "arm:default", InstanceMemory.encode(List.of(11, 111, 2024)));
        m.refresh(new double[0]);
        boolean[] active = m.relevantPositions("t");
        assertTrue(active != null && active[2] && !active[0] && !active[1], Arrays.toString(active));
        // a country never seen: the neighbours are the instances of the same year
        InstanceMemory.Estimate fast = m.latency("t", "arm:default", InstanceMemory.encode(List.of(11, 111, 2024)));
        InstanceMemory.Estimate slow = m.latency("t", "arm:default", InstanceMemory.encode(List.of(11, 111, 2015)));
        assertTrue(fast.weight() > 5 && slow.weight() > 5, fast + " " + slow);
        assertTrue(fast.weight() > 3 * before.weight(), before + " -> " + fast);
        assertEquals(0.5, Math.exp(fast.correction()), 0.1);
        assertEquals(300, Math.exp(slow.correction()), 60);
    }

    @Test
    void aTrapOnAnAgreementOfBindsIsLearnedAcrossCountries() {
        // (k, 100 + k, 200 + k, tz): slow when tz = 300 + k (the constants agree), fast otherwise
        InstanceMemory m = new InstanceMemory("arm:");
        SplittableRandom r = new SplittableRandom(11);
        for (int i = 0; i < 40; i++) {
            int k = r.nextInt(8);
            boolean trap = r.nextBoolean();
            int tz = trap ? 300 + k : 300 + (k + 1 + r.nextInt(7)) % 8;
            double y = Math.log(trap ? 1000 : 200) + r.nextDouble(-0.1, 0.1);
            m.add("t", "arm:default", InstanceMemory.encode(List.of(k, 100 + k, 200 + k, tz)), y, Double.NaN, -1);
        }
        InstanceMemory.Point unseenTrap = InstanceMemory.encode(List.of(9, 109, 209, 309));
        InstanceMemory.Point unseenHarmless = InstanceMemory.encode(List.of(9, 109, 209, 302));
        m.refresh(new double[0]);
        boolean[] active = m.relevantPositions("t");
        // four bind positions, then one relation (the three pairs with tz split the points alike;
        // the pairs among the first three always agree and are no candidates)
        assertTrue(
                active != null && active.length == 5 && active[4] && !active[0] && !active[1] && !active[2],
                Arrays.toString(active));
        InstanceMemory.Estimate slow = m.latency("t", "arm:default", unseenTrap);
        InstanceMemory.Estimate fast = m.latency("t", "arm:default", unseenHarmless);
        assertEquals(1000, Math.exp(slow.correction()), 150, slow.toString());
        assertEquals(200, Math.exp(fast.correction()), 30, fast.toString());
    }

    @Test
    void strictWeightSeparatesACandidateRelationTheSearchHasNotChosen() {
        // (k, 100 + k2): the default ran only where the two disagree (k2 != k), another arm on both
        // kinds at one latency, so the relation is a candidate but explains nothing yet
        InstanceMemory m = new InstanceMemory("arm:");
        SplittableRandom r = new SplittableRandom(5);
        for (int i = 0; i < 30; i++) {
            int k = r.nextInt(10);
            int k2 = i % 2 == 0 ? k : (k + 1 + r.nextInt(9)) % 10;
            InstanceMemory.Point p = InstanceMemory.encode(List.of(k, 100 + k2));
            m.add("t", "arm:other", p, Math.log(300) + r.nextDouble(-0.05, 0.05), Double.NaN, -1);
            if (k2 != k) {
                m.add("t", "arm:default", p, Math.log(500) + r.nextDouble(-0.05, 0.05), Double.NaN, -1);
            }
        }
        m.refresh(new double[0]);
        boolean[] active = m.relevantPositions("t");
        assertTrue(active == null || active.length < 3 || !active[2], Arrays.toString(active));
        InstanceMemory.Point agreeing = InstanceMemory.encode(List.of(6, 106));
        InstanceMemory.Point disagreeing = InstanceMemory.encode(List.of(6, 105));
        // the kernel in use takes the disagreeing observations as close neighbours of an agreeing point
        assertTrue(m.latency("t", "arm:default", agreeing).weight() > 0.5);
        assertTrue(m.strictWeight("t", "arm:default", agreeing) < 1e-3);
        assertTrue(m.strictWeight("t", "arm:default", disagreeing) > 0.5);
        assertTrue(m.strictWeight("t", "arm:other", agreeing) > 0.5);
        // the strict latency sees only the runs like the instance in every respect
        assertTrue(m.strictLatency("t", "arm:default", agreeing).weight() < 1e-3);
        assertEquals(
                Math.log(500), m.strictLatency("t", "arm:default", disagreeing).correction(), 0.06);
        assertEquals(0, m.strictLatency("t", "arm:none", agreeing).weight());
        assertEquals(0, m.strictWeight("t", "arm:none", agreeing));
        assertEquals(0, m.strictWeight("u", "arm:default", agreeing));
    }

    @Test
    void relationsCountOnlyOnceChosen() {
        // the same points, too few for a relevance search: the relation is no position yet, so two
        // instances that differ only in whether their binds agree are neighbours
        InstanceMemory m = new InstanceMemory("arm:");
        for (int i = 0; i < InstanceMemory.MIN_RELEVANCE_POINTS - 1; i++) {
            m.add("t", "arm:default", InstanceMemory.encode(List.of(i % 4, 300 + i % 4)), 1.0, Double.NaN, -1);
        }
        m.refresh(new double[0]);
        assertEquals(null, m.relevantPositions("t"));
        InstanceMemory.Estimate e = m.latency("t", "arm:default", InstanceMemory.encode(List.of(1, 302)));
        assertTrue(e.weight() > 1, e.toString());
    }

    @Test
    void positionsStayWhenTheyAllMatterOrDataIsScarce() {
        InstanceMemory few = new InstanceMemory();
        for (int i = 0; i < InstanceMemory.MIN_RELEVANCE_POINTS - 1; i++) {
            few.add("t", "a", InstanceMemory.encode(List.of(i, 0)), i % 2, Double.NaN, -1);
        }
        few.refresh(new double[0]);
        assertEquals(null, few.relevantPositions("t"), "too few observations");
        // latency = f(x0) + g(x1): both positions matter, none is dropped
        InstanceMemory both = new InstanceMemory();
        for (int a = 0; a < 6; a++) {
            for (int b = 0; b < 6; b++) {
                both.add(
                        "t",
                        "a",
                        InstanceMemory.encode(List.of(a, b)),
                        (a < 3 ? 0.0 : 3.0) + (b < 3 ? 0.0 : 3.0),
                        Double.NaN,
                        -1);
            }
        }
        both.refresh(new double[0]);
        assertEquals(null, both.relevantPositions("t"));
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void relevantPositionsMatchABruteForceSearch(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int d = 1 + r.nextInt(4);
        int cellsCount = 1 + r.nextInt(3);
        InstanceMemory m = new InstanceMemory("arm:");
        List<List<double[]>> pts = new ArrayList<>();
        List<List<Double>> ys = new ArrayList<>();
        boolean[] matters = new boolean[d];
        for (int j = 0; j < d; j++) {
            matters[j] = r.nextBoolean();
        }
        double[] lo = new double[d];
        double[] hi = new double[d];
        Arrays.fill(lo, Double.POSITIVE_INFINITY);
        Arrays.fill(hi, Double.NEGATIVE_INFINITY);
        // on some seeds one position agrees with the first (is it plus 3) on a random half of the
        // points, and on some of those the agreement is what the latency depends on
        int related = d >= 2 && r.nextBoolean() ? 1 + r.nextInt(d - 1) : -1;
        boolean relationMatters = r.nextBoolean();
        for (int c = 0; c < cellsCount; c++) {
            List<double[]> cp = new ArrayList<>();
            List<Double> cy = new ArrayList<>();
            int n = r.nextInt(30);
            for (int i = 0; i < n; i++) {
                double[] v = new double[d];
                List<Object> binds = new ArrayList<>();
                double y = r.nextDouble(-0.3, 0.3);
                for (int j = 0; j < d; j++) {
                    v[j] = r.nextInt(12);
                }
                if (related >= 0 && r.nextBoolean()) {
                    v[related] = v[0] + 3;
                    y += relationMatters ? 2 : 0;
                }
                for (int j = 0; j < d; j++) {
                    binds.add((int) v[j]);
                    lo[j] = Math.min(lo[j], v[j]);
                    hi[j] = Math.max(hi[j], v[j]);
                    if (matters[j] && v[j] < 4) {
                        y += 2;
                    }
                }
                m.add("t", "arm:" + c, InstanceMemory.encode(binds), y, Double.NaN, -1);
                cp.add(v);
                cy.add(y);
            }
            pts.add(cp);
            ys.add(cy);
        }
        m.refresh(new double[0]);
        boolean[] got = m.relevantPositions("t");
        // brute force: every subset, leave-one-out error of the shrunk kernel mean per cell of >= 3 points
        int points = 0;
        for (List<double[]> cp : pts) {
            points += cp.size() >= 3 ? cp.size() : 0;
        }
        boolean[] expected = null;
        // the candidate relations, by their definition: pairs whose most frequent difference (the
        // smallest on a tie) enough points share and enough do not, one per distinct split, at most
        // MAX_RELATIONS
        List<double[]> all = new ArrayList<>();
        pts.forEach(all::addAll);
        List<int[]> rel = new ArrayList<>();
        List<Double> relDiff = new ArrayList<>();
        List<String> splits = new ArrayList<>();
        for (int a = 0; a < d && all.size() >= InstanceMemory.MIN_RELEVANCE_POINTS; a++) {
            for (int b = a + 1; b < d && rel.size() < InstanceMemory.MAX_RELATIONS; b++) {
                Map<Double, Integer> counts = new TreeMap<>();
                for (double[] v : all) {
                    counts.merge(v[b] - v[a], 1, Integer::sum);
                }
                double mode = Double.NaN;
                int best = 0;
                for (Map.Entry<Double, Integer> e : counts.entrySet()) {
                    if (e.getValue() > best) {
                        best = e.getValue();
                        mode = e.getKey();
                    }
                }
                int n = all.size();
                if (best < InstanceMemory.MIN_RELATION_POINTS
                        || best < InstanceMemory.MIN_RELATION_SHARE * n
                        || n - best < InstanceMemory.MIN_RELATION_POINTS) {
                    continue;
                }
                StringBuilder split = new StringBuilder();
                for (double[] v : all) {
                    split.append(v[b] - v[a] == mode ? '1' : '0');
                }
                if (!splits.contains(split.toString())) {
                    splits.add(split.toString());
                    rel.add(new int[] {a, b});
                    relDiff.add(mode);
                }
            }
        }
        int binds = d;
        d = binds + rel.size();
        if (points >= InstanceMemory.MIN_RELEVANCE_POINTS) {
            double[] errs = new double[1 << d];
            double least = Double.POSITIVE_INFINITY;
            for (int mask = 0; mask < 1 << d; mask++) {
                double err = 0;
                for (int c = 0; c < cellsCount; c++) {
                    List<double[]> cp = pts.get(c);
                    int n = cp.size();
                    if (n < 3) {
                        continue;
                    }
                    double sum = 0;
                    for (double y : ys.get(c)) {
                        sum += y;
                    }
                    for (int i = 0; i < n; i++) {
                        double sw = 0;
                        double swy = 0;
                        for (int k = 0; k < n; k++) {
                            if (k == i) {
                                continue;
                            }
                            double s2 = 0;
                            int cnt = 0;
                            for (int j = 0; j < d; j++) {
                                if ((mask >>> j & 1) == 0) {
                                    continue;
                                }
                                cnt++;
                                if (j >= binds) {
                                    int[] ab = rel.get(j - binds);
                                    double diff = relDiff.get(j - binds);
                                    boolean ai = cp.get(i)[ab[1]] - cp.get(i)[ab[0]] == diff;
                                    boolean ak = cp.get(k)[ab[1]] - cp.get(k)[ab[0]] == diff;
                                    s2 += ai == ak ? 0 : 1;
                                    continue;
                                }
                                double range = hi[j] - lo[j];
                                double delta = Math.abs(cp.get(i)[j] - cp.get(k)[j]);
                                double cc = range > 0 ? Math.min(1, delta / range) : delta == 0 ? 0 : 1;
                                s2 += cc * cc;
                            }
                            double dist = cnt == 0 ? 0 : Math.sqrt(s2 / cnt);
                            if (dist < 1) {
                                double w = Math.exp(-Math.pow(dist / InstanceMemory.BANDWIDTH, 2));
                                sw += w;
                                swy += w * ys.get(c).get(k);
                            }
                        }
                        double rest = (sum - ys.get(c).get(i)) / (n - 1);
                        double pred = (swy + InstanceMemory.PRIOR_WEIGHT * rest) / (sw + InstanceMemory.PRIOR_WEIGHT);
                        err += Math.pow(ys.get(c).get(i) - pred, 2);
                    }
                }
                errs[mask] = err;
                least = Math.min(least, err);
            }
            int bindsOnly = (1 << binds) - 1;
            int pick;
            if (d <= InstanceMemory.MAX_EXHAUSTIVE) {
                // the fewest positions giving up at most the tolerance of the best reduction, the least
                // error among those; the bind positions alone when the binds explain less than
                // MIN_EXPLAINED of the error of the means
                boolean evidence = least <= (1 - InstanceMemory.MIN_EXPLAINED) * errs[0];
                pick = evidence ? -1 : bindsOnly;
                for (int mask = 0; evidence && mask < 1 << d; mask++) {
                    if (errs[mask] > least + InstanceMemory.RELEVANCE_TOLERANCE * (errs[0] - least)) {
                        continue;
                    }
                    if (pick < 0
                            || Integer.bitCount(mask) < Integer.bitCount(pick)
                            || (Integer.bitCount(mask) == Integer.bitCount(pick) && errs[mask] < errs[pick])) {
                        pick = mask;
                    }
                }
            } else {
                // backward elimination from every position: drop the one whose removal costs least
                // (the first on a tie) while the error stays within the tolerance
                int full = (1 << d) - 1;
                double best = errs[full];
                boolean evidence = best <= (1 - InstanceMemory.MIN_EXPLAINED) * errs[0];
                pick = evidence ? full : bindsOnly;
                while (evidence) {
                    int step = -1;
                    for (int j = 0; j < d; j++) {
                        int m2 = pick & ~(1 << j);
                        if ((pick >>> j & 1) != 0 && (step < 0 || errs[m2] < errs[step])) {
                            step = m2;
                        }
                    }
                    if (step < 0 || errs[step] > best + InstanceMemory.RELEVANCE_TOLERANCE * (errs[0] - best)) {
                        break;
                    }
                    pick = step;
                    best = Math.min(best, errs[step]);
                }
            }
            if (pick != bindsOnly) {
                expected = new boolean[d];
                for (int j = 0; j < d; j++) {
                    expected[j] = (pick >>> j & 1) != 0;
                }
            }
        }
        // which positions matter must be among those kept when the effect is large and data plentiful
        assertEquals(Arrays.toString(expected), Arrays.toString(got), "seed " + seed);
    }
}
