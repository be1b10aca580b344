package io.neuraldag.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.neuraldag.attention.AttentionKind;
import io.neuraldag.sona.DagSonaEngine;
import io.neuraldag.sona.Pattern;
import java.util.List;
import org.junit.jupiter.api.Test;

class DagRegistryTest {

    private static DagRegistry registry() {
        return DagRegistry.builder()
                .engineBase(LearningFixtures.fastEngine())
                .defaults(DagConfig.defaults())
                .build();
    }

    @Test
    void theGlobalScopeAlwaysExists() {
        try (DagRegistry r = registry()) {
            DagScope g = r.global();
            assertThat(g.key()).isEqualTo("global");
            assertThat(g.isGlobal()).isTrue();
            assertThat(r.scopes()).containsExactly(g);
            assertThat(r.find("global")).contains(g);
            assertThat(r.find("public.items")).isEmpty();
            assertThat(r.require("global")).isSameAs(g);
            assertThat(r.store()).isEmpty();
            assertThat(r.defaults()).isEqualTo(DagConfig.defaults());
            assertThatThrownBy(() -> r.require("public.items"))
                    .isInstanceOf(DagArgumentException.class)
                    .hasMessageStartingWith("[RV011]");
            assertThat(r.disable("global")).isTrue();
            assertThat(r.disable("global")).isFalse();
            assertThat(g.enabled()).isFalse();
            assertThat(g.toString()).contains("disabled");
            assertThatThrownBy(() -> r.require("global"))
                    .isInstanceOf(DagStateException.class)
                    .hasMessageStartingWith("[RV001]");
            assertThat(r.disable("public.items")).isFalse();
        }
    }

    @Test
    void reconfigureKeepsTheEngineWhenOnlyScopeSettingsChange() {
        try (DagRegistry r = registry()) {
            DagSonaEngine before = r.global().engine();
            r.global().reconfigure(DagConfig.builder().mincutThreshold(0.9).build());
            assertThat(r.global().engine()).isSameAs(before);
            assertThat(r.global().config().mincutThreshold()).isEqualTo(0.9);
        }
    }

    @Test
    void reconfigureMovesLearnedStateToTheNewEngine_seed41() {
        try (DagRegistry r = registry()) {
            DagScope g = r.global();
            LearningFixtures.feed(g.engine(), 4, 40, 41);
            g.engine().runBackgroundCycle();
            List<Pattern> learned = g.engine().reasoningBank().patterns();
            assertThat(learned).isNotEmpty();
            LearningFixtures.feed(g.engine(), 2, 7, 42);
            DagSonaEngine old = g.engine();
            g.reconfigure(DagConfig.builder().learningRate(0.01).build());
            assertThat(g.engine()).isNotSameAs(old);
            assertThat(g.engine().config().learningRate()).isEqualTo(0.01);
            assertThat(g.engine().reasoningBank().patterns()).isEqualTo(learned);
            assertThat(g.engine().trajectoryBuffer().size()).isEqualTo(7);

            // a new adapter rank: the state no longer fits, the patterns are stored again
            g.reconfigure(DagConfig.builder().microLoraRank(4).build());
            assertThat(g.engine().config().loraRank()).isEqualTo(4);
            assertThat(g.engine().reasoningBank().size()).isBetween(1, learned.size());
            assertThat(g.engine().trajectoryBuffer().size()).isEqualTo(7);

            // a fixed mechanism becomes the only one
            g.reconfigure(DagConfig.builder()
                    .microLoraRank(4)
                    .attention(AttentionMechanism.CAUSAL_CONE)
                    .build());
            assertThat(g.engine().config().mechanisms()).containsExactly(AttentionKind.CAUSAL_CONE);
        }
    }

    @Test
    void aClosedScopeCannotBeReconfigured() {
        DagRegistry r = registry();
        DagScope g = r.global();
        r.close();
        assertThatThrownBy(() -> g.reconfigure(DagConfig.defaults())).isInstanceOf(IllegalStateException.class);
        assertThat(g.enabled()).isFalse();
    }
}
