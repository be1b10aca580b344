package io.neuraldag.sona;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TaskBoundaryDetectorTest {

    private static List<float[]> sample(SplittableRandom rnd, float[] centre, int n) {
        List<float[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(Dags.perturbed(rnd, centre, 0.3));
        }
        return out;
    }

    @Test
    void sameWorkloadIsNoBoundaryAndAShiftIs() {
        SplittableRandom rnd = new SplittableRandom(8);
        int d = 32;
        float[] a = Dags.randomUnit(rnd, d);
        float[] b = Dags.randomUnit(rnd, d);
        TaskBoundaryDetector det = new TaskBoundaryDetector(d, 50, 2.0, 2);
        TaskBoundaryDetector.Outcome first = det.observe(sample(rnd, a, 60));
        assertThat(first.z()).isNaN();
        assertThat(first.boundary()).isFalse();
        TaskBoundaryDetector.Outcome same = det.observe(sample(rnd, a, 60));
        assertThat(same.boundary()).isFalse();
        assertThat(same.z()).isLessThan(2.0);
        TaskBoundaryDetector.Outcome shifted = det.observe(sample(rnd, b, 60));
        assertThat(shifted.boundary()).isTrue();
        assertThat(shifted.z()).isGreaterThan(2.0);
        assertThat(det.currentCount()).isEqualTo(60);
        assertThat(det.observe(sample(rnd, a, 60)).boundary()).isTrue();
        assertThat(det.observe(sample(rnd, b, 60)).boundary()).isTrue();
        assertThat(det.archivedTasks()).isEqualTo(2); // at most maxTasks kept
        // too few trajectories: not tested, absorbed
        assertThat(det.observe(sample(rnd, a, 49)).z()).isNaN();
        det.reset();
        assertThat(det.currentCount()).isZero();
    }

    @Test
    void identicalPointsGiveInfiniteOrZeroZ() {
        TaskBoundaryDetector det = new TaskBoundaryDetector(2, 1, 2.0, 10);
        det.observe(List.of(new float[] {1, 0}));
        assertThat(det.observe(List.of(new float[] {1, 0})).z()).isZero();
        TaskBoundaryDetector.Outcome o = det.observe(List.of(new float[] {0, 1}));
        assertThat(o.z()).isInfinite();
        assertThat(o.boundary()).isTrue();
    }
}
