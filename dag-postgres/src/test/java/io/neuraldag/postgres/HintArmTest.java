package io.neuraldag.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HintArmTest {

    @ParameterizedTest(name = "name [{0}]")
    @ValueSource(
            strings = {
                "enable_nestloop'; DROP TABLE t; --",
                "enable_nestloop;",
                "\"enable_nestloop\"",
                "enable nestloop",
                "Enable_Nestloop",
                "",
                "1abc",
                "a.b.c",
                "hnsw.",
                "hnsw..ef"
            })
    void malformedSettingNamesAreRejected(String name) {
        DagArgumentException e = assertThrows(DagArgumentException.class, () -> new HintArm.Setting(name, "off"));
        assertEquals(RvCode.INVALID_ARGUMENT, e.code());
    }

    @ParameterizedTest(name = "value [{0}]")
    @ValueSource(strings = {"off'", "off; RESET ALL", "'off'", "o f f", "", "off\n", "$$off$$"})
    void malformedSettingValuesAreRejected(String value) {
        DagArgumentException e =
                assertThrows(DagArgumentException.class, () -> new HintArm.Setting("enable_nestloop", value));
        assertEquals(RvCode.INVALID_ARGUMENT, e.code());
    }

    @Test
    void wellFormedSettingsAreAccepted() {
        assertEquals("hnsw.ef_search", new HintArm.Setting("hnsw.ef_search", "80").name());
        assertEquals("-1", new HintArm.Setting("work_mem", "-1").value());
        assertEquals("4MB", new HintArm.Setting("work_mem", "4MB").value());
    }

    @Test
    void theOneRoundTripPreambleSetsEverySettingAsALiteral() {
        HintArm arm = new HintArm(
                "mixed", List.of(new HintArm.Setting("enable_nestloop", "off"), new HintArm.Setting("work_mem", "-1")));
        assertEquals(
                "SET LOCAL statement_timeout = 250; SET LOCAL plan_cache_mode = force_custom_plan;"
                        + " SET LOCAL enable_nestloop = 'off'; SET LOCAL work_mem = '-1'",
                arm.preamble(250));
        assertEquals(
                "SET LOCAL statement_timeout = 9; SET LOCAL plan_cache_mode = force_custom_plan",
                HintArm.plannerArms().get(0).preamble(9));
        // every arm the advisor ships with splices to exactly one command per setting
        for (HintArm a : List.of(HintArm.plannerArms(), HintArm.vectorArms()).stream()
                .flatMap(List::stream)
                .toList()) {
            String commands = a.setLocalCommands();
            assertEquals(a.settings().size(), commands.isEmpty() ? 0 : commands.split("; ").length, a.name());
            assertEquals(
                    2L * a.settings().size(),
                    commands.chars().filter(ch -> ch == '\'').count(),
                    a.name());
        }
    }

    @Test
    void armsRejectBadNamesAndRepeatedSettings() {
        assertThrows(DagArgumentException.class, () -> new HintArm("bad name", List.of()));
        assertThrows(DagArgumentException.class, () -> new HintArm("x;y", List.of()));
        HintArm.Setting off = new HintArm.Setting("enable_nestloop", "off");
        HintArm.Setting on = new HintArm.Setting("enable_nestloop", "on");
        assertThrows(DagArgumentException.class, () -> new HintArm("twice", List.of(off, on)));
    }

    @Test
    void plannerArmsCoverTheIssueSet() {
        List<HintArm> arms = HintArm.plannerArms();
        assertTrue(arms.get(0).isDefault());
        assertEquals(1, arms.stream().filter(HintArm::isDefault).count());
        Set<Set<String>> offSets = new HashSet<>();
        for (HintArm a : arms) {
            Set<String> off = new HashSet<>();
            for (HintArm.Setting s : a.settings()) {
                assertEquals("off", s.value());
                off.add(s.name());
            }
            offSets.add(off);
        }
        assertTrue(offSets.contains(Set.of()));
        assertTrue(offSets.contains(Set.of("enable_nestloop")));
        assertTrue(offSets.contains(Set.of("enable_indexscan", "enable_indexonlyscan", "enable_mergejoin")));
        assertTrue(offSets.contains(
                Set.of("enable_nestloop", "enable_indexscan", "enable_indexonlyscan", "enable_mergejoin")));
        assertTrue(offSets.contains(Set.of("enable_mergejoin")));
        assertEquals(arms.size(), arms.stream().map(HintArm::name).distinct().count());
    }

    @Test
    void vectorArmsSetSearchBreadth() {
        List<HintArm> arms = HintArm.vectorArms();
        assertTrue(arms.get(0).isDefault());
        for (HintArm a : arms.subList(1, arms.size())) {
            assertEquals(1, a.settings().size());
            String name = a.settings().get(0).name();
            assertTrue(name.equals("hnsw.ef_search") || name.equals("ivfflat.probes"), name);
            assertTrue(Integer.parseInt(a.settings().get(0).value()) > 1);
            assertFalse(a.isDefault());
        }
        assertEquals(
                "80",
                arms.stream()
                        .filter(a -> a.name().equals("ef_search_80"))
                        .findFirst()
                        .orElseThrow()
                        .valueOf("hnsw.ef_search"));
        assertNull(arms.get(0).valueOf("hnsw.ef_search"));
    }

    @Test
    void builderRejectsBadValuesAndKeepsTheOldOnes() {
        HintAdvisor.Builder b = HintAdvisor.builder().ensembleSize(7);
        assertThrows(DagArgumentException.class, () -> b.ensembleSize(0));
        assertThrows(DagArgumentException.class, () -> b.ensembleSize(101));
        assertEquals(7, b.ensembleSize);
        assertThrows(DagArgumentException.class, () -> b.guardMinSamples(-1));
        assertThrows(DagArgumentException.class, () -> b.timeoutChargeFactor(Double.NaN));
        assertThrows(DagArgumentException.class, () -> b.timeoutChargeFactor(0.5));
        assertEquals(2.0, b.timeoutChargeFactor);
        assertThrows(DagArgumentException.class, () -> b.statementTimeoutMillis(0));
        assertThrows(DagArgumentException.class, () -> b.arms(List.of()));
        HintArm noNl = HintArm.plannerArms().get(1);
        assertThrows(DagArgumentException.class, () -> b.arms(List.of(noNl)));
        assertThrows(DagArgumentException.class, () -> b.arms(List.of(HintArm.defaultArm(), HintArm.defaultArm())));
        assertThrows(
                DagArgumentException.class,
                () -> b.arms(List.of(HintArm.defaultArm(), new HintArm("other_default", List.of()))));
        assertEquals(HintArm.plannerArms(), b.arms);
        assertEquals(HintArm.plannerArms(), b.build().arms());
    }
}
