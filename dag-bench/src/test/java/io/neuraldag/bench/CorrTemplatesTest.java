package io.neuraldag.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The template set: shape, determinism for a seed, bind counts, and about half of the trap draws being traps. */
class CorrTemplatesTest {

    static Stream<Long> seeds() {
        return LongStream.range(1, 11).boxed();
    }

    @Test
    void tenTemplatesWithUniqueIdsTrapsAndControls() {
        List<Template> t = CorrTemplates.all();
        assertThat(t).hasSize(10);
        assertThat(t.stream().map(Template::id).distinct().count()).isEqualTo(10);
        assertThat(t.stream().filter(Template::isTrap).count()).isGreaterThanOrEqualTo(4);
        assertThat(t.stream().filter(x -> !x.isTrap()).count()).isGreaterThanOrEqualTo(4);
        for (Template x : t) {
            assertThat(x.sql()).contains(CorrData.SCHEMA + ".");
            assertThat(x.why()).isNotBlank();
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void drawsAreDeterministicAndBindEveryMarker(long seed) {
        for (Scale s : Scale.values()) {
            List<Instance> a = CorrTemplates.draw(CorrTemplates.all(), 400, new SplittableRandom(seed), s);
            List<Instance> b = CorrTemplates.draw(CorrTemplates.all(), 400, new SplittableRandom(seed), s);
            assertThat(a).isEqualTo(b);
            Set<String> ids = new HashSet<>();
            for (Instance q : a) {
                long markers = q.sql().chars().filter(ch -> ch == '?').count();
                assertThat(q.binds()).hasSize((int) markers);
                ids.add(q.templateId());
            }
            assertThat(ids).hasSize(10);
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void aboutHalfOfTheTrapTemplatesDrawsAreTraps(long seed) {
        List<Instance> a = CorrTemplates.draw(CorrTemplates.all(), 2000, new SplittableRandom(seed), Scale.FULL);
        Set<String> trapIds = new HashSet<>();
        CorrTemplates.all().stream().filter(Template::isTrap).forEach(t -> trapIds.add(t.id()));
        long fromTraps =
                a.stream().filter(q -> trapIds.contains(q.templateId())).count();
        long traps = a.stream().filter(Instance::trap).count();
        // Binomial(fromTraps, 1/2): 5 standard deviations either side
        double sd = Math.sqrt((double) fromTraps) / 2;
        assertThat((double) traps).isBetween(fromTraps / 2.0 - 5 * sd, fromTraps / 2.0 + 5 * sd);
        assertThat(a.stream().filter(q -> !trapIds.contains(q.templateId())).noneMatch(Instance::trap))
                .isTrue();
    }

    @Test
    void skewedKeysStayInsideTheCustomerRange() {
        Template t = CorrTemplates.all().stream()
                .filter(x -> x.id().equals("skewed_fk"))
                .findFirst()
                .orElseThrow();
        SplittableRandom r = new SplittableRandom(7);
        for (Scale s : Scale.values()) {
            for (int i = 0; i < 500; i++) {
                Instance q = t.draw(r, s);
                int lo = (Integer) q.binds().get(0);
                int hi = (Integer) q.binds().get(1);
                assertThat(lo).isBetween(1, s.customers());
                assertThat(hi).isEqualTo(lo + 4).isLessThanOrEqualTo(s.customers());
                assertThat(q.trap()).isEqualTo(lo <= 3);
            }
        }
    }
}
